#!/usr/bin/python3
"""gajim-profile.py - a Gajim 1.7 profile with one account, for the
screenshots (docs/screens/make-screens.sh).

Usage: gajim-profile.py CONFIG_ROOT PORT staff JID PASSWORD
       gajim-profile.py CONFIG_ROOT PORT admin JID PASSWORD
       gajim-profile.py CONFIG_ROOT PORT youth DOMAIN NICK

Writes CONFIG_ROOT/settings.sqlite through Gajim's own settings module
(the one `gajim -c CONFIG_ROOT` reads): the account connects to
127.0.0.1:PORT without TLS (the throwaway loopback Prosody has no
certificate), with its password in the settings instead of a keyring;
"youth" is an anonymous login (SASL ANONYMOUS), as on the youth page,
whose nickname in rooms is NICK. "admin" is like "staff", for the
service's admin: run it after "staff" on the same CONFIG_ROOT for a
profile with both accounts (tests/desktop/staff_day.py).
Run it as the user that will run Gajim: Gajim refuses to run as root.
"""
import sys

from gajim.common import app, configpaths
from gajim.common.settings import Settings


def main(root, port, mode, *rest):
    configpaths.set_config_root(root)
    configpaths.init()
    configpaths.create_paths()
    app.settings = settings = Settings()
    settings.init()
    # No keyring, no first-start hints, no update check, no tray icon.
    for key, value in {"use_keyring": False, "check_for_update": False,
                       "show_help_start_chat": False, "show_trayicon": False,
                       "autoaway": False, "autoxa": False,
                       "show_main_window_on_startup": "always"}.items():
        settings.set_app_setting(key, value)
    account = mode
    conf = {"active": True, "autoconnect": True, "resource": "gajim",
            "use_custom_host": True, "custom_host": "127.0.0.1",
            "custom_port": int(port), "custom_type": "PLAIN",
            "use_plain_connection": True,
            "confirm_unencrypted_connection": False,
            "savepass": True}
    if mode in ("staff", "admin"):
        jid, password = rest
        name, domain = jid.split("@", 1)
        # The address as the label: with two accounts Gajim shows the
        # label in each chat's header, where a word such as "Youth
        # worker" would pass for a badge from the room.
        conf.update(name=name, hostname=domain, password=password,
                    account_label=jid)
    elif mode == "youth":
        domain, nick = rest
        conf.update(name=nick, hostname=domain, anonymous_auth=True,
                    account_label="Youth (anonymous)")
    else:
        sys.exit(__doc__)
    settings.add_account(account)
    for key, value in conf.items():
        settings.set_account_setting(account, key, value)
    settings.save()


if __name__ == "__main__":
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
