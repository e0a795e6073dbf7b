/*
 * phone_layout.mjs - the browser side of test_phone_layout.py: the youth
 * page on phone screens 320, 360 and 414 px wide (touch): nothing sticks
 * out sideways (no sideways scrolling, the send button whole), before
 * entering (the nickname form) and in the room, and the report dialog
 * fits; once in the room the header folds, so that the chat gets most
 * of the screen, and a tap opens the folded texts again.
 *
 *     node tests/web/phone_layout.mjs OPTIONS_JSON
 *
 * OPTIONS_JSON: {url, out, nick, locale, widths, height, timeout_ms,
 * doc_shots {room: FILE}, doc_dir}.
 * Prints {"step": "done", "sizes": {WIDTH: {header, chat}}, ...} when
 * every check passed; a check that fails names what sticks out.
 */
import { overflowing, run, say } from "./browser.mjs";

const opt = JSON.parse(process.argv[2] || "{}");
const widths = opt.widths || [320, 360, 414];
const height = opt.height || 740;

async function fits(b, what) {
    for (const width of widths) {
        await b.page.setViewportSize({ width, height });
        // A frame for the layout to follow.
        await b.page.evaluate(() => new Promise(requestAnimationFrame));
        const bad = await overflowing(b.page);
        if (bad.length) {
            await b.shot(`wide-${what}-${width}.png`);
            throw new Error(`${what} at ${width} px: ${bad.join("; ")}`);
        }
    }
}

/* Heights in px of the header and of the chat at each width. */
async function share(page) {
    const sizes = {};
    for (const width of widths) {
        await page.setViewportSize({ width, height });
        await page.evaluate(() => new Promise(requestAnimationFrame));
        sizes[width] = await page.evaluate(() => ({
            header: Math.round(document.querySelector(".ecopper-header")
                .getBoundingClientRect().height),
            chat: Math.round(document.querySelector("converse-root")
                .getBoundingClientRect().height),
        }));
    }
    return sizes;
}

await run(opt, async (b) => {
    const page = b.page;
    await page.goto(opt.url);
    await page.waitForSelector('body[data-room-state="open"]');
    const nick = page.locator('.muc-nickname-form input[name="nick"]');
    await nick.waitFor({ state: "visible" });
    await b.shot("01-nickname.png");
    await fits(b, "the nickname form");

    await page.setViewportSize({ width: 360, height });
    await nick.fill(opt.nick);
    await page.locator('.muc-nickname-form input[type="submit"]').tap();
    await page.waitForFunction((n) => window.ecopperWeb.nick() === n,
                               opt.nick);
    const box = page.locator("textarea.chat-textarea");
    await box.waitFor({ state: "visible" });
    await box.fill("Moi!");
    await box.press("Enter");
    await page.locator(".chat-msg__text", { hasText: "Moi!" }).first()
        .waitFor();
    await fits(b, "the room");
    const sizes = await share(page);
    for (const [width, s] of Object.entries(sizes)) {
        if (s.header > height * 0.2)
            throw new Error(`at ${width} px the header still takes ` +
                            `${s.header} of ${height} px in the room`);
        if (s.chat < height * 0.6)
            throw new Error(`at ${width} px the chat gets only ` +
                            `${s.chat} of ${height} px`);
    }
    await page.setViewportSize({ width: 360, height });
    await b.shot("02-in-the-room.png");
    await b.docShot("room");

    // The folded texts are a tap away.
    await page.locator("#ecopper-about-label").tap();
    await page.locator("#ecopper-intro").waitFor({ state: "visible" });
    await page.locator("#ecopper-about-label").tap();
    await page.locator("#ecopper-intro").waitFor({ state: "hidden" });

    // The report dialog fits too.
    await page.locator("#ecopper-report-open").tap();
    await page.locator("#ecopper-report").waitFor({ state: "visible" });
    await fits(b, "the report dialog");
    await page.setViewportSize({ width: 360, height });
    await b.shot("03-report.png");
    await page.locator("#ecopper-report-cancel").tap();

    b.checkOrigin();
    say({ step: "done", sizes, screenshots: b.screenshots,
          jid: await page.evaluate(() => window.ecopperWeb.jid()) });
});
