/*
 * ecopper-web.js - the youth-facing chat page: Converse.js as a widget for
 * one ecopper room, with an anonymous login, the room joined at once (the
 * youth only picks a nickname), the interface in the language the browser
 * prefers, and a notice saying whether the room is open now.
 *
 * Loaded by index.html, as a module, after config.js (window.ecopperConfig)
 * and the module dist/converse.min.js (window.converse; `make web` puts
 * Converse.js's files in dist/). Everything comes from the page's own
 * origin: no CDN, no discovery of connection methods, no emoji images or
 * link previews from elsewhere.
 *
 * The open/closed notice comes from the room's disco#info (XEP-0045 §6.4):
 * its muc#roominfo form (XEP-0128) may carry
 *   x-ecopper#open  boolean ("1"/"true" or "0"/"false"): open right now
 *   x-ecopper#next  XEP-0082 date-time (UTC): the next session's start
 * A room that answers without x-ecopper#open is open. A room that does not
 * answer (no such room, ecopper down) is "not available". While the room
 * is not open and the youth has not entered it, the chat area is hidden,
 * so nobody types a nickname only to be refused; the state is looked at
 * again every config.status_refresh seconds.
 *
 * Below the chat, once the youth is in the room, the page adds what
 * Converse.js 14 lacks:
 *   - "Ask to speak" for a visitor in a moderated room (muc_moderated):
 *     the XEP-0045 §7.13 voice request, sent over Converse's connection;
 *     ecopper hands it to the moderators (§8.6). When voice comes, the
 *     page has Converse redraw its input area (it would not by itself).
 *     When a moderator refuses, ecopper's words (marked voice-denied) go
 *     in the chat and the page says so; the button is off for
 *     config.voice_retry seconds after each request, refusal or "too
 *     soon" from ecopper.
 *   - "Report": a form that sends "report NICK: what happened" to the
 *     room's bare JID (ecopper's abuse reports, component/muc.c) and shows
 *     ecopper's answer.
 *   - A label under the youth's own question while ecopper holds it for a
 *     moderator (queue mode), and "not published" when refused.
 *
 * For tests and the curious: window.ecopperWeb.state ("checking", "open",
 * "closed", "unavailable"), .jid() (this browser's own anonymous JID),
 * .nick() (its nick in the room, null when not in), .nicks() (everyone
 * present), .refresh() (reads the room's state now) and .text(key) (the page's text for key in its language);
 * <body data-room-state> mirrors the state, <body data-connection>
 * "online" or "away" (reconnecting).
 */
