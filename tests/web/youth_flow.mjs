/*
 * youth_flow.mjs - the youth's side of test_youth_flow.py: the chat page in
 * headless Chromium (browser.mjs); pick a nickname, enter the room
 * anonymously, ask, and wait for the officer's answer with the officer's
 * verified badge.
 *
 *     node tests/web/youth_flow.mjs OPTIONS_JSON
 *
 * OPTIONS_JSON: {url, out, nick, question, answer, author, hat, locale,
 * heading, held_note, rejected, rejected_note, timeout_ms, doc_shots,
 * doc_dir}; held_note is a regular expression for the room's "waiting for
 * a moderator" line (none: not looked for; given: the page's own label
 * under the question is checked too); rejected, a second question the
 * moderator refuses (none: not asked); rejected_note, a regular expression
 * for the room's "not published" line (default: the English one);
 * doc_shots {answer: FILE} and doc_dir: the docs' picture of the answer
 * (browser.mjs, docShot). The room, the moderator who lets the question
 * through and the officer who answers are the Python scenario's.
 *
 * Prints one JSON line per step:
 *   {"step": "entered", "jid": "...@anon.localhost/..."}  in the room
 *   {"step": "asked"}                                     question sent
 *   {"step": "held"}                 the page marks it (when held_note)
 *   {"step": "answered"}                                  answer seen
 *   {"step": "asked_again"}                               rejected sent
 *   {"step": "done", "screenshots": [...]}                all checks passed
 *   {"step": "error", ...}                                a check failed
 * Screenshots and browser.log go to out. Every wait is for a condition in
 * the page, with a deadline; nothing sleeps.
 */
import { run, say } from "./browser.mjs";

const opt = JSON.parse(process.argv[2] || "{}");

/* The page's own text for key, in its language. */
async function text(page, key) {
    return page.evaluate((k) => window.ecopperWeb.text(k), key);
}

/* Waits until the page's label under the youth's own message question
 * (the ::after of its .chat-msg__message: "waiting for a moderator", "not published")
 * holds want; want null: until it has none. */
async function waitForLabel(page, question, want) {
    await page.waitForFunction((o) => {
        for (const m of document.querySelectorAll(".chat-msg")) {
            const t = m.querySelector(".chat-msg__text");
            const body = m.querySelector(".chat-msg__message");
            if (!t || !body || !t.textContent.includes(o.question))
                continue;
            const c = getComputedStyle(body, "::after").content;
            return o.want === null ? c === "none" || c === "normal"
                                   : c.includes(o.want);
        }
        return false;
    }, { question, want }).catch(async (e) => {
        const seen = await page.evaluate(() =>
            [...document.querySelectorAll(".chat-msg__message")].map((b) =>
                [b.textContent.trim(),
                 getComputedStyle(b, "::after").content]));
        throw new Error(`no label ${JSON.stringify(want)} under ` +
                        `"${question}" (${e.message.split("\n")[0]}); ` +
                        `bodies: ${JSON.stringify(seen)}`);
    });
}

