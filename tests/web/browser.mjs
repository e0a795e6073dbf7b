/*
 * browser.mjs - what the web scenarios' browser scripts share: Debian's
 * chromium, headless, in a new empty profile, driven by playwright-core
 * (which never downloads a browser of its own); a log of the page's
 * console and failed requests; screenshots; and a watch on every request,
 * which must stay on the page's own origin.
 *
 *     const b = await openBrowser(opt);  // opt.out, opt.url, opt.locale,
 *                                         // opt.timezone, opt.timeout_ms,
 *                                         // opt.phone (true or {w, h})
 *     await b.page.goto(opt.url); ... await b.shot("01-x.png");
 *     await b.docShot("answer");         // a docs picture, if asked for
 *     b.checkOrigin();                    // throws on any foreign request
 *     await b.close();
 *
 * A script talks to its Python scenario in JSON lines on stdout (say) and
 * reads plain lines from stdin (nextLine), so that the scenario can change
 * the room between two steps.
 *
 * Pictures for the docs (docs/screens/make-web-screens.sh): with
 * opt.doc_dir (webtest.py sets it from $ECOPPER_SCREENSHOTS), docShot(key)
 * saves the viewport (VIEWPORT as set here, or the phone's), to
 * doc_dir/opt.doc_shots[key]
 * (a scenario names the moments it wants); otherwise it does nothing.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { chromium } from "playwright-core";

const CHROMIUM = process.env.ECOPPER_CHROMIUM || "/usr/bin/chromium";
// The page's size: the docs' pictures are this, the viewport only.
const VIEWPORT = { width: 1000, height: 720 };
// opt.phone: a small touch screen, as youths have (the viewport meta tag
// counts, a tap is a touch); opt.phone may give its own {width, height}.
const PHONE = { width: 360, height: 740 };

/* One JSON object as one line on stdout. */
export function say(obj) {
    process.stdout.write(JSON.stringify(obj) + "\n");
}

const input = readline.createInterface({ input: process.stdin });
const pending = [];
const waiting = [];
input.on("line", (line) => {
    const w = waiting.shift();
    if (w)
        w(line);
    else
        pending.push(line);
});
input.on("close", () => {
    while (waiting.length)
        waiting.shift()(null);
});

/* The next line from stdin (null at its end). */
export function nextLine() {
    if (pending.length)
        return Promise.resolve(pending.shift());
    return new Promise((resolve) => waiting.push(resolve));
}

/* Stops reading stdin, so that the script can exit. */
export function endInput() {
    input.close();
}

