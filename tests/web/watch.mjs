/*
 * watch.mjs - the browser side of test_watch.py: "Just watch" on a phone.
 * The youth taps it instead of picking a nickname: the page is in the
 * room under a generated nickname ("Katsoja 1234"), shows what is said
 * and has no message box. A reload keeps watching. One tap on "Join the
 * conversation", a nickname in the labelled field, and the youth writes
 * under it, still in the room.
 *
 *     node tests/web/watch.mjs OPTIONS_JSON
 *
 * OPTIONS_JSON: {url, out, nick, locale, watcher, said, question,
 * timeout_ms}. Steps:
 *   {"step": "watching", "nick", "jid"}  in as a watcher, no message box
 *   reads a line (the officer said opt.said), waits for it, reloads:
 *   {"step": "still_watching", "nick", "jid"}
 *   joins under opt.nick and sends opt.question:
 *   {"step": "joined", "screenshots"}
 */
import { nextLine, run, say } from "./browser.mjs";

const opt = JSON.parse(process.argv[2] || "{}");

async function watcherIn(page, nick) {
    await page.waitForFunction((o) => {
        const n = window.ecopperWeb.nick();
        return n && (o.nick ? n === o.nick : n.startsWith(o.watcher + " "));
    }, { nick, watcher: opt.watcher });
    const nickNow = await page.evaluate(() => window.ecopperWeb.nick());
    // No way to write: Converse's message box is not shown.
    if (await page.locator("textarea.chat-textarea").isVisible())
        throw new Error(`watching as ${nickNow}, yet a message box shows ` +
            `(body: ${await page.evaluate(() => document.body.className)})`);
    if (await page.locator('.muc-nickname-form input[name="nick"]')
        .isVisible())
        throw new Error("watching, yet the nickname form shows");
    return nickNow;
}

await run(opt, async (b) => {
    const page = b.page;
    await page.goto(opt.url);
    await page.waitForSelector('body[data-room-state="open"]');
    const watch = page.locator("#ecopper-watch");
    await watch.waitFor({ state: "visible" });
    await b.shot("01-offer.png");
    await watch.tap();
    const nick = await watcherIn(page, null);
    await page.locator("#ecopper-join-open").waitFor({ state: "visible" });
    await b.shot("02-watching.png");
    say({ step: "watching", nick,
          jid: await page.evaluate(() => window.ecopperWeb.jid()) });

    if ((await nextLine()) === null)
        throw new Error("stdin closed before the officer spoke");
    await page.locator(".chat-msg__text", { hasText: opt.said }).first()
        .waitFor();
    await page.reload();
    await watcherIn(page, nick);
    await page.locator(".chat-msg__text", { hasText: opt.said }).first()
        .waitFor();
    say({ step: "still_watching", nick,
          jid: await page.evaluate(() => window.ecopperWeb.jid()) });

    // One tap, a nickname in a labelled field, and in the conversation.
    await page.locator("#ecopper-join-open").tap();
    const field = page.getByLabel(await page.evaluate(() =>
        window.ecopperWeb.text("join_label")));
    await field.fill(opt.nick);
    await page.locator("#ecopper-join-send").tap();
    await page.waitForFunction((n) => window.ecopperWeb.nick() === n,
                               opt.nick);
    const box = page.locator("textarea.chat-textarea");
    await box.waitFor({ state: "visible" });
    await page.locator("#ecopper-join-form").waitFor({ state: "hidden" });
    await box.fill(opt.question);
    await box.press("Enter");
    await page.locator(".chat-msg__text", { hasText: opt.question }).first()
        .waitFor();
    await b.shot("03-joined.png");
    b.checkOrigin();
    say({ step: "joined", screenshots: b.screenshots });
});
