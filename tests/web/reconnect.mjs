/*
 * reconnect.mjs - the browser side of test_reconnect.py: a youth on a
 * phone (360x740, touch) enters under a nickname, then reloads the page
 * and later loses the network for a while; each time the page comes back
 * to the room under the same nickname, without asking for one, and shows
 * what was said meanwhile. While the network is down it says
 * "reconnecting" in the youth's language.
 *
 *     node tests/web/reconnect.mjs OPTIONS_JSON
 *
 * OPTIONS_JSON: {url, out, nick, locale, said, answer, while_away,
 * reconnecting, timeout_ms, doc_shots {away: FILE}, doc_dir}. The page's address goes through a relay that
 * the scenario cuts. Steps (JSON lines):
 *   {"step": "entered", "jid"}     in the room; said sent
 *   reads a line (the officer's answer is out), waits for it,
 *   reloads:
 *   {"step": "reloaded", "jid"}    back in under nick, answer and own
 *                                  words shown again
 *   reads a line (the network is cut):
 *   {"step": "away", "text"}       the notice says reconnecting
 *   reads a line (the network is back; while_away said meanwhile):
 *   {"step": "back", "jid", "nicks", "screenshots"}
 */
import { nextLine, run, say } from "./browser.mjs";

const opt = JSON.parse(process.argv[2] || "{}");

async function jid(page) {
    return page.evaluate(() => window.ecopperWeb.jid());
}

/* Waits until the youth is in the room again under opt.nick (the message
 * box shows, the own nick is in the list) without the nickname form. */
async function backIn(page, what) {
    await page.waitForFunction((nick) => {
        const box = document.querySelector("textarea.chat-textarea");
        return box && box.offsetParent !== null &&
            window.ecopperWeb.nick() === nick &&
            window.ecopperWeb.nicks().includes(nick);
    }, opt.nick).catch(async (e) => {
        const form = await page.locator(".muc-nickname-form").count();
        throw new Error(`${what}: not back in the room as ${opt.nick} ` +
                        `(nickname form shown: ${form > 0}): ` +
                        e.message.split("\n")[0]);
    });
}

/* The nicks present, as the page sees them. */
async function nicks(page) {
    return page.evaluate(() => window.ecopperWeb.nicks());
}

function message(page, text) {
    return page.locator(".chat-msg__text", { hasText: text }).first();
}

await run(opt, async (b) => {
    const page = b.page;
    await page.goto(opt.url);
    await page.waitForSelector('body[data-room-state="open"]');
    const nick = page.locator('.muc-nickname-form input[name="nick"]');
    await nick.waitFor({ state: "visible" });
    await nick.fill(opt.nick);
    await page.locator('.muc-nickname-form input[type="submit"]').tap();
    await backIn(page, "first entry");
    const box = page.locator("textarea.chat-textarea");
    await box.fill(opt.said);
    await box.press("Enter");
    await message(page, opt.said).waitFor();
    say({ step: "entered", jid: await jid(page) });

    if ((await nextLine()) === null)
        throw new Error("stdin closed before the answer");
    await message(page, opt.answer).waitFor();
    await b.shot("01-answer.png");

    // A reload: a new anonymous login; the same nick, the chat so far.
    const first = await jid(page);
    await page.reload();
    await backIn(page, "after the reload");
    await message(page, opt.answer).waitFor();
    await message(page, opt.said).waitFor();
    await b.shot("02-reloaded.png");
    const second = await jid(page);
    if (second === first)
        throw new Error("the reload kept the old login " + first);
    say({ step: "reloaded", jid: second });

    // The network goes: the notice says reconnecting, in the language.
    if ((await nextLine()) === null)
        throw new Error("stdin closed before the cut");
    await page.waitForSelector('body[data-connection="away"]');
    const status = page.locator("#ecopper-status");
    await page.waitForFunction((t) => document.getElementById(
        "ecopper-status").textContent === t, opt.reconnecting);
    await b.shot("03-reconnecting.png");
    await b.docShot("away");
    say({ step: "away", text: await status.textContent() });

    // ... and comes back: the same nick, what was said meanwhile.
    if ((await nextLine()) === null)
        throw new Error("stdin closed before the network came back");
    await backIn(page, "after the network came back");
    await page.waitForSelector('body[data-connection="online"]');
    await message(page, opt.while_away).waitFor();
    await message(page, opt.answer).waitFor();
    await b.shot("04-back.png");
    b.checkOrigin();
    say({ step: "back", jid: await jid(page), nicks: await nicks(page),
          screenshots: b.screenshots });
});