export async function openBrowser(opt) {
    fs.mkdirSync(opt.out, { recursive: true });
    // Screenshots of an earlier run would pass for this one's.
    for (const f of fs.readdirSync(opt.out))
        if (f.endsWith(".png"))
            fs.rmSync(path.join(opt.out, f), { force: true });
    const logPath = path.join(opt.out, "browser.log");
    const log = fs.createWriteStream(logPath, { flags: "w" });
    const note = (line) => log.write(`${new Date().toISOString()} ${line}\n`);
    const base = new URL(opt.url);
    const foreign = []; // what left the page's own origin, or CSP refused
    const screenshots = [];

    function watchOrigin(url, what) {
        const u = new URL(url);
        if (u.protocol === "data:" || u.protocol === "blob:")
            return;
        if (u.host !== base.host || !/^(http|ws)s?:$/.test(u.protocol))
            foreign.push(`${what} ${url}`);
    }

    // A new, empty profile each run, in the scenario's temp dir when
    // given (opt.profile_parent): gone with it, or kept with its logs.
    const profile = fs.mkdtempSync(path.join(
        opt.profile_parent || os.tmpdir(), "chromium-profile-"));
    const phone = opt.phone ? Object.assign({}, PHONE,
        typeof opt.phone === "object" ? opt.phone : {}) : null;
    const viewport = phone || VIEWPORT;
    let context;
    try {
        context = await chromium.launchPersistentContext(profile, {
            executablePath: CHROMIUM,
            headless: true,
            args: ["--headless", "--no-sandbox", "--disable-gpu",
                   "--disable-quic", "--no-first-run",
                   "--disable-background-networking",
                   "--disable-component-update", "--disable-sync"],
            locale: opt.locale,
            timezoneId: opt.timezone,
            viewport,
            isMobile: !!phone,
            hasTouch: !!phone,
            timeout: opt.timeout_ms,
        });
    } catch (e) {
        fs.rmSync(profile, { recursive: true, force: true });
        throw e;
    }
    const page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(opt.timeout_ms || 20000);
    page.on("console", (m) => {
        note(`console.${m.type()}: ${m.text()}`);
        // The page's Content-Security-Policy allows its own origin only;
        // anything it refuses is a request that should not exist.
        if (/Content Security Policy/i.test(m.text()))
            foreign.push(`CSP: ${m.text()}`);
    });
    page.on("pageerror", (e) => note(`pageerror: ${e.stack || e}`));
    page.on("request", (r) => watchOrigin(r.url(), r.method()));
    page.on("requestfailed", (r) =>
        note(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    page.on("response", (r) => {
        if (r.status() >= 400)
            note(`HTTP ${r.status()} ${r.url()}`);
    });
    page.on("websocket", (ws) => {
        note(`websocket ${ws.url()}`);
        watchOrigin(ws.url(), "WebSocket");
    });

    return {
        page, note, logPath, screenshots,
        async shot(name) {
            const file = path.join(opt.out, name);
            await page.screenshot({ path: file, fullPage: true });
            screenshots.push(file);
        },
        async docShot(key) {
            const name = opt.doc_dir && opt.doc_shots && opt.doc_shots[key];
            if (!name)
                return;
            // The mouse off the messages (no hover menu in the picture),
            // no caret, animations at their end: the same picture each
            // run, bar the clock and the avatars' colours.
            await page.mouse.move(viewport.width - 1, 0);
            const file = path.join(opt.doc_dir, name);
            await page.screenshot({ path: file, animations: "disabled",
                                    caret: "hide" });
            note(`docs picture ${file}`);
        },
        checkOrigin() {
            if (foreign.length)
                throw new Error("requests outside the page's origin: " +
                                foreign.join(", "));
        },
        async close() {
            await context.close().catch(() => {});
            fs.rmSync(profile, { recursive: true, force: true });
            await new Promise((r) => log.end(r));
        },
    };
}

/* Runs steps(browser) and exits: 0 when it returned, 1 when it threw,
 * after a line {"step": "error", "message", "log", "screenshots"} and a
 * screenshot error.png. */
export async function run(opt, steps) {
    let b = null;
    let failure = null;
    try {
        b = await openBrowser(opt);
        await steps(b);
    } catch (e) {
        failure = e;
        if (b) {
            b.note(`error: ${e && e.stack || e}`);
            await b.shot("error.png").catch((e2) =>
                b.note(`no error screenshot: ${e2}`));
        }
    }
    // Browser gone and profile removed before the last line: the scenario
    // may kill this process as soon as it reads it.
    if (b)
        await b.close();
    endInput();
    if (failure) {
        // Playwright's messages carry terminal colours: drop them.
        const text = String(failure && failure.message || failure)
            .replace(/\x1b\[[0-9;]*m/g, "");
        say({ step: "error", message: text.split("\n").slice(0, 6)
                  .join(" | "),
              log: b && b.logPath, screenshots: b ? b.screenshots : [] });
    }
    process.exit(failure ? 1 : 0);
}

/* What sticks out sideways on page's screen: [] when the page fits its
 * width (no sideways scrolling), else one line per element whose box
 * crosses the left or right edge, and is not clipped by a box that fits
 * (a scrolling list, an overflow: hidden parent). */
export async function overflowing(page) {
    return page.evaluate(() => {
        const w = document.documentElement.clientWidth;
        const out = [];
        const sw = document.documentElement.scrollWidth;
        if (sw > w)
            out.push(`the page is ${sw} px wide on a ${w} px screen`);
        const name = (el) => el.localName +
            (el.id ? "#" + el.id : "") +
            (typeof el.className === "string" && el.className.trim()
                ? "." + el.className.trim().split(/\s+/).slice(0, 2)
                    .join(".") : "");
        const clipped = (el) => {
            for (let a = el.parentElement; a; a = a.parentElement) {
                const s = getComputedStyle(a);
                if (s.overflowX !== "visible") {
                    const r = a.getBoundingClientRect();
                    if (r.left >= -0.5 && r.right <= w + 0.5)
                        return true;
                }
            }
            return false;
        };
        for (const el of document.querySelectorAll("body *")) {
            const s = getComputedStyle(el);
            if (s.display === "none" || s.visibility === "hidden")
                continue;
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0)
                continue;
            if ((r.right > w + 0.5 || r.left < -0.5) && !clipped(el))
                out.push(`${name(el)} spans ${Math.round(r.left)}..` +
                         `${Math.round(r.right)} px`);
        }
        return out.slice(0, 12);
    });
}

/* axe-core's serious and critical WCAG 2.1 A/AA violations on page now,
 * as lines ("rule (impact): target: summary"); [] when there are none.
 * axe runs through the DevTools protocol (page.evaluate), which the
 * page's Content-Security-Policy does not apply to: nothing is added to
 * the page itself. */
let axeSource = null;
export async function axeViolations(page) {
    if (axeSource === null) {
        const require = (await import("node:module"))
            .createRequire(import.meta.url);
        axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"),
                                    "utf8");
    }
    if (!(await page.evaluate(() => !!window.axe)))
        await page.evaluate(axeSource + "\n;0");
    return page.evaluate(async () => {
        const r = await window.axe.run(document, {
            runOnly: { type: "tag", values: ["wcag2a", "wcag2aa",
                                             "wcag21a", "wcag21aa"] },
            resultTypes: ["violations"],
        });
        const out = [];
        for (const v of r.violations) {
            if (v.impact !== "serious" && v.impact !== "critical")
                continue;
            for (const n of v.nodes.slice(0, 5))
                out.push(`${v.id} (${v.impact}): ${n.target.join(" ")}: ` +
                         (n.failureSummary || "").replace(/\s+/g, " ")
                             .slice(0, 160));
        }
        return out;
    });
}
