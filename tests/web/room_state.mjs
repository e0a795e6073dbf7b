/*
 * room_state.mjs - the browser side of test_room_state.py: the page's
 * open/closed notice follows the room's disco#info (x-ecopper#open,
 * x-ecopper#next), and a closed room hides the chat.
 *
 *     node tests/web/room_state.mjs OPTIONS_JSON
 *
 * OPTIONS_JSON: {url, out, nick, locale, timezone, timeout_ms}. Steps:
 *   opens the page, waits for the notice to say "closed", prints
 *   {"step": "closed", "text": NOTICE, "chat_visible": BOOL, "jid": JID};
 *   reads a line from stdin (the scenario has opened the room), reloads,
 *   waits for "open", enters the room as nick, prints
 *   {"step": "open", "text": NOTICE, "jid": JID};
 *   reads a line (the warning is due), waits for the room's warning in
 *   the chat, prints {"step": "warned", "text": INFO_LINE};
 *   reads a line (the closing is due), waits for the page to say closed,
 *   prints {"step": "bye", "bye": GOODBYE, "text": NOTICE,
 *   "chat_visible": BOOL, "screenshots": [...]}.
 */
import { nextLine, run, say } from "./browser.mjs";

const opt = JSON.parse(process.argv[2] || "{}");

/* This page's own anonymous JID (its login). */
async function jid(page) {
    return page.evaluate(() => window.ecopperWeb.jid());
}

async function notice(page) {
    return page.evaluate(() =>
        document.getElementById("ecopper-status").textContent);
}

await run(opt, async (b) => {
    const page = b.page;
    await page.goto(opt.url);
    await page.waitForSelector('body[data-room-state="closed"]');
    const chat = page.locator("#ecopper-chat");
    await chat.waitFor({ state: "hidden" });
    await b.shot("01-closed.png");
    say({ step: "closed", text: await notice(page),
          chat_visible: await chat.isVisible(), jid: await jid(page) });

    if ((await nextLine()) === null)
        throw new Error("stdin closed before the room opened");
    // A youth coming back later: a new page, a new anonymous login.
    await page.reload();
    await page.waitForSelector('body[data-room-state="open"]');
    const nick = page.locator('.muc-nickname-form input[name="nick"]');
    await nick.waitFor({ state: "visible" });
    await nick.fill(opt.nick);
    await page.locator('.muc-nickname-form input[type="submit"]').click();
    await page.locator("textarea.chat-textarea").waitFor();
    await b.shot("02-open.png");
    say({ step: "open", text: await notice(page), jid: await jid(page) });

    // The room's warning before closing, in the youth's language.
    if ((await nextLine()) === null)
        throw new Error("stdin closed before the warning");
    const warning = page.locator(".chat-info", { hasText: opt.warning });
    await warning.first().waitFor();
    await b.shot("03-warned.png");
    say({ step: "warned", text: await warning.first().textContent() });

    // The closing: the youth is out, the page says goodbye and when next.
    if ((await nextLine()) === null)
        throw new Error("stdin closed before the closing");
    await page.waitForSelector('body[data-room-state="closed"]');
    const bye = page.locator("#ecopper-bye");
    await bye.waitFor({ state: "visible" });
    await chat.waitFor({ state: "hidden" });
    await b.shot("04-closed-again.png");
    b.checkOrigin();
    say({ step: "bye", bye: await bye.textContent(), text: await notice(page),
          chat_visible: await chat.isVisible(), screenshots: b.screenshots });
});