(function () {
    "use strict";

    var NS_DISCO_INFO = "http://jabber.org/protocol/disco#info";
    var NS_DATA = "jabber:x:data";
    var NS_MUC_REQUEST = "http://jabber.org/protocol/muc#request";
    var NS_STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    var NS_MUC_USER = "http://jabber.org/protocol/muc#user";
    var ROOMINFO = "http://jabber.org/protocol/muc#roominfo";
    var FIELD_OPEN = "x-ecopper#open";
    var FIELD_NEXT = "x-ecopper#next";

    // The page's own texts; Converse.js brings its own translations.
    // locale: how dates and times are written (CLDR, by the browser's
    // Intl): the language as written in Finland, as ecopper's catalogues
    // write theirs (conf/lang cldr_locale; Ukrainian as in Ukraine).
    var TEXTS = {
        en: {
            locale: "en-FI",
            heading: "Ask the police",
            intro: "An anonymous chat with police officers and youth " +
                "workers. You do not need to tell who you are.",
            privacy: "Pick a nickname that is not your real name, and do " +
                "not write your address or phone number.",
            checking: "Checking whether the chat is open…",
            open: "Open now",
            closed: "Closed.",
            closed_next: "Closed. Next session: {when}",
            unavailable: "The chat is not available right now. Try " +
                "again later.",
            staff_note: "Police officers and youth workers are marked " +
                "with a verified badge next to their name.",
            languages: "Language",
            voice_note: "In this room you can write once a moderator " +
                "gives you the floor.",
            voice_ask: "Ask to speak",
            voice_sent: "Request sent. A moderator decides; the message " +
                "box appears when you may write.",
            voice_granted: "You may write now.",
            voice_failed: "The request was not sent: {why}",
            voice_denied: "A moderator did not let you write this time. " +
                "You can ask again later.",
            report_open: "Report",
            report_title: "Report someone to the moderators",
            report_who: "Who?",
            report_what: "What happened?",
            report_send: "Send report",
            report_cancel: "Cancel",
            report_nobody: "Nobody else is in the room.",
            report_sending: "Sending your report…",
            report_failed: "The report was not sent: {why}",
            report_told: "Thank you. The moderators have your report.",
            report_kept: "Thank you. No moderator is here right now; your " +
                "report is kept for the staff.",
            held: "Waiting for a moderator",
            reconnecting: "Connection lost. Reconnecting…",
            about: "About this chat",
            watch: "Just watch",
            watch_note: "Follow the chat without a nickname of your own; " +
                "you can join in later.",
            watcher: "Watcher",
            join_open: "Join the conversation",
            join_label: "Your nickname",
            join_send: "Join",
            join_failed: "That nickname cannot be used: {why}",
            rejected: "Not published"
        },
        fi: {
            locale: "fi-FI",
            heading: "Kysy poliisilta",
            intro: "Nimetön chat poliisien ja nuorisotyöntekijöiden " +
                "kanssa. Sinun ei tarvitse kertoa, kuka olet.",
            privacy: "Valitse nimimerkki, joka ei ole oikea nimesi, " +
                "äläkä kirjoita osoitettasi tai puhelinnumeroasi.",
            checking: "Tarkistetaan, onko chat auki…",
            open: "Auki nyt",
            closed: "Suljettu.",
            closed_next: "Suljettu. Seuraava päivystys: {when}",
            unavailable: "Chat ei ole nyt käytettävissä. Yritä " +
                "myöhemmin uudelleen.",
            staff_note: "Poliisit ja nuorisotyöntekijät on merkitty " +
                "vahvistetulla tunnuksella nimensä vieressä.",
            languages: "Kieli",
            voice_note: "Tässä huoneessa voit kirjoittaa, kun moderaattori " +
                "antaa sinulle puheenvuoron.",
            voice_ask: "Pyydä puheenvuoroa",
            voice_sent: "Pyyntö lähetetty. Moderaattori päättää; " +
                "viestikenttä tulee näkyviin, kun saat kirjoittaa.",
            voice_granted: "Saat nyt kirjoittaa.",
            voice_failed: "Pyyntö ei mennyt perille: {why}",
            voice_denied: "Moderaattori ei antanut sinulle puheenvuoroa " +
                "tällä kertaa. Voit pyytää myöhemmin uudelleen.",
            report_open: "Ilmoita",
            report_title: "Ilmoita jostakusta moderaattoreille",
            report_who: "Kenestä?",
            report_what: "Mitä tapahtui?",
            report_send: "Lähetä ilmoitus",
            report_cancel: "Peruuta",
            report_nobody: "Huoneessa ei ole muita.",
            report_sending: "Ilmoitusta lähetetään…",
            report_failed: "Ilmoitus ei mennyt perille: {why}",
            report_told: "Kiitos. Moderaattorit saivat ilmoituksesi.",
            report_kept: "Kiitos. Moderaattoreita ei ole nyt paikalla; " +
                "ilmoituksesi säilytetään henkilökunnalle.",
            held: "Odottaa moderaattoria",
            reconnecting: "Yhteys katkesi. Yhdistetään uudelleen…",
            about: "Tietoa chatista",
            watch: "Pelkkä seuraaminen",
            watch_note: "Seuraa chattia ilman omaa nimimerkkiä; voit " +
                "liittyä keskusteluun myöhemmin.",
            watcher: "Katsoja",
            join_open: "Liity keskusteluun",
            join_label: "Nimimerkkisi",
            join_send: "Liity",
            join_failed: "Nimimerkkiä ei voi käyttää: {why}",
            rejected: "Ei julkaistu"
        },
        sv: {
            locale: "sv-FI",
            heading: "Fråga polisen",
            intro: "En anonym chatt med poliser och ungdomsarbetare. Du " +
                "behöver inte berätta vem du är.",
            privacy: "Välj ett smeknamn som inte är ditt riktiga namn, " +
                "och skriv inte din adress eller ditt telefonnummer.",
            checking: "Kontrollerar om chatten är öppen…",
            open: "Öppen nu",
            closed: "Stängd.",
            closed_next: "Stängd. Nästa chattpass: {when}",
            unavailable: "Chatten är inte tillgänglig just nu. Försök " +
                "igen senare.",
            staff_note: "Poliser och ungdomsarbetare har en verifierad " +
                "etikett bredvid sitt namn.",
            languages: "Språk",
            voice_note: "I det här rummet kan du skriva när en moderator " +
                "har gett dig ordet.",
            voice_ask: "Be om ordet",
            voice_sent: "Din begäran har skickats. En moderator " +
                "bestämmer; meddelanderutan visas när du får skriva.",
            voice_granted: "Nu får du skriva.",
            voice_failed: "Begäran gick inte fram: {why}",
            voice_denied: "En moderator gav dig inte ordet den här " +
                "gången. Du kan be igen senare.",
            report_open: "Anmäl",
            report_title: "Anmäl någon till moderatorerna",
            report_who: "Vem?",
            report_what: "Vad hände?",
            report_send: "Skicka anmälan",
            report_cancel: "Avbryt",
            report_nobody: "Ingen annan är i rummet.",
            report_sending: "Anmälan skickas…",
            report_failed: "Anmälan gick inte fram: {why}",
            report_told: "Tack. Moderatorerna har fått din anmälan.",
            report_kept: "Tack. Ingen moderator är här just nu; din " +
                "anmälan sparas åt personalen.",
            held: "Väntar på en moderator",
            reconnecting: "Anslutningen bröts. Ansluter igen…",
            about: "Om chatten",
            watch: "Bara titta",
            watch_note: "Följ chatten utan ett eget smeknamn; du kan " +
                "vara med och skriva senare.",
            watcher: "Åskådare",
            join_open: "Var med i samtalet",
            join_label: "Ditt smeknamn",
            join_send: "Gå med",
            join_failed: "Smeknamnet kan inte användas: {why}",
            rejected: "Inte publicerad"
        },
        uk: {
            locale: "uk-UA",
            hour: "2-digit", // CLDR's HH:mm (Intl follows what is asked)
            heading: "Запитай поліцію",
            intro: "Анонімний чат з поліцейськими та молодіжними " +
                "працівниками. Тобі не потрібно казати, хто ти.",
            privacy: "Обери нікнейм, який не є твоїм справжнім ім’ям, " +
                "і не пиши свою адресу чи номер телефону.",
            checking: "Перевіряємо, чи відкритий чат…",
            open: "Зараз відкрито",
            closed: "Зачинено.",
            closed_next: "Зачинено. Наступний сеанс: {when}",
            unavailable: "Чат зараз недоступний. Спробуй пізніше.",
            staff_note: "Поліцейські та молодіжні працівники позначені " +
                "підтвердженою позначкою біля імені.",
            languages: "Мова",
            voice_note: "У цій кімнаті можна писати, коли модератор " +
                "дасть тобі слово.",
            voice_ask: "Попросити слова",
            voice_sent: "Запит надіслано. Модератор вирішить; поле для " +
                "повідомлення з’явиться, коли тобі можна буде писати.",
            voice_granted: "Тепер ти можеш писати.",
            voice_failed: "Запит не надіслано: {why}",
            voice_denied: "Цього разу модератор не надав тобі слова. " +
                "Можеш попросити ще раз пізніше.",
            report_open: "Поскаржитися",
            report_title: "Скарга модераторам",
            report_who: "На кого?",
            report_what: "Що сталося?",
            report_send: "Надіслати скаргу",
            report_cancel: "Скасувати",
            report_nobody: "У кімнаті більше нікого немає.",
            report_sending: "Надсилаємо скаргу…",
            report_failed: "Скаргу не надіслано: {why}",
            report_told: "Дякуємо. Модератори отримали твою скаргу.",
            report_kept: "Дякуємо. Зараз тут немає жодного модератора; " +
                "твою скаргу збережено для персоналу.",
            held: "Чекає на модератора",
            reconnecting: "З’єднання втрачено. Підключаємося знову…",
            about: "Про цей чат",
            watch: "Лише дивитися",
            watch_note: "Стеж за чатом без власного нікнейму; " +
                "приєднатися до розмови можна пізніше.",
            watcher: "Глядач",
            join_open: "Приєднатися до розмови",
            join_label: "Твій нікнейм",
            join_send: "Приєднатися",
            join_failed: "Цей нікнейм не можна використати: {why}",
            rejected: "Не опубліковано"
        }
    };
    var LANGUAGE_NAMES = {
        en: "English", fi: "suomi", sv: "svenska", uk: "українська"
    };

    var cfg = window.ecopperConfig || {};
    var params = new URLSearchParams(window.location.search);
    var supported = (cfg.languages || ["en"]).filter(function (l) {
        return TEXTS[l];
    });

    /* The first of wanted (language tags, best first) that is supported,
     * by primary subtag ("fi-FI" -> "fi"); else the first supported. */
    function pickLanguage(wanted) {
        for (var i = 0; i < wanted.length; i++) {
            var primary = String(wanted[i] || "").toLowerCase().split("-")[0];
            if (supported.indexOf(primary) >= 0)
                return primary;
        }
        return supported[0] || "en";
    }

    var lang = pickLanguage([params.get("lang")].concat(
        navigator.languages || [navigator.language]));
    var T = TEXTS[lang];

    // ------------------------------------------ Converse.js's own words

    /*
     * Converse.js translates its own interface (i18n below loads its
     * catalogue for lang), but 14.0.0's fi, sv and uk catalogues lack
     * or mark fuzzy (and so drop) some of the strings this page shows:
     * the room's menu, its details window, the participants' toggle.
     * converse-texts.js (window.ecopperConverseTexts) has them, and
     * Converse's translate() looks there first. What is still shown
     * untranslated is noted for the web tests (ecopperWeb.untranslated).
     */
    var ownConverseTexts = (window.ecopperConverseTexts || {})[lang] || {};
    var untranslated = {};

    /* Jed's sprintf, as far as Converse's strings use it: %s, %1$s, %%. */
    function sprintf(text, args) {
        var seq = 0;
        return text.replace(/%(?:(\d+)\$)?([sd%])/g, function (m, n, c) {
            if (c === "%")
                return "%";
            var v = n ? args[Number(n) - 1] : args[seq++];
            return v === undefined ? "" : String(v);
        });
    }

    (function () {
        var i18n = converse.env && converse.env.i18n;
        if (!i18n || typeof i18n.translate !== "function")
            return;
        var translate = i18n.translate;
        i18n.translate = function (str, args) {
            if (Object.prototype.hasOwnProperty.call(ownConverseTexts, str))
                return sprintf(ownConverseTexts[str], args || []);
            var t = translate.apply(this, arguments);
            if (lang !== "en" && t === sprintf(str, args || []))
                untranslated[str] = true;
            return t;
        };
    })();

    /*
     * A few of Converse's strings are fixed when its code loads, before
     * the page's language is known (the modal windows' "Close", the
     * participants' status titles), so translate() never sees them
     * again: the page puts Converse's own translation in place where
     * they are drawn. Only attributes and text nodes are changed, so
     * that Converse's later redraws leave them be.
     */
    var LOAD_TIME_STRINGS = ["Close", "Online", "Busy", "Away",
                             "Away for long", "Offline"];

    function translateLoadTimeStrings(root) {
        var i18n = converse.env && converse.env.i18n;
        if (lang === "en" || !i18n || !root.querySelectorAll)
            return;
        var els = [root].concat(Array.prototype.slice.call(
            root.querySelectorAll("[title], [aria-label], " +
                                  "[data-bs-dismiss]")));
        els.forEach(function (el) {
            ["title", "aria-label"].forEach(function (a) {
                var v = el.getAttribute && el.getAttribute(a);
                // Unchanged when untranslated: setting it again would
                // call this observer again, and again.
                if (v && LOAD_TIME_STRINGS.indexOf(v) >= 0 &&
                    i18n.__(v) !== v)
                    el.setAttribute(a, i18n.__(v));
            });
            if (!el.hasAttribute || !el.hasAttribute("data-bs-dismiss"))
                return;
            Array.prototype.forEach.call(el.childNodes, function (n) {
                var v = n.nodeType === 3 ? n.nodeValue.trim() : "";
                if (v && LOAD_TIME_STRINGS.indexOf(v) >= 0)
                    n.nodeValue = n.nodeValue.replace(v, i18n.__(v));
            });
        });
    }

    if (lang !== "en" && window.MutationObserver) {
        new MutationObserver(function (records) {
            records.forEach(function (r) {
                if (r.type === "attributes")
                    translateLoadTimeStrings(r.target);
                else
                    Array.prototype.forEach.call(r.addedNodes,
                                                 translateLoadTimeStrings);
            });
        }).observe(document.body, {
            subtree: true, childList: true, attributes: true,
            attributeFilter: ["title", "aria-label"]
        });
    }

    /* url resolved against the page; ws: or wss: when websocket. */
    function absoluteUrl(url, websocket) {
        var u = new URL(url, window.location.href);
        if (websocket)
            u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
        return u.href;
    }

    function byId(id) {
        return document.getElementById(id);
    }

    // ---------------------------------------------------------- the page

    function renderStatic() {
        document.documentElement.lang = lang;
        document.title = T.heading;
        byId("ecopper-heading").textContent = T.heading;
        byId("ecopper-intro").textContent = T.intro;
        byId("ecopper-about-label").textContent = T.about;
        byId("ecopper-watch").textContent = T.watch;
        byId("ecopper-watch-note").textContent = T.watch_note;
        byId("ecopper-join-open").textContent = T.join_open;
        byId("ecopper-join-label").textContent = T.join_label;
        byId("ecopper-join-send").textContent = T.join_send;
        byId("ecopper-privacy").textContent = T.privacy;
        byId("ecopper-staff-note").textContent = T.staff_note;
        byId("ecopper-voice-note").textContent = T.voice_note;
        byId("ecopper-voice-ask").textContent = T.voice_ask;
        byId("ecopper-report-open").textContent = T.report_open;
        byId("ecopper-report-title").textContent = T.report_title;
        byId("ecopper-report-who").textContent = T.report_who;
        byId("ecopper-report-what").textContent = T.report_what;
        byId("ecopper-report-send").textContent = T.report_send;
        byId("ecopper-report-cancel").textContent = T.report_cancel;
        var nav = byId("ecopper-languages");
        nav.setAttribute("aria-label", T.languages);
        supported.forEach(function (l) {
            var a = document.createElement("a");
            var q = new URLSearchParams(window.location.search);
            q.set("lang", l);
            a.href = "?" + q.toString();
            a.lang = l;
            a.hreflang = l;
            a.textContent = LANGUAGE_NAMES[l] || l;
            if (l === lang)
                a.setAttribute("aria-current", "true");
            nav.appendChild(a);
        });
    }

    var state = "checking";
    var entered = false;
    var away = false;        /* the connection dropped; coming back */
    var lastNext = null;     /* the next session's start, as last read */
    var refreshState = null; /* asks the room's disco#info again */

    // ------------------------------------------------ dates and times

    /*
     * One way to write a date and a time on the whole page, by the rules
     * of T.locale (CLDR, through the browser's Intl), in config.js's
     * time zone (else the browser's): the notice's next session, and
     * Converse's day separators, message times and their titles (its
     * dayjs formats, below). ecopper's own texts write the same date
     * and time (its catalogues' cldr_date and cldr_time are CLDR's
     * patterns for these locales): "ma 7.12.2026 klo 16.00" here,
     * "maanantaina 7.12.2026 klo 16.00" in a sentence of ecopper's.
     */
    var DATE_STYLES = {
        when: { weekday: "short", day: "numeric", month: "numeric",
                year: "numeric", hour: "numeric", minute: "2-digit" },
        day: { weekday: "long", day: "numeric", month: "numeric",
               year: "numeric" },
        time: { hour: "numeric", minute: "2-digit" }
    };
    var formatters = {};

    /* date (a Date) in style ("when", "day", "time"). */
    function formatDate(style, date) {
        var f = formatters[style];
        if (!f) {
            var opts = Object.assign({}, DATE_STYLES[style]);
            if (opts.hour)
                opts.hour = T.hour || "numeric";
            if (cfg.timezone)
                opts.timeZone = cfg.timezone;
            try {
                f = new Intl.DateTimeFormat(T.locale || lang, opts);
            } catch (e) { // an unknown time zone name in config.js
                delete opts.timeZone;
                f = new Intl.DateTimeFormat(T.locale || lang, opts);
            }
            formatters[style] = f;
        }
        return f.format(date);
    }

    function formatWhen(date) {
        return formatDate("when", date);
    }

    /*
     * Converse writes its dates with dayjs, in formats of its own
     * ("sunnuntai joulu 6. 2026" over a day's messages); the ones it
     * shows are written here instead: the day separator, a message's
     * time (time_format below) and the time's title.
     */
    var TIME_FORMAT = "HH:mm";
    var DAYJS_STYLES = { "dddd MMM Do YYYY": "day", "llll": "when" };
    DAYJS_STYLES[TIME_FORMAT] = "time";

    (function () {
        var dayjs = converse.env && converse.env.dayjs;
        var proto = dayjs && dayjs.prototype;
        if (!proto || typeof proto.format !== "function")
            return;
        var format = proto.format;
        proto.format = function (fmt) {
            var style = typeof fmt === "string" &&
                Object.prototype.hasOwnProperty.call(DAYJS_STYLES, fmt) &&
                DAYJS_STYLES[fmt];
            if (style && this.isValid())
                return formatDate(style, this.toDate());
            return format.apply(this, arguments);
        };
    })();

    /* Shows state ("checking", "open", "closed", "unavailable"); next is
     * the next session's start (a Date) or null. */
    function showState(newState, next) {
        state = newState;
        lastNext = next;
        var text = T[newState] || T.checking;
        if (newState === "closed" && next)
            text = T.closed_next.replace("{when}", formatWhen(next));
        var notice = byId("ecopper-status");
        // While the connection is down the room's state is not known:
        // the notice says so instead of an "Open now" that nothing
        // below bears out.
        notice.textContent = away ? T.reconnecting : text;
        notice.className = "ecopper-status ecopper-status--" +
            (away ? "reconnecting" : newState);
        document.body.dataset.roomState = newState;
        document.body.dataset.connection = away ? "away" : "online";
        updateWatchOffer();
        // A youth who is in the room stays in it until ecopper removes
        // them at closing (onRoomPresence); everyone else waits for it to
        // open.
        document.body.classList.toggle("ecopper-waiting",
            !entered && (newState === "closed" ||
                         newState === "unavailable"));
    }

    // ------------------------------------------------------ room info

    /* The fields of the muc#roominfo form in a disco#info result, as
     * var -> [values]; {} when there is none. */
    function roomInfoFields(iq) {
        var forms = iq.getElementsByTagNameNS(NS_DATA, "x");
        for (var i = 0; i < forms.length; i++) {
            var fields = {};
            var list = forms[i].getElementsByTagNameNS(NS_DATA, "field");
            for (var j = 0; j < list.length; j++) {
                var values = list[j].getElementsByTagNameNS(NS_DATA, "value");
                fields[list[j].getAttribute("var")] =
                    Array.prototype.map.call(values, function (v) {
                        return v.textContent;
                    });
            }
            if ((fields.FORM_TYPE || [])[0] === ROOMINFO)
                return fields;
        }
        return {};
    }

    /* {state, next} from a disco#info reply (null: no reply). */
    function stateFromInfo(iq) {
        if (!iq || iq.getAttribute("type") !== "result" ||
            iq.getElementsByTagNameNS(NS_DISCO_INFO, "query").length === 0)
            return { state: "unavailable", next: null };
        var f = roomInfoFields(iq);
        var open = (f[FIELD_OPEN] || [])[0];
        var next = (f[FIELD_NEXT] || [])[0];
        var when = next ? new Date(next) : null;
        if (when && isNaN(when.getTime()))
            when = null;
        var closed = open === "0" || open === "false";
        return { state: closed ? "closed" : "open", next: when };
    }

    // ------------------------------- asking to speak, reports, the queue

    /*
     * What ecopper's words to a youth are: a held question, one not
     * published, the answer to a report, a refused voice request.
     * ecopper says them in the youth's language and marks each with
     * <notice xmlns=NS_NOTICE kind=... ref=the id of the youth's
     * message/> (schemas/ecopper-notice-0.xsd);
     * the English texts below are only for an ecopper without the mark.
     */
    var NS_NOTICE = "urn:xmpp:ecopper:notice:0";
    var HELD_NOTE = /^Your question is waiting for a moderator/;
    var REJECTED_NOTE = /^Your question was not published/;
    // ... and its answers to a report (report_abuse()), which the page
    // says in its own language.
    var REPORT_TOLD = /^Thank you\. The moderators have your report/;
    var REPORT_KEPT = /^Thank you\. No moderator is here/;
    // A visitor may ask again after this long (the first request may
    // have reached no moderator), also after a refusal or after ecopper
    // said "too soon"; before, the button is off. config.voice_retry
    // (seconds) should be ecopper's voice_request_gap.
    var VOICE_RETRY_MS = (cfg.voice_retry > 0 ? cfg.voice_retry : 60) * 1000;

    var room = {
        muc: null,        // the room's Converse model, once entered
        joining: null,    // ... from its first join (and each rejoin) on
        refused: null,    // ... when its join was refused as not allowed
        voiceId: null,    // id of the voice request sent last
        voiceAsked: false, // sent, and no voice seen since
        voiceTimer: null,
        reportId: null,   // id of the report waiting for ecopper's reply
        renaming: null,   // the nick a watcher asked for, until taken
        held: {}          // msgid of an own message -> "held" / "rejected"
    };

    function setActionStatus(text) {
        byId("ecopper-action-status").textContent = text || "";
    }

    /* The type of an error stanza's <error/> ("wait", "cancel"...). */
    function errorType(stanza) {
        var e = stanza.getElementsByTagName("error")[0];
        return e ? e.getAttribute("type") : null;
    }

    /* The text of an error stanza (RFC 6120 §8.3), else its condition. */
    function errorText(stanza) {
        var t = stanza.getElementsByTagNameNS(NS_STANZAS, "text")[0];
        if (t && t.textContent)
            return t.textContent;
        var e = stanza.getElementsByTagName("error")[0];
        var cond = e && e.firstElementChild;
        return cond ? cond.localName : "error";
    }

    function uniqueId(what) {
        return converse.env.u.getUniqueId(what);
    }

    /* A visitor in a moderated room: XEP-0045 §7.13 lets them ask for
     * voice; Converse 14 only says that they may not write. */
    function isMutedVisitor(muc) {
        return !!muc && muc.isEntered() && !!muc.features.get("moderated") &&
            muc.getOwnRole() === "visitor";
    }

    function updateActions() {
        var muc = room.muc;
        var entered = !!muc && muc.isEntered();
        var muted = isMutedVisitor(muc);

        byId("ecopper-actions").hidden = !entered;
        byId("ecopper-voice").hidden = !muted || watching();
        if (!muted && room.voiceAsked) {
            room.voiceAsked = false;
            setActionStatus(T.voice_granted);
        } else if (muted && byId("ecopper-action-status").textContent ===
                   T.voice_granted) {
            setActionStatus(""); // voice taken away again
        }
        // Converse 14 redraws its input area when its own occupant's role
        // changes only if that occupant carries the user's real JID
        // (MUCBottomPanel.renderIfOwnOccupant), which a room that hides
        // real JIDs never sends: without this, voice given stays unseen
        // until something else redraws the panel.
        document.querySelectorAll("converse-muc-bottom-panel")
            .forEach(function (panel) {
                if (panel.requestUpdate)
                    panel.requestUpdate();
            });
    }

    /* XEP-0045 §7.13: the voice request, a muc#request form submitted to
     * the room. ecopper passes it to every moderator (§8.6) by nickname. */
    function askVoice(api) {
        var muc = room.muc;
        var button = byId("ecopper-voice-ask");
        if (!isMutedVisitor(muc))
            return;
        room.voiceId = uniqueId("voice");
        api.send(converse.env.stx`
            <message xmlns="jabber:client" to="${muc.get("jid")}"
                     id="${room.voiceId}" xml:lang="${lang}">
                <x xmlns="${NS_DATA}" type="submit">
                    <field var="FORM_TYPE">
                        <value>${NS_MUC_REQUEST}</value>
                    </field>
                    <field var="muc#role" type="list-single"
                           label="Requested role">
                        <value>participant</value>
                    </field>
                </x>
            </message>`);
        room.voiceAsked = true;
        setActionStatus(T.voice_sent);
        holdVoiceButton();
    }

    /* "Ask to speak" off for VOICE_RETRY_MS from now. */
    function holdVoiceButton() {
        var button = byId("ecopper-voice-ask");
        button.disabled = true;
        clearTimeout(room.voiceTimer);
        room.voiceTimer = setTimeout(function () {
            button.disabled = false;
        }, VOICE_RETRY_MS);
    }

    /* The report form, with everyone else in the room to pick from. */
    function openReport() {
        var muc = room.muc;
        if (!muc)
            return;
        var form = byId("ecopper-report-form");
        var select = form.elements.nick;
        var own = muc.getOwnOccupant();
        var nicks = muc.occupants.filter(function (o) {
            return o !== own && o.get("nick") &&
                o.get("presence") !== "offline";
        }).map(function (o) {
            return o.get("nick");
        }).sort(function (a, b) {
            return a.localeCompare(b, lang);
        });
        var blank = document.createElement("option");
        blank.value = "";
        blank.textContent = "—";
        select.replaceChildren(blank);
        nicks.forEach(function (nick) {
            var o = document.createElement("option");
            o.value = nick;
            o.textContent = nick;
            select.appendChild(o);
        });
        byId("ecopper-report-status").textContent =
            nicks.length ? "" : T.report_nobody;
        byId("ecopper-report-send").disabled = nicks.length === 0;
        byId("ecopper-report").showModal();
    }

    /* "report NICK: what happened" to the room's bare JID, which ecopper
     * passes to every moderator (muc.c, report_abuse()) and answers. */
    function sendReport(api, ev) {
        ev.preventDefault();
        var muc = room.muc;
        var form = byId("ecopper-report-form");
        var nick = form.elements.nick.value;
        var what = form.elements.what.value.replace(/\s+/g, " ").trim();
        if (!muc || !nick || !what)
            return;
        room.reportId = uniqueId("report");
        api.send(converse.env.stx`
            <message xmlns="jabber:client" to="${muc.get("jid")}"
                     type="chat" id="${room.reportId}" xml:lang="${lang}">
                <body>report ${nick}: ${what}</body>
            </message>`);
        setActionStatus(T.report_sending);
        form.reset();
        byId("ecopper-report").close();
    }

    /* A CSS string literal of text. */
    function cssString(text) {
        return '"' + text.replace(/[\\"]/g, "\\$&")
            .replace(/\n/g, "\\A ") + '"';
    }

    /* Marks the youth's own held (and rejected) questions in the chat: a
     * style rule per message, which Converse's redraws do not undo. */
    function renderHeld() {
        var muc = room.muc;
        var rules = [];
        Object.keys(room.held).forEach(function (id) {
            var m = muc && muc.messages.findWhere({ msgid: id });
            if (!m || m.get("received")) {
                // Published after all (reflected by the room): unmarked.
                delete room.held[id];
                return;
            }
            var sel = '.chat-msg[data-msgid="' + CSS.escape(id) + '"]';
            var what = room.held[id];
            rules.push(sel + " .chat-msg__text { opacity: 0.75; }");
            if (what === "rejected")
                rules.push(sel + " .chat-msg__message::after { " +
                           "color: #b02a37; }");
            rules.push(sel + " .chat-msg__message::after { content: " +
                cssString(what === "held" ? T.held : T.rejected) + "; }");
        });
        var style = byId("ecopper-held-style");
        if (!style) {
            style = document.createElement("style");
            style.id = "ecopper-held-style";
            document.head.appendChild(style);
        }
        style.textContent = rules.join("\n");
    }

    /* The mark on a notice from ecopper: {kind, ref}, or null. */
    function noticeOf(stanza) {
        var el = stanza && stanza.tree ? stanza.tree() : stanza;
        if (!el || !el.firstElementChild)
            return null;
        for (var c = el.firstElementChild; c; c = c.nextElementSibling)
            if (c.localName === "notice" && c.namespaceURI === NS_NOTICE)
                return { kind: c.getAttribute("kind"),
                         ref: c.getAttribute("ref") };
        return null;
    }

    /* ecopper's notice that a question is held, or was not published
     * (notice: its mark, or null). */
    function noteHeld(text, notice) {
        var muc = room.muc;
        var kind = notice ? notice.kind
                          : HELD_NOTE.test(text) ? "question-held"
                          : REJECTED_NOTE.test(text) ? "question-rejected"
                          : null;
        var ref = notice && notice.ref;
        if (!muc || !kind)
            return;
        if (kind === "question-held" && ref &&
            muc.messages.find(function (x) {
                return x.get("msgid") === ref && x.get("sender") === "me";
            })) {
            room.held[ref] = "held";
        } else if (kind === "question-rejected" && ref && room.held[ref]) {
            room.held[ref] = "rejected";
        } else if (kind === "question-held") {
            // The notice answers the oldest own message that the room
            // has neither published nor refused.
            var m = muc.messages.find(function (x) {
                return x.get("sender") === "me" &&
                    x.get("type") === "groupchat" && !x.get("received") &&
                    !x.get("is_error") && x.get("msgid") &&
                    !room.held[x.get("msgid")];
            });
            if (m)
                room.held[m.get("msgid")] = "held";
        } else if (kind === "question-rejected") {
            // It names no question: mark one only when one is waiting.
            var waiting = Object.keys(room.held).filter(function (id) {
                return room.held[id] === "held";
            });
            if (waiting.length === 1)
                room.held[waiting[0]] = "rejected";
        }
        renderHeld();
    }

    /* Messages from the room's bare JID that are not groupchat: ecopper's
     * answer to a report, other words to this youth alone, and errors
     * about the page's own requests. Converse 14 drops a chat from a
     * sender outside the roster (allow_non_roster_messaging off). */
    function onRoomMessage(stanza) {
        var muc = room.muc;
        var from = (stanza.getAttribute("from") || "").toLowerCase();
        var type = stanza.getAttribute("type") || "normal";
        var id = stanza.getAttribute("id");
        if (!muc || from !== muc.get("jid").toLowerCase() ||
            type === "groupchat")
            return true;
        if (type === "error") {
            var why = errorText(stanza);
            if (id && id === room.voiceId) {
                room.voiceAsked = false;
                // "Ask again in N s" or "no moderator here" (type
                // wait): the button waits; after any other error it is
                // back at once.
                if (errorType(stanza) === "wait") {
                    holdVoiceButton();
                } else {
                    clearTimeout(room.voiceTimer);
                    byId("ecopper-voice-ask").disabled = false;
                }
                setActionStatus(T.voice_failed.replace("{why}", why));
            } else if (id && id === room.reportId) {
                room.reportId = null;
                setActionStatus(T.report_failed.replace("{why}", why));
            }
            return true;
        }
        var body = null;
        for (var c = stanza.firstElementChild; c; c = c.nextElementSibling)
            if (c.localName === "body")
                body = c.textContent;
        if (!body)
            return true;
        var n = noticeOf(stanza);
        if (n && n.kind === "voice-denied") {
            // A moderator said no: ecopper's words (with when to ask
            // again) go in the chat; the button waits as after a request.
            room.voiceAsked = false;
            setActionStatus(T.voice_denied);
            holdVoiceButton();
        } else if (room.reportId) {
            var kind = n ? n.kind : REPORT_TOLD.test(body) ? "report-told"
                                  : REPORT_KEPT.test(body) ? "report-kept"
                                  : null;
            room.reportId = null;
            setActionStatus(kind === "report-told" ? T.report_told :
                            kind === "report-kept" ? T.report_kept : body);
        }
        muc.createMessage({ type: "info", message: body,
                            is_ephemeral: false });
        return true;
    }

    /* A join refused. Under the kept nick with <conflict/>: the old
     * session may still hold it (rejoinLater). With <not-allowed/>: the
     * room closed since the page last looked (ecopper refuses youths
     * outside the opening hours so); Converse would say "You are not
     * allowed to create new groupchats" above ecopper's words, under a
     * notice still saying "Open now". The chat is hidden and the page
     * reads the room's state again at once: closed, only the closed
     * notice with the next session shows; open after all (another
     * refusal), the chat with Converse's words comes back. */
    function onJoinError(stanza) {
        var muc = room.joining;
        var nick = (stanza.getAttribute("from") || "").split("/")
            .slice(1).join("/");
        var e = stanza.getElementsByTagName("error")[0];
        var has = function (cond) {
            return !!e && e.getElementsByTagNameNS(NS_STANZAS, cond)
                .length > 0;
        };
        if (room.renaming && nick === room.renaming) {
            // The nickname a watcher asked for: ecopper says why not.
            room.renaming = null;
            setActionStatus(T.join_failed.replace("{why}",
                                                  errorText(stanza)));
        } else if (has("conflict") && muc && nick && nick === keptNick()) {
            rejoinLater(muc, nick);
        } else if (has("not-allowed") && !entered) {
            room.refused = muc;
            document.body.classList.add("ecopper-refused");
            if (refreshState)
                refreshState();
        }
    }

    /* After the room's state is read again: a refused join's chat stays
     * hidden while the room is closed, and when it is open again the
     * nickname form is back (the youth enters as before). */
    function afterRefusal(newState) {
        var muc = room.refused;
        if (!muc)
            return;
        if (newState === "closed") {
            // Hidden by ecopper-waiting; the notice says when it opens.
            room.refusedClosed = true;
            return;
        }
        document.body.classList.remove("ecopper-refused");
        if (room.refusedClosed && newState === "open" && !muc.isEntered())
            muc.session.save({ connection_status:
                               converse.ROOMSTATUS.NICKNAME_REQUIRED });
        room.refused = null;
        room.refusedClosed = false;
    }

    /* The room closing on this youth: ecopper removes youths at the end
     * of a session with status 322 and a goodbye as the reason (naming
     * the next session, in the youth's language). Converse would show
     * its own "removed ... members-only" text; the page shows the
     * goodbye instead, and the closed notice with the next session. */
    function onRoomPresence(stanza) {
        var from = (stanza.getAttribute("from") || "").toLowerCase();
        if (from.indexOf(cfg.room.toLowerCase() + "/") !== 0)
            return true;
        if (stanza.getAttribute("type") === "error") {
            onJoinError(stanza);
            return true;
        }
        if (stanza.getAttribute("type") !== "unavailable")
            return true;
        var codes = [], reason = "";
        var xs = stanza.getElementsByTagNameNS(NS_MUC_USER, "x");
        for (var i = 0; i < xs.length; i++) {
            var st = xs[i].getElementsByTagNameNS(NS_MUC_USER, "status");
            for (var j = 0; j < st.length; j++)
                codes.push(st[j].getAttribute("code"));
            var r = xs[i].getElementsByTagNameNS(NS_MUC_USER, "reason");
            if (r.length)
                reason = r[0].textContent;
        }
        if (codes.indexOf("110") < 0 || codes.indexOf("322") < 0)
            return true;
        entered = false;
        document.body.classList.remove("ecopper-in");
        byId("ecopper-about").open = true;
        var bye = byId("ecopper-bye");
        bye.textContent = reason;
        bye.hidden = !reason;
        if (refreshState)
            refreshState();
        return true;
    }

    // ---------------------------------------------- Converse's markup

    /*
     * Converse 14's nickname form has a <label> above its field ("Please
     * choose your nickname") that is tied to nothing, and the field has
     * only a placeholder: a screen reader announces an unnamed text box.
     * The page ties the two (for/id) each time Converse draws the form;
     * lit leaves attributes it does not bind alone.
     */
    function labelConverseForms() {
        document.querySelectorAll(".muc-nickname-form")
            .forEach(function (form, i) {
                var input = form.querySelector('input[name="nick"]');
                var label = form.querySelector("label");
                if (!input || !label || (input.labels && input.labels.length))
                    return;
                input.id = input.id || "ecopper-nick-" + i;
                label.htmlFor = input.id;
            });
    }

    new MutationObserver(labelConverseForms).observe(byId("ecopper-chat"),
        { childList: true, subtree: true });

    // ------------------------------------------------------ coming back

    /*
     * A youth who reloads the page, or whose network drops, comes back to
     * the room under the same nickname. Each login is a new anonymous
     * account, so the nickname is all that carries over: the page keeps
     * it in sessionStorage (gone with the tab, like the rest of the chat)
     * and hands it to Converse at every join (getNicknameForMUC); the
     * room's archive (XEP-0313, or the history sent on joining) brings
     * back what was said meanwhile. While the connection is down the
     * notice says "reconnecting" (showState).
     *
     * The old session must be gone for the nick to be free. Leaving the
     * page closes the stream cleanly (pagehide), so a server with stream
     * management does not keep it hibernating; a session the network
     * lost may still hold the nick until the server notices. ecopper
     * pings the holder when a join is refused for its nick and removes
     * it when no answer comes within 10 s (docs/faults.md), so a join
     * under the kept nick refused with <conflict/> is tried again every
     * REJOIN_MS for about two minutes (the nickname form stays hidden),
     * and only then does the youth pick another.
     */
    var NICK_KEY = "ecopper-nick " + cfg.room;
    var REJOIN_MS = 5000;
    var REJOIN_TRIES = 24;
    var comeBack = { tries: 0, timer: null, probe: null };

    /* The nick this tab last entered the room with, or null. */
    function keptNick() {
        try {
            return window.sessionStorage.getItem(NICK_KEY);
        } catch (e) { // storage off: no coming back, the form asks
            return null;
        }
    }

    function keepNick(nick) {
        try {
            if (nick)
                window.sessionStorage.setItem(NICK_KEY, nick);
            else
                window.sessionStorage.removeItem(NICK_KEY);
        } catch (e) {
            /* as above */
        }
    }

    function setAway(on) {
        if (away === on)
            return;
        away = on;
        document.body.classList.toggle("ecopper-away", on);
        showState(state, lastNext);
    }

    /* A join under the kept nick refused with <conflict/>: the old
     * session may not be gone yet; try again shortly. */
    function rejoinLater(muc, nick) {
        if (comeBack.tries >= REJOIN_TRIES) {
            // Someone else has it after all: the youth picks another
            // (Converse's form says the nick is taken).
            keepNick(null);
            comeBack.tries = 0;
            setAway(false);
            return;
        }
        comeBack.tries++;
        setAway(true);
        clearTimeout(comeBack.timer);
        comeBack.timer = setTimeout(function () {
            if (!muc.isEntered())
                muc.join(nick);
        }, REJOIN_MS);
    }

    /* Converse gave up reconnecting (it tries once or twice): when the
     * page's own server answers again, load the page anew; it comes
     * back under the kept nick. */
    function reloadWhenBack() {
        if (comeBack.probe)
            return;
        comeBack.probe = setInterval(function () {
            fetch("config.js", { cache: "no-store" }).then(function (r) {
                if (r.ok)
                    window.location.reload();
            }, function () { /* still down */ });
        }, REJOIN_MS);
    }

    // ------------------------------------------------------ just watching

    /*
     * "Just watch": following the session without a nickname of one's
     * own and without writing. XEP-0045 has no way to read a room from
     * outside it (no history, no messages to non-occupants), and ecopper
     * gives its archive to occupants only, so a watcher is an occupant:
     * the page enters under a generated nickname in its language
     * ("Katsoja 4821") and hides the message box. Others see the
     * watcher in the participants, as they would anyone reading along;
     * the room's rules (filters, moderation, closing) apply as to
     * anyone. "Join the conversation" changes the nickname (§7.6) to one
     * the youth picks: the youth stays in the room with what was said.
     * A reload keeps watching, under the same generated nickname.
     */
    var WATCH_KEY = "ecopper-watch " + cfg.room;

    var watcherNow = null; /* the watcher nick, when storage is off */

    /* The watcher nick this tab entered with, or null. */
    function watcherKept() {
        try {
            return window.sessionStorage.getItem(WATCH_KEY);
        } catch (e) {
            return watcherNow;
        }
    }

    /* Watching: in (or going in) under the generated nick. */
    function watching() {
        var w = watcherKept();
        var muc = room.muc || room.joining;
        return !!w && (!muc || !muc.get("nick") || muc.get("nick") === w);
    }

    /* nick: the watcher nick to keep; null: not watching. */
    function setWatching(nick) {
        watcherNow = nick;
        try {
            if (nick)
                window.sessionStorage.setItem(WATCH_KEY, nick);
            else
                window.sessionStorage.removeItem(WATCH_KEY);
        } catch (e) {
            /* storage off: watcherNow until a reload */
        }
        document.body.classList.toggle("ecopper-watching", !!nick);
        updateWatchOffer();
        updateActions();
    }

    /* A watcher's nickname: the page's word and four digits. */
    function watcherNick() {
        var n = new Uint16Array(1);
        window.crypto.getRandomValues(n);
        return T.watcher + " " + (1000 + n[0] % 9000);
    }

    function startWatching() {
        var muc = room.joining;
        if (!muc || muc.isEntered())
            return;
        var nick = watcherNick();
        setWatching(nick);
        muc.join(nick);
    }

    /* The offer shows while the room is open and the youth not in it. */
    function updateWatchOffer() {
        byId("ecopper-watch-offer").hidden = entered || away ||
            state !== "open" || !room.joining;
        var w = watching() && entered;
        byId("ecopper-join-form").hidden = !w;
        if (!w)
            byId("ecopper-join-fields").hidden = true;
        byId("ecopper-join-open").hidden = !w ||
            !byId("ecopper-join-fields").hidden;
    }

    function openJoin() {
        byId("ecopper-join-fields").hidden = false;
        byId("ecopper-join-open").hidden = true;
        byId("ecopper-join-nick").focus();
    }

    /* From watcher to a nickname of one's own: a nick change (§7.6). */
    function sendJoin(ev) {
        ev.preventDefault();
        var muc = room.muc;
        var nick = byId("ecopper-join-nick").value.trim();
        if (!muc || !muc.isEntered() || !nick)
            return;
        room.renaming = nick;
        setActionStatus("");
        muc.setNickname(nick);
    }

    /* The room took the new nickname (Converse saves it from the
     * presence with status 303 and 110). */
    function onOwnNick(muc) {
        var nick = muc.get("nick");
        if (room.renaming && nick === room.renaming) {
            room.renaming = null;
            keepNick(nick);
            byId("ecopper-join-nick").value = "";
            setWatching(null);
        }
    }

    function watchRoom(muc) {
        if (room.muc === muc)
            return;
        room.muc = muc;
        muc.occupants.on("add", updateActions);
        muc.occupants.on("change:role", updateActions);
        muc.features.on("change:moderated", updateActions);
        muc.session.on("change:connection_status", updateActions);
        muc.messages.on("change:received", renderHeld);
        muc.on("change:nick", function () { onOwnNick(muc); });
    }

    // ------------------------------------------------------ Converse.js

    converse.plugins.add("ecopper-web", {
        initialize: function () {
            var api = this._converse.api;
            var timer = null;

            function refresh() {
                api.disco.info(cfg.room, null, { timeout: 10000 })
                    .then(function (iq) {
                        var s = stateFromInfo(iq);
                        showState(s.state, s.next);
                        afterRefusal(s.state);
                    }, function (err) {
                        // An error reply (no such room) or no reply.
                        showState("unavailable", null);
                        if (window.console && err && !err.getAttribute)
                            console.warn("ecopper: room info:", err);
                    });
            }

            refreshState = refresh;
            function start() {
                refresh();
                if (timer === null && cfg.status_refresh > 0)
                    timer = setInterval(refresh, cfg.status_refresh * 1000);
            }

            // ecopper speaks to a youth from the room itself (the bare
            // room JID): "your question is waiting for a moderator", "not
            // published: ...". Converse 14 drops groupchat messages
            // without a nick (shouldCreateGroupchatMessage), so show them
            // as the room's info lines. (The beforeMessageCreated hook
            // would be the place, but in 14.0.0 its listeners after the
            // reactions plugin's no longer see the message.)
            api.listen.on("message", function (data) {
                var muc = data && data.chatbox;
                var attrs = data && data.attrs;
                if (!muc || !attrs || muc.get("type") !== "chatroom" ||
                    attrs.type !== "groupchat" || attrs.nick || !attrs.body ||
                    attrs.from !== muc.get("jid"))
                    return;
                muc.createMessage({ type: "info", message: attrs.body,
                                    time: attrs.time, is_ephemeral: false });
                noteHeld(attrs.body, noticeOf(data.stanza));
            });

            // Say which language the youth reads: ecopper words its
            // refusals (a closed room, a nickname it does not take) in
            // the join's xml:lang, and the room's info (its description:
            // open until when, who is on duty; the labels) in the
            // request's. Browsers' XMPP streams carry none, and Prosody
            // stamps "en" on every stanza that has none: so every stanza
            // the page sends without one says the page's language
            // (RFC 6120 §8.1.5), Converse's disco#info of the room too.
            function stampLang(stanza) {
                var el = stanza && stanza.tree ? stanza.tree() : stanza;
                if (el && el.setAttribute && el.getAttribute &&
                    !el.getAttribute("xml:lang"))
                    el.setAttribute("xml:lang", lang);
                return stanza;
            }
            api.listen.on("constructedMUCPresence", function (muc, stanza) {
                return stampLang(stanza);
            });
            api.listen.on("connectionInitialized", function () {
                var c = api.connection.get();
                if (!c || c.ecopperLang)
                    return;
                c.ecopperLang = true;
                var send = c.send;
                c.send = function (stanza) {
                    if (stanza && typeof stanza.sort === "function")
                        stanza.forEach(stampLang);
                    else
                        stampLang(stanza);
                    return send.apply(this, arguments);
                };
            });

            // The room's words to this youth that are not groupchat;
            // Strophe's handlers go with the connection's reset, so again
            // after each reconnection.
            var handler = null, presHandler = null;
            function listenToRoom() {
                var c = api.connection.get();
                if (handler)
                    c.deleteHandler(handler);
                if (presHandler)
                    c.deleteHandler(presHandler);
                handler = c.addHandler(onRoomMessage, null, "message");
                presHandler = c.addHandler(onRoomPresence, null, "presence");
            }

            // Back under the nick this tab entered with (coming back,
            // above); none kept: Converse asks for one.
            api.listen.on("getNicknameForMUC", function (muc, nick) {
                return nick || keptNick();
            });
            api.listen.on("chatRoomInitialized", function (muc) {
                room.joining = muc;
                updateWatchOffer();
            });

            api.listen.on("connected", function () {
                listenToRoom();
                start();
            });
            api.listen.on("reconnected", function () {
                listenToRoom();
                refresh();
            });
            // The connection dropped: Converse logs in again (a new
            // anonymous account) and rejoins; if it gives up, the page
            // reloads once its server answers.
            api.listen.on("will-reconnect", function () {
                setAway(true);
            });
            api.listen.on("disconnected", function () {
                setAway(true);
                reloadWhenBack();
            });
            // Leaving or reloading: end the session now, so that the
            // nick is free at once even where the server would keep a
            // dropped session for stream management's resumption (which
            // an anonymous login can never use).
            window.addEventListener("pagehide", function () {
                var c = api.connection.get();
                if (c && c.connected) {
                    try {
                        c.disconnect("page closed");
                        c.flush();
                    } catch (e) { /* the page is going anyway */ }
                }
            });
            // Back from the browser's page cache: that connection is gone.
            window.addEventListener("pageshow", function (ev) {
                if (ev.persisted)
                    window.location.reload();
            });
            api.listen.on("enteredNewRoom", function (muc) {
                keepNick(muc.get("nick"));
                comeBack.tries = 0;
                clearTimeout(comeBack.timer);
                setAway(false);
                // The header folds (the texts stay a tap away): on a
                // phone the chat gets the screen.
                if (!document.body.classList.contains("ecopper-in"))
                    byId("ecopper-about").open = false;
                document.body.classList.add("ecopper-in");
                entered = true;
                document.body.classList.toggle("ecopper-watching",
                                               watching());
                byId("ecopper-bye").hidden = true;
                showState(state === "checking" ? "open" : state, null);
                refresh();
                watchRoom(muc);
                updateActions();
            });

            byId("ecopper-voice-ask").addEventListener("click", function () {
                askVoice(api);
            });
            byId("ecopper-report-open").addEventListener("click",
                                                         openReport);
            byId("ecopper-watch").addEventListener("click", startWatching);
            byId("ecopper-join-open").addEventListener("click", openJoin);
            byId("ecopper-join-form").addEventListener("submit", sendJoin);
            byId("ecopper-report-cancel").addEventListener("click",
                function () {
                    byId("ecopper-report").close();
                });
            byId("ecopper-report-form").addEventListener("submit",
                function (ev) {
                    sendReport(api, ev);
                });
            window.ecopperWeb = {
                get state() { return state; },
                get language() { return lang; },
                text: function (key) { return T[key]; },
                // Converse's strings shown in English on a page in
                // another language (none, when converse-texts.js has
                // what Converse's catalogue lacks).
                untranslated: function () {
                    return Object.keys(untranslated).sort();
                },
                jid: function () {
                    var c = api.connection.get();
                    return c ? c.jid : null;
                },
                // Reads the room's state now (as every status_refresh).
                refresh: function () { refresh(); },
                // The nick this page is in the room under (null: not in
                // it), and the nicks of everyone present.
                nick: function () {
                    var m = room.muc;
                    return m && m.isEntered() ? m.get("nick") : null;
                },
                nicks: function () {
                    var m = room.muc;
                    return m ? m.occupants.filter(function (o) {
                        return o.get("nick") &&
                            o.get("presence") !== "offline";
                    }).map(function (o) { return o.get("nick"); }) : [];
                }
            };
        }
    });

    renderStatic();
    showState("checking", null);

    var transport = params.get("transport");
    var assets = absoluteUrl("dist/").replace(/\/$/, "");
    converse.initialize({
        // An anonymous login on the youths' host, at once; nothing asks
        // for an address or a password, and there is no logout button.
        authentication: "anonymous",
        auto_login: true,
        jid: cfg.anonymous_domain,
        allow_logout: false,
        // Same-origin endpoints; never look up others (host-meta).
        websocket_url: transport === "bosh" ? undefined :
            absoluteUrl(cfg.websocket_url, true),
        bosh_service_url: transport === "websocket" ? undefined :
            absoluteUrl(cfg.bosh_service_url),
        discover_connection_methods: false,
        // One room, joined at once; Converse asks for the nickname.
        auto_join_rooms: [cfg.room],
        singleton: true,
        view_mode: "embedded",
        muc_nickname_from_jid: false,
        auto_register_muc_nickname: false,
        muc_fetch_members: false,
        allow_muc_invitations: false,
        allow_bookmarks: false,
        allow_adhoc_commands: false,
        allow_contact_requests: false,
        allow_non_roster_messaging: false,
        muc_hats: ["xep317"], // ecopper's "Verified police officer" badge
        // What was said before: from the room's archive (XEP-0313) when
        // it has one, which Converse then asks; else from the history the
        // room sends on joining.
        muc_history_max_stanzas: 20,
        // The language: ours, among the four the page speaks.
        i18n: lang,
        // Written as the page writes times (formatDate()).
        time_format: TIME_FORMAT,
        locales: supported,
        // Our own copy of Converse's files; no images or media from
        // other sites (emoji as text, links not previewed).
        assets_path: assets,
        notification_icon: assets + "/images/logo/conversejs-filled.svg",
        use_system_emojis: true,
        render_media: false,
        fetch_url_headers: false,
        embed_3rd_party_media_players: false,
        show_client_info: false,
        visible_toolbar_buttons: { call: false, spoiler: false,
                                   emoji: true, location: false },
        // Nothing of the chat kept after the tab closes (shared devices).
        persistent_store: "sessionStorage",
        clear_cache_on_logout: true,
        message_archiving: "never",
        loglevel: "warn",
        whitelisted_plugins: ["ecopper-web"]
    });
})();
