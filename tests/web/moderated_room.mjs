/*
 * moderated_room.mjs - the youth's side of test_moderated_room.py: the chat
 * page in headless Chromium (browser.mjs) in a moderated room, where a
 * youth enters as a visitor without voice. The page's "Ask to speak"
 * button sends a XEP-0045 §7.13 voice request; its "Report" form sends an
 * abuse report to the room.
 *
 *     node tests/web/moderated_room.mjs OPTIONS_JSON
 *
 * OPTIONS_JSON: {url, out, nick, locale, timeout_ms, visitor, report,
 * voice, voice_retry, doc_shots, doc_dir}:
 *   visitor false: the room is not moderated; the youth enters with voice
 *           (default true: as a visitor)
 *   report  {nick, what, thanks}: report nick for what from the page's
 *           form, then wait for ecopper's answer (thanks, a regular
 *           expression) in the chat, and for the page's own words
 *           (key status, default report_told) under it; none: no report
 *   voice   {expect: "granted", message} or {expect: "denied",
 *           denied_text, again}: ask to speak; "granted": wait for the
 *           message box, then write message; "denied": wait for
 *           ecopper's refusal (denied_text, a regular expression) in the
 *           chat and the page's own words (voice_denied) under it, then
 *           check that the youth still cannot write and the button is
 *           off; with again, wait until the button is back and ask
 *           again: ecopper says "too soon" and the button is off again;
 *           none: do not ask
 *   voice_retry  seconds the button stays off (the page's config
 *           voice_retry, default 60)
 *   doc_shots {visitor: FILE}, doc_dir: the docs' picture of the
 *           visitor's page with Ask to speak (browser.mjs, docShot)
 *
 * Prints one JSON line per step:
 *   {"step": "entered", "jid", "ask_label"}   in the room (as a visitor)
 *   {"step": "reported", "status"}             ecopper's answer shown
 *   {"step": "asked"}                          voice request sent
 *   {"step": "spoke"}                          had voice, wrote message
 *   {"step": "still_visitor", "status"}        refused: still no box
 *   {"step": "too_soon", "status"}             asked again: refused
 *   {"step": "done", "screenshots": [...]}     all checks passed
 *   {"step": "error", ...}                     a check failed
 * Every wait is for a condition in the page, with a deadline.
 */
import { run, say } from "./browser.mjs";

const opt = JSON.parse(process.argv[2] || "{}");

/* The page's own text for key, in its language. */
async function text(page, key) {
    return page.evaluate((k) => window.ecopperWeb.text(k), key);
}

async function actionStatus(page) {
    return page.evaluate(() =>
        document.getElementById("ecopper-action-status").textContent);
}

