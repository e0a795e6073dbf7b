/*
 * converse-texts.js - Converse.js's own strings that the youth page shows
 * and that Converse.js 14.0.0's catalogues leave in English for fi, sv
 * or uk (missing, or marked fuzzy and so not used), plus a few it
 * translates wrongly. ecopper-web.js has Converse look here first.
 *
 * Keys are Converse's msgids, exactly as in its converse.pot; values may
 * use %s or %1$s as the msgid does. The web test test_language goes
 * through what a youth sees in each language and fails on any of
 * Converse's strings still shown in English: a new Converse.js release
 * may need a line here (or none, once its catalogue has it).
 */
window.ecopperConverseTexts = {
    fi: {
        "About Converse": "Tietoja Conversesta",
        "Add Reaction": "Lisää reaktio",
        "Admin": "Ylläpitäjä",
        "Change the nickname you're using in this groupchat":
            "Vaihda nimimerkkiä, jota käytät tässä ryhmäkeskustelussa",
        "Copy": "Kopioi",
        "Frequently used": "Usein käytetyt",
        "Groupchat info": "Ryhmäkeskustelun tiedot",
        "Hide": "Piilota",
        "Hide filter": "Piilota suodatin",
        "Hide participants": "Piilota osallistujat",
        "Hide the groupchat participants":
            "Piilota ryhmäkeskustelun osallistujat",
        "Hide the groupchat topic": "Piilota ryhmäkeskustelun aihe",
        "Menu": "Valikko",
        // 14.0.0 leaves "Online" as it is.
        "Online": "Paikalla",
        "Message delivery failed.": "Viestiä ei voitu toimittaa.",
        "Quote": "Lainaa",
        "Reply": "Vastaa",
        "Show filter": "Näytä suodatin",
        "Show less": "Näytä vähemmän",
        "Show more information about this groupchat":
            "Näytä lisätietoja tästä ryhmäkeskustelusta",
        "Show participants": "Näytä osallistujat",
        "Show the groupchat participants":
            "Näytä ryhmäkeskustelun osallistujat",
        "Unsaved contacts": "Tallentamattomat yhteystiedot",
        "XMPP address": "XMPP-osoite",
        ["You have been removed from this groupchat because it has " +
            "changed to members-only and you're not a member"]:
            "Sinut poistettiin tästä ryhmäkeskustelusta, koska siitä " +
            "tehtiin vain jäsenille avoin, etkä ole jäsen",
        "You have exited this groupchat due to a technical problem":
            "Poistuit tästä ryhmäkeskustelusta teknisen ongelman vuoksi"
    },
    sv: {
        "Add Reaction": "Lägg till reaktion",
        "Frequently used": "Ofta använda",
        "Moderator": "Moderator",
        "Reply": "Svara"
    },
    uk: {
        "Add Reaction": "Додати реакцію",
        "Frequently used": "Часто вживані",
        "Reply": "Відповісти",
        // 14.0.0's "Шоу учасників" is a show, not "show".
        "Show participants": "Показати учасників",
        // 14.0.0's "Введіть груповий чат" says "type in a groupchat".
        "Enter groupchat": "Увійти до групового чату"
    }
};
