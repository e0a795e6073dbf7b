/*
 * closed_join.mjs - the browser side of test_closed_join.py: a youth on a
 * phone fills in the nickname form while the room is open and sends it
 * just after closing. The page shows only its closed notice with the
 * next session (not Converse's "You are not allowed to create new
 * groupchats"), hides the chat, and has read the room's state again at
 * once; when the room opens again the nickname form is back.
 *
 *     node tests/web/closed_join.mjs OPTIONS_JSON
 *
 * OPTIONS_JSON: {url, out, nick, locale, timezone, timeout_ms}. Steps:
 *   {"step": "ready"}   open, nickname typed; reads a line (closed now)
 *   {"step": "refused", "text": NOTICE, "chat_visible", "visible_text"}
 *   reads a line (open again; the page is told to look, as its
 *   status_refresh timer would), waits for the nickname form:
 *   {"step": "form_back", "jid", "screenshots"}
 */
import { nextLine, run, say } from "./browser.mjs";

const opt = JSON.parse(process.argv[2] || "{}");

await run(opt, async (b) => {
    const page = b.page;
    await page.goto(opt.url);
    await page.waitForSelector('body[data-room-state="open"]');
    const nick = page.locator('.muc-nickname-form input[name="nick"]');
    await nick.waitFor({ state: "visible" });
    await nick.fill(opt.nick);
    say({ step: "ready" });

    if ((await nextLine()) === null)
        throw new Error("stdin closed before the closing");
    const t0 = Date.now();
    await page.locator('.muc-nickname-form input[type="submit"]').tap();
    // Well before the page's own status_refresh (60 s) would look.
    await page.waitForSelector('body[data-room-state="closed"]',
                               { timeout: 10000 });
    const chat = page.locator("#ecopper-chat");
    await chat.waitFor({ state: "hidden" });
    await page.waitForFunction(() => /\d/.test(
        document.getElementById("ecopper-status").textContent));
    await b.shot("01-refused.png");
    b.note(`closed notice after ${Date.now() - t0} ms`);
    say({ step: "refused",
          text: await page.locator("#ecopper-status").textContent(),
          chat_visible: await chat.isVisible(),
          visible_text: await page.evaluate(() => document.body.innerText) });

    if ((await nextLine()) === null)
        throw new Error("stdin closed before the opening");
    await page.evaluate(() => window.ecopperWeb.refresh());
    await page.waitForSelector('body[data-room-state="open"]');
    await nick.waitFor({ state: "visible" });
    await b.shot("02-form-back.png");
    b.checkOrigin();
    say({ step: "form_back", screenshots: b.screenshots,
          jid: await page.evaluate(() => window.ecopperWeb.jid()) });
});
