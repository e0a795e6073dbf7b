/*
 * language.mjs - the browser side of test_language.py: the youth page in
 * one language (opt.locale) on a phone, through what a youth sees of
 * Converse.js: the nickname form, the room with an officer's answer, the
 * room's menu, its details window and the participants. Says what is
 * shown (texts, titles, labels) and which of Converse's strings the page
 * still showed untranslated (ecopperWeb.untranslated()).
 *
 *     node tests/web/language.mjs OPTIONS_JSON
 *
 * OPTIONS_JSON: {url, out, nick, locale, timezone, answer, timeout_ms}.
 * Steps:
 *   {"step": "seen", "jid", "lang", "states": {STATE: {text, attrs}},
 *    "untranslated": [msgid...], "times": [shown message times],
 *    "days": [day separators], "page_errors", "screenshots"}
 */
import { run, say } from "./browser.mjs";

const opt = JSON.parse(process.argv[2] || "{}");

/* What the page shows now: its visible text and every title,
 * aria-label and placeholder (Converse's included). */
async function shown(page) {
    return page.evaluate(() => {
        const attrs = [];
        for (const el of document.querySelectorAll("body *")) {
            for (const a of ["title", "aria-label", "placeholder"])
                if (el.getAttribute(a))
                    attrs.push(el.getAttribute(a));
        }
        return { text: document.body.innerText, attrs };
    });
}

await run(opt, async (b) => {
    const page = b.page;
    const states = {};
    const page_errors = [];
    page.on("pageerror", (e) => page_errors.push(String(e)));
    await page.goto(opt.url);
    await page.waitForSelector('body[data-room-state="open"]');
    const nick = page.locator('.muc-nickname-form input[name="nick"]');
    await nick.waitFor({ state: "visible" });
    states["nickname-form"] = await shown(page);
    await b.shot("01-form.png");

    await nick.fill(opt.nick);
    await page.locator('.muc-nickname-form input[type="submit"]').tap();
    await page.locator("textarea.chat-textarea").waitFor();
    await page.locator(".chat-msg__text", { hasText: opt.answer }).first()
        .waitFor();
    await page.locator(".chat-msg .badge").first().waitFor();
    states.room = await shown(page);
    await b.shot("02-room.png");

    // The room's menu (the heading's dropdown).
    await page.locator("converse-muc-heading .dropdown-toggle").tap();
    await page.locator("converse-muc-heading .dropdown-menu.show")
        .waitFor();
    states.menu = await shown(page);
    await b.shot("03-menu.png");

    // The participants, shown from the menu, then hidden again.
    await page.locator("converse-muc-heading .dropdown-item",
                       { has: page.locator(".fa-users") }).tap();
    await page.locator("converse-muc-sidebar").first()
        .waitFor({ state: "visible" });
    states.participants = await shown(page);
    await b.shot("04-participants.png");
    await page.locator("converse-muc-heading .dropdown-toggle").tap();
    await page.locator("converse-muc-heading .dropdown-item",
                       { has: page.locator(".fa-users") }).tap();

    // The room's details window, from the menu.
    await page.locator("converse-muc-heading .dropdown-toggle").tap();
    await page.locator("converse-muc-heading .show-muc-details-modal").tap();
    const modal = page.locator("converse-muc-details-modal .modal-body");
    await modal.waitFor({ state: "visible" });
    await page.waitForTimeout(300); // its fade-in
    states.details = await shown(page);
    await b.shot("05-details.png");
    await page.locator('converse-muc-details-modal [data-bs-dismiss="modal"]').first()
        .tap();

    const lang = await page.evaluate(() => window.ecopperWeb.language);
    const untranslated = await page.evaluate(() =>
        window.ecopperWeb.untranslated());
    const times = await page.locator(".chat-msg__time").allTextContents();
    const days = await page.locator(".date-separator .separator-text")
        .allTextContents();
    b.checkOrigin();
    say({ step: "seen", lang, states, untranslated, times, days, page_errors,
          screenshots: b.screenshots,
          jid: await page.evaluate(() => window.ecopperWeb.jid()) });
});