await run(opt, async (b) => {
    const page = b.page;
    await page.goto(opt.url);

    // The notice: the room answered disco#info and is open.
    await page.waitForSelector('body[data-room-state="open"]');
    const lang = opt.locale.split("-")[0];
    const shown = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        heading: document.getElementById("ecopper-heading").textContent,
        status: document.getElementById("ecopper-status").textContent,
    }));
    b.note(`page: ${JSON.stringify(shown)}`);
    if (shown.lang !== lang)
        throw new Error(`page language ${shown.lang}, expected ${lang} ` +
                        `for browser locale ${opt.locale}`);
    if (opt.heading && shown.heading !== opt.heading)
        throw new Error(`heading "${shown.heading}", expected ` +
                        `"${opt.heading}"`);

    // Converse asks for a nickname (the form is its own, translated).
    const nick = page.locator('.muc-nickname-form input[name="nick"]');
    await nick.waitFor({ state: "visible" });
    await nick.fill(opt.nick);
    await b.shot("01-nickname.png");
    await page.locator('.muc-nickname-form input[type="submit"]').click();

    // Entered: the message box is there and our nick is in the list.
    const textarea = page.locator("textarea.chat-textarea");
    await textarea.waitFor({ state: "visible" });
    await page.locator(".occupant-list .occupant-nick",
                       { hasText: opt.nick }).first().waitFor();
    const jid = await page.evaluate(() => window.ecopperWeb.jid());
    if (!jid || !jid.includes("@"))
        throw new Error(`no anonymous JID on the page (${jid})`);
    say({ step: "entered", jid });

    await textarea.fill(opt.question);
    await textarea.press("Enter");
    say({ step: "asked" });

    // ecopper holds the question for a moderator and tells the youth so,
    // from the room itself; the page shows that as an info line.
    if (opt.held_note) {
        await page.locator(".chat-info",
                           { hasText: new RegExp(opt.held_note, "i") })
            .first().waitFor();
        // ... and the page marks the question itself, in the page's
        // language, until the room publishes it.
        await waitForLabel(page, opt.question, await text(page, "held"));
        await b.shot("02-question-held.png");
        say({ step: "held" });
    }

    // The answer, under the officer's name with the verified badge.
    await page.waitForFunction((o) => {
        for (const m of document.querySelectorAll(".chat-msg")) {
            const text = m.querySelector(".chat-msg__text");
            const head = m.querySelector(".chat-msg__heading");
            if (!text || !head || !text.textContent.includes(o.answer))
                continue;
            const author = head.querySelector(".chat-msg__author");
            const badges = [...head.querySelectorAll(".badge")]
                .map((x) => x.textContent.trim());
            return author && author.textContent.includes(o.author) &&
                badges.includes(o.hat);
        }
        return false;
    }, { answer: opt.answer, author: opt.author, hat: opt.hat })
        .catch(async (e) => {
            // Say what the page shows instead.
            const seen = await page.evaluate(() =>
                [...document.querySelectorAll(".chat-msg")].map((m) =>
                    m.textContent.replace(/\s+/g, " ").trim()));
            throw new Error(`no answer by ${opt.author} with badge ` +
                            `"${opt.hat}" (${e.message.split("\n")[0]}); ` +
                            `messages: ${JSON.stringify(seen)}`);
        });
    // The youth's own question is on the page too (let through by the
    // moderator), above the answer.
    await page.locator(".chat-msg__text", { hasText: opt.question })
        .first().waitFor();
    if (opt.held_note)
        await waitForLabel(page, opt.question, null);
    await b.shot("03-answer.png");
    await b.docShot("answer");

    // The officer in the participant list: details show the badge too.
    await page.locator(".occupant-list .occupant-nick",
                       { hasText: opt.author }).first().click();
    await page.locator(".occupant-details .badge", { hasText: opt.hat })
        .first().waitFor();
    await b.shot("04-officer-details.png");

    say({ step: "answered" });

    // A second question, which the moderator does not let through: the
    // page marks it "not published" under ecopper's note saying so.
    if (opt.rejected) {
        // The room's own box (the officer's details have one for private
        // messages too).
        const box = page.locator(
            "converse-muc-bottom-panel textarea.chat-textarea");
        await box.fill(opt.rejected);
        await box.press("Enter");
        await waitForLabel(page, opt.rejected, await text(page, "held"));
        say({ step: "asked_again" }); // and marked as held
        await page.locator(".chat-info", {
            hasText: new RegExp(opt.rejected_note || "not published", "i")
        }).first().waitFor();
        await waitForLabel(page, opt.rejected, await text(page, "rejected"));
        await b.shot("05-question-rejected.png");
    }

    b.checkOrigin();
    say({ step: "done", screenshots: b.screenshots });
});