await run(opt, async (b) => {
    const page = b.page;
    if (opt.voice_retry) {
        // config.js's voice_retry, whatever the file says.
        await page.addInitScript((secs) => {
            let v;
            Object.defineProperty(window, "ecopperConfig", {
                configurable: true,
                get() { return v; },
                set(x) { v = Object.assign({}, x, { voice_retry: secs }); }
            });
        }, opt.voice_retry);
    }
    await page.goto(opt.url);
    await page.waitForSelector('body[data-room-state="open"]');
    const nick = page.locator('.muc-nickname-form input[name="nick"]');
    await nick.waitFor({ state: "visible" });
    await nick.fill(opt.nick);
    await page.locator('.muc-nickname-form input[type="submit"]').click();

    const ask = page.locator("#ecopper-voice-ask");
    if (opt.visitor === false) {
        // Voice from the start: the box, and nothing to ask for.
        await page.locator("textarea.chat-textarea").waitFor();
        await page.locator("#ecopper-report-open").waitFor();
        if (await ask.isVisible())
            throw new Error("Ask to speak shown to a youth with voice");
    } else {
        // A visitor: Converse says that it may not write; the page
        // offers to ask for voice.
        await page.locator(".muc-bottom-panel--muted").waitFor();
        await ask.waitFor({ state: "visible" });
        if (await page.locator("textarea.chat-textarea").count() !== 0)
            throw new Error("a visitor has a message box");
        await b.shot("01-visitor.png");
        await b.docShot("visitor");
    }
    say({ step: "entered", jid: await page.evaluate(() =>
        window.ecopperWeb.jid()), ask_label: await ask.textContent() });

    if (opt.report) {
        await page.locator("#ecopper-report-open").click();
        const dialog = page.locator("#ecopper-report");
        await dialog.waitFor({ state: "visible" });
        await dialog.locator('select[name="nick"]')
            .selectOption({ label: opt.report.nick });
        await dialog.locator('textarea[name="what"]').fill(opt.report.what);
        await b.shot("02-report-form.png");
        await page.locator("#ecopper-report-send").click();
        await dialog.waitFor({ state: "hidden" });
        // ecopper's answer as a line in the chat, and the page's thanks,
        // in its language, under it.
        await page.locator(".chat-info",
                           { hasText: new RegExp(opt.report.thanks) })
            .first().waitFor();
        const told = await text(page, opt.report.status || "report_told");
        await page.waitForFunction((t) => document.getElementById(
            "ecopper-action-status").textContent === t, told);
        await b.shot("03-reported.png");
        say({ step: "reported", status: await actionStatus(page) });
    }

    if (opt.voice) {
        await ask.click();
        const sent = await text(page, "voice_sent");
        await page.waitForFunction((t) => document.getElementById(
            "ecopper-action-status").textContent === t, sent);
        if (!await ask.isDisabled())
            throw new Error("the button still asks after a request");
        await b.shot("04-voice-asked.png");
        say({ step: "asked" });

        const textarea = page.locator("textarea.chat-textarea");
        if (opt.voice.expect === "granted") {
            // Voice given: Converse's message box is back, the button gone.
            await textarea.waitFor({ state: "visible" });
            await page.locator("#ecopper-voice").waitFor({ state: "hidden" });
            const granted = await text(page, "voice_granted");
            await page.waitForFunction((t) => document.getElementById(
                "ecopper-action-status").textContent === t, granted);
            await textarea.fill(opt.voice.message);
            await textarea.press("Enter");
            await page.locator(".chat-msg__text",
                               { hasText: opt.voice.message }).first()
                .waitFor();
            await b.shot("05-voice-granted.png");
            say({ step: "spoke" });
        } else {
            // The moderator refused: ecopper's words in the chat, the
            // page's own under it.
            await page.locator(".chat-info",
                               { hasText: new RegExp(opt.voice.denied_text) })
                .first().waitFor();
            const denied = await text(page, "voice_denied");
            await page.waitForFunction((t) => document.getElementById(
                "ecopper-action-status").textContent === t, denied);
            if (await textarea.count() !== 0)
                throw new Error("a refused visitor has a message box");
            if (!await page.locator(".muc-bottom-panel--muted").isVisible())
                throw new Error("Converse no longer says that the " +
                                "visitor may not write");
            if (!await page.locator("#ecopper-voice").isVisible() ||
                !await ask.isDisabled())
                throw new Error("the request button is gone or active " +
                                "again right after a refusal");
            await b.shot("05-voice-refused.png");
            say({ step: "still_visitor", status: await actionStatus(page) });
            if (opt.voice.again) {
                // voice_retry later the button is back; ecopper counts
                // from the refusal and says when to ask again.
                await page.waitForFunction(() => !document.getElementById(
                    "ecopper-voice-ask").disabled);
                await ask.click();
                const failed = (await text(page, "voice_failed"))
                    .split("{why}")[0];
                await page.waitForFunction((p) => {
                    const t = document.getElementById(
                        "ecopper-action-status").textContent;
                    return t.startsWith(p) && t.length > p.length;
                }, failed);
                if (!await ask.isDisabled())
                    throw new Error("the button is active right after " +
                                    "ecopper said to wait");
                await b.shot("06-voice-too-soon.png");
                say({ step: "too_soon", status: await actionStatus(page) });
            }
        }
    }

    b.checkOrigin();
    say({ step: "done", screenshots: b.screenshots });
});
