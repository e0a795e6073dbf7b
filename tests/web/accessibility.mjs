/*
 * accessibility.mjs - the browser side of test_accessibility.py:
 * axe-core (npm, tests/web/package-lock.json) on the youth page on a
 * phone in each state a youth meets: the nickname form with the "Just
 * watch" offer, watching, in the room with an officer's answer and its
 * verified badge, the report dialog, and the reconnecting notice. No
 * serious or critical WCAG 2.1 A/AA violation in any of them; the
 * nickname field has a label of its own.
 *
 *     node tests/web/accessibility.mjs OPTIONS_JSON
 *
 * OPTIONS_JSON: {url, out, nick, locale, answer, timeout_ms}. Steps:
 *   {"step": "watching", "jid"}; reads a line (the officer answered);
 *   {"step": "done", "states": {STATE: [violations]}, "jid",
 *    "screenshots"}; the script fails when any state has one.
 */
import { axeViolations, nextLine, run, say } from "./browser.mjs";

const opt = JSON.parse(process.argv[2] || "{}");

await run(opt, async (b) => {
    const page = b.page;
    const states = {};
    async function check(state) {
        // Animations at rest before colours are measured.
        await page.waitForTimeout(300);
        states[state] = await axeViolations(page);
        await b.shot(`${Object.keys(states).length}-${state}.png`);
    }

    await page.goto(opt.url);
    await page.waitForSelector('body[data-room-state="open"]');
    const nick = page.locator('.muc-nickname-form input[name="nick"]');
    await nick.waitFor({ state: "visible" });
    // A real label, not the placeholder only.
    const label = await nick.evaluate((el) =>
        el.labels && el.labels.length ? el.labels[0].textContent.trim()
                                      : null);
    if (!label)
        throw new Error("the nickname field has no label");
    await check("nickname-form");

    await page.locator("#ecopper-watch").tap();
    await page.locator("#ecopper-join-open").waitFor({ state: "visible" });
    await check("watching");
    say({ step: "watching",
          jid: await page.evaluate(() => window.ecopperWeb.jid()) });
    if ((await nextLine()) === null)
        throw new Error("stdin closed before the answer");

    await page.locator("#ecopper-join-open").tap();
    await page.locator("#ecopper-join-nick").fill(opt.nick);
    await page.locator("#ecopper-join-send").tap();
    await page.locator("textarea.chat-textarea").waitFor();
    await page.locator(".chat-msg__text", { hasText: opt.answer }).first()
        .waitFor();
    await page.locator(".chat-msg .badge").first().waitFor();
    await check("in-the-room");

    await page.locator("#ecopper-report-open").tap();
    await page.locator("#ecopper-report").waitFor({ state: "visible" });
    await check("report-dialog");
    await page.locator("#ecopper-report-cancel").tap();

    await page.locator("#ecopper-about-label").tap();
    await check("about-open");

    b.checkOrigin();
    const bad = Object.entries(states).filter(([, v]) => v.length);
    if (bad.length)
        throw new Error(bad.map(([s, v]) => `${s}: ${v.join(" | ")}`)
                        .join(" || "));
    say({ step: "done", states, screenshots: b.screenshots,
          jid: await page.evaluate(() => window.ecopperWeb.jid()) });
});
