/*
 * test_lang.c - message catalogues: loading, the checks that make a bad
 * translation a start-up error with file:line, picking a language, and
 * filling in arguments. Also loads the repository's conf/lang (or
 * $ECOPPER_LANG_DIR), so a broken translation fails `make check`, and
 * runs the build's completeness check (component/check-langs.sh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "err.h"
#include "lang.h"
#include "util.h"

static char dir[64];
static char err[512];

static const char *const en_full =
    "# comment\n"
    "weekday_mon = Monday\nweekday_tue = Tuesday\nweekday_wed = Wednesday\n"
    "weekday_thu = Thursday\nweekday_fri = Friday\nweekday_sat = Saturday\n"
    "weekday_sun = Sunday\n"
    "cldr_locale = en_FI\ncldr_date = dd/MM/y\ncldr_time = H.mm\n"
    "info_open_until = Open until %s.\n"
    "info_open_until_day = Open until %s %s %s.\n"
    "info_closed_next = Closed; opens %s %s at %s.\n"
    "info_closed = Closed now.\n"
    "hat_title = Verified %s\nhat_staff = staff\n"
    "nick_rooms_own = That name is the room's own.\n"
    "mod_nick = Moderation\nmod_desk_help = ok N, no N reason, queue.\n"
    "mod_banned = %s is banned.\n"
    "title_police_officer = Police officer\n"
    "title_youth_worker = Youth worker\n"
    "title_social_worker = Social worker\n"
    "closed_next = Closed. Opens %s %s at %s.\n"
    "closed = Closed.\n"
    "greeting = Open until %s.\n"
    "closing_soon = Closes in %s minutes, at %s.\n"
    "extended = Now closes at %s.\n"
    "bye_next = Bye. Opens %s %s at %s.\n"
    "bye = Bye.\n"
    "staff_over = Staff time over.\n"
    "staff_early = Staff from %s %s at %s.\n"
    "staff_closed = Nothing planned.\n"
    "queue_waiting = Waiting.\nqueue_rejected = Rejected.\n"
    "queue_rejected_reason = Rejected: %1$s\nqueue_full = Full.\n"
    "too_fast = Too fast.\nno_voice = No voice.\nfilter_link = Link.\n"
    "nick_too_often = Nick in %s s.\ninvite_too_often = Invite in %s s.\n"
    "report_too_often = Report in %s s.\nreport_long = Long.\n"
    "report_again = Again.\nqueue_not_saved = Not saved.\n"
    "mod_not_saved = %s not saved.\n"
    "filter_phone = Phone.\nfilter_email = E-mail.\n"
    "filter_handle = Handle.\nfilter_word = Word.\n"
    "report_usage = Usage.\nreport_thanks = Thanks.\n"
    "report_kept = Kept.\njoin_slowed = Wait %1$s s.\n"
    "voice_denied = No; again in %1$s s.\nvoice_wait = Wait %1$s s.\n"
    "voice_already = Has voice.\nvoice_role = Only voice.\n"
    "voice_nobody = Nobody.\n"
    "nick_in_use = In use.\nnick_reserved = Reserved.\n"
    "nick_banned = Banned nick.\nnick_staff = Staff.\nnick_word = Word.\n"
    "nick_mixed = Mixed.\nnick_bidi = Bidi.\nnick_badge = Badge.\n"
    "nick_address = Address.\n"
    "nick_invalid = Invalid.\nyou_banned = Banned.\nroom_full = Full.\n"
    "members_only = Members.\nstaff_only = Staff only.\npm_youths = PM.\n"
    "mod_question = Q #%1$s %2$s: %3$s (ok %1$s / no %1$s)\n"
    "mod_question_filtered = Q #%1$s %2$s (%4$s): %3$s\n"
    "mod_question_back = Q #%1$s %2$s: %3$s\n"
    "mod_published = Published #%1$s.\nmod_rejected = Rejected #%1$s.\n"
    "mod_not_waiting = Not waiting #%1$s.\nmod_no_number = No number.\n"
    "mod_reason_long = Too long.\nmod_queue_empty = Empty.\n"
    "mod_waiting = Waiting: %1$s.\n"
    "mod_form_bad = Bad form.\nmod_only_moderators = Moderators only.\n"
    "mod_report = Report %1$s: %2$s\nmod_voice_gone = Gone %1$s.\n"
    "mod_voice_has = Has %1$s.\nmod_voice_none = None %1$s.\n"
    "mod_voice_refused = Refused %1$s.\n"
    "mod_look_alike = %1$s like %2$s.\n"
    "mod_look_alike_reason = %1$s like %2$s: %3$s.\n"
    "err_bad_request = X.\n"
    "err_conflict = X.\n"
    "err_not_implemented = X.\n"
    "err_forbidden = X.\n"
    "err_gone = X.\n"
    "err_internal = X.\n"
    "err_not_found = X.\n"
    "err_jid_malformed = X.\n"
    "err_not_acceptable = X.\n"
    "err_not_allowed = X.\n"
    "err_not_authorized = X.\n"
    "err_policy = X.\n"
    "err_registration = X.\n"
    "err_busy = X.\n"
    "err_unavailable = X.\n"
    "err_unexpected = X.\n"
    "err_cmd_action = X.\n"
    "err_cmd_session = X.\n"
    "err_cmd_expired = X.\n"
    "err_cmd_malformed = X.\n"
    "err_cmd_payload = X.\n"
    "err_later = X.\n"
    "err_no_node = X.\n"
    "err_iq_id = X.\n"
    "err_iq_payload = X.\n"
    "err_no_messages = X.\n"
    "err_too_big = X.\n"
    "err_not_your_nick = X.\n"
    "err_no_room = X.\n"
    "err_not_in_room = X.\n"
    "err_enter_first = X.\n"
    "err_enter_first_pm = X.\n"
    "err_enter_first_invite = X.\n"
    "err_enter_as = X.\n"
    "err_nobody_nick = X.\n"
    "err_password = X.\n"
    "err_room_locked = X.\n"
    "err_room_name = X.\n"
    "err_rooms_full = X.\n"
    "err_back_room_name = X.\n"
    "err_staff_name = X.\n"
    "err_text_invalid = X.\n"
    "err_message_long = X.\n"
    "err_subject_long = X.\n"
    "err_subject_moderators = X.\n"
    "err_groupchat_to_nick = X.\n"
    "err_room_messages = X.\n"
    "err_room_forms = X.\n"
    "err_pm_not_allowed = X.\n"
    "err_reason_long = X.\n"
    "err_invite_jid = X.\n"
    "err_invite_admins = X.\n"
    "err_invite_voice = X.\n"
    "err_invite_banned = X.\n"
    "err_decline_none = X.\n"
    "err_retract_id = X.\n"
    "err_retract_moderators = X.\n"
    "err_role_moderators = X.\n"
    "err_grant_moderator = X.\n"
    "err_kick_self = X.\n"
    "err_keep_role = X.\n"
    "err_moderator_role = X.\n"
    "err_affil_admins = X.\n"
    "err_affil_owners = X.\n"
    "err_item_one = X.\n"
    "err_role_bad = X.\n"
    "err_affil_bad = X.\n"
    "err_jid_bad = X.\n"
    "err_affil_target = X.\n"
    "err_ban_self = X.\n"
    "err_service_admin = X.\n"
    "err_by_jid = X.\n"
    "err_youth_admin = X.\n"
    "err_too_many_items = X.\n"
    "err_item_twice = X.\n"
    "err_no_item = X.\n"
    "err_list_forbidden = X.\n"
    "err_ask_affil = X.\n"
    "err_ask_role = X.\n"
    "err_list_moderators = X.\n"
    "err_register_closed = X.\n"
    "err_register_submit = X.\n"
    "err_nick_needed = X.\n"
    "err_nick_taken = X.\n"
    "err_more_than_member = X.\n"
    "form_register_title = X.\n"
    "form_register_how = X.\n"
    "form_register_nick = X.\n"
    "err_owners_only = X.\n"
    "err_cfg_submit = X.\n"
    "err_cfg_bool = X.\n"
    "err_cfg_text_long = X.\n"
    "err_cfg_stays_persistent = X.\n"
    "err_cfg_password_needed = X.\n"
    "err_cfg_max_users = X.\n"
    "err_cfg_whois = X.\n"
    "err_cfg_allow_pm = X.\n"
    "err_cfg_history = X.\n"
    "err_cfg_broadcast = X.\n"
    "cfg_title = X.\n"
    "cfg_instructions = X.\n"
    "cfg_roomname = X.\n"
    "cfg_roomdesc = X.\n"
    "cfg_persistent = X.\n"
    "cfg_public = X.\n"
    "cfg_moderated = X.\n"
    "cfg_members_only = X.\n"
    "cfg_password_protected = X.\n"
    "cfg_password = X.\n"
    "cfg_change_subject = X.\n"
    "cfg_queue = X.\n"
    "cfg_max_users = X.\n"
    "cfg_whois = X.\n"
    "cfg_whois_none = X.\n"
    "cfg_moderators = X.\n"
    "cfg_anyone = X.\n"
    "cfg_broadcast = X.\n"
    "role_moderator = X.\n"
    "role_participant = X.\n"
    "role_visitor = X.\n"
    "cfg_allow_pm = X.\n"
    "cfg_pm_participants = X.\n"
    "cfg_pm_moderators = X.\n"
    "cfg_nobody = X.\n"
    "cfg_history = X.\n"
    "qform_title = X %1$s.\n"
    "qform_how = X.\n"
    "qform_from = X.\n"
    "qform_question = X.\n"
    "qform_decision = X.\n"
    "qform_approve = X.\n"
    "qform_reject = X.\n"
    "qform_reason = X.\n"
    "vform_title = X.\n"
    "vform_how = X.\n"
    "vform_role = X.\n"
    "vform_occupant = X.\n"
    "vform_nick = X.\n"
    "vform_allow = X.\n"
    "info_on_duty = X %1$s.\n"
    "info_occupants = X.\n"
    "info_subject = X.\n"
    "err_no_vcard = X.\n"
    "err_no_card = X.\n"
    "staff_gone = X.\n"
    "name_now_staff = X.\n"
    "mam_enter = X.\n"
    "mam_none = X.\n"
    "mam_unreadable = X.\n"
    "mam_no_id = X.\n"
    "mam_form_type = X.\n"
    "mam_with = X.\n"
    "mam_field = X.\n"
    "mam_time = X.\n"
    "mam_index = X.\n"
    "mam_max = X.\n"
    "mam_both = X.\n"
    "mam_queryid = X.\n"
    "cfg_archive_days = X %1$s.\n"
    "err_cfg_archive_days = X.\n"
    "adhoc_admins_only = Adhoc admins only.\n"
    "adhoc_no_room = Adhoc no room.\n"
    "adhoc_no_command = Adhoc no command.\n"
    "adhoc_no_node = Adhoc no node.\n"
    "adhoc_bad_action = Adhoc bad action.\n"
    "adhoc_no_session = Adhoc no session.\n"
    "adhoc_other_command = Adhoc other command.\n"
    "adhoc_busy = Adhoc busy.\n"
    "adhoc_execute_first = Adhoc execute first.\n"
    "adhoc_too_many = Adhoc too many.\n"
    "adhoc_no_prev = Adhoc no prev.\n"
    "adhoc_asks_full = Adhoc asks full.\n"
    "adhoc_submit = Adhoc submit.\n"
    "adhoc_cmd_create_room = Adhoc cmd create room.\n"
    "adhoc_cmd_list_rooms = Adhoc cmd list rooms.\n"
    "adhoc_cmd_destroy_room = Adhoc cmd destroy room.\n"
    "adhoc_cmd_staff_add = Adhoc cmd staff add.\n"
    "adhoc_cmd_staff_edit = Adhoc cmd staff edit.\n"
    "adhoc_cmd_staff_remove = Adhoc cmd staff remove.\n"
    "adhoc_cmd_staff_list = Adhoc cmd staff list.\n"
    "adhoc_cmd_staff_import = Adhoc cmd staff import.\n"
    "adhoc_cmd_staff_photo = Adhoc cmd staff photo.\n"
    "adhoc_cmd_moderation_log = Adhoc cmd moderation log.\n"
    "adhoc_cmd_schedule_set = Adhoc cmd schedule set.\n"
    "adhoc_cmd_schedule_show = Adhoc cmd schedule show.\n"
    "adhoc_cmd_open_now = Adhoc cmd open now.\n"
    "adhoc_cmd_close_now = Adhoc cmd close now.\n"
    "adhoc_cmd_extend = Adhoc cmd extend.\n"
    "adhoc_cmd_session_log = Adhoc cmd session log.\n"
    "adhoc_cmd_session_transcript = Adhoc cmd session transcript.\n"
    "adhoc_cmd_statistics = Adhoc cmd statistics.\n"
    "adhoc_cmd_archive_purge = Adhoc cmd archive purge.\n"
    "adhoc_cmd_set_clock = Adhoc cmd set clock.\n"
    "adhoc_cmd_queue = Adhoc cmd queue.\n"
    "adhoc_queue_denied = Adhoc queue denied.\n"
    "adhoc_staff_add_ins = Adhoc staff add ins.\n"
    "adhoc_staff_jid = Adhoc staff jid.\n"
    "adhoc_staff_name = Adhoc staff name.\n"
    "adhoc_staff_title = Adhoc staff title.\n"
    "adhoc_staff_org = Adhoc staff org.\n"
    "adhoc_staff_role = Adhoc staff role.\n"
    "adhoc_staff_role_moderator = Adhoc staff role moderator.\n"
    "adhoc_staff_role_participant = Adhoc staff role participant.\n"
    "adhoc_staff_bad_role = Adhoc staff bad role.\n"
    "adhoc_staff_need_name = Adhoc staff need name.\n"
    "adhoc_staff_added = Adhoc staff added %1$s %2$s.\n"
    "adhoc_staff_updated = Adhoc staff updated %1$s %2$s.\n"
    "adhoc_staff_need_jid = Adhoc staff need jid.\n"
    "adhoc_staff_exists = Adhoc staff exists.\n"
    "adhoc_staff_member = Adhoc staff member.\n"
    "adhoc_staff_choose = Adhoc staff choose.\n"
    "adhoc_staff_address = Adhoc staff address.\n"
    "adhoc_staff_gone = Adhoc staff gone.\n"
    "adhoc_staff_remove_ins = Adhoc staff remove ins.\n"
    "adhoc_staff_no_such = Adhoc staff no such.\n"
    "adhoc_staff_removed = Adhoc staff removed %1$s.\n"
    "adhoc_staff = Adhoc staff.\n"
    "adhoc_staff_name_col = Adhoc staff name col.\n"
    "adhoc_staff_title_col = Adhoc staff title col.\n"
    "adhoc_staff_role_col = Adhoc staff role col.\n"
    "adhoc_staff_none = Adhoc staff none.\n"
    "adhoc_staff_count_one = Adhoc staff count one.\n"
    "adhoc_staff_count = Adhoc staff count %1$s.\n"
    "adhoc_photo_title = Adhoc photo title.\n"
    "adhoc_photo_ins = Adhoc photo ins.\n"
    "adhoc_photo_action = Adhoc photo action.\n"
    "adhoc_photo_vcard = Adhoc photo vcard.\n"
    "adhoc_photo_paste = Adhoc photo paste.\n"
    "adhoc_photo_remove = Adhoc photo remove.\n"
    "adhoc_photo_field = Adhoc photo field.\n"
    "adhoc_photo_bad_action = Adhoc photo bad action.\n"
    "adhoc_photo_set = Adhoc photo set %1$s %2$s %3$s.\n"
    "adhoc_photo_removed = Adhoc photo removed %1$s.\n"
    "adhoc_photo_timeout = Adhoc photo timeout %1$s %2$s.\n"
    "adhoc_photo_no_vcard = Adhoc photo no vcard %1$s.\n"
    "adhoc_photo_vcard_error = Adhoc photo vcard error %1$s %2$s.\n"
    "adhoc_photo_no_picture = Adhoc photo no picture %1$s.\n"
    "adhoc_photo_bad_picture = Adhoc photo bad picture %1$s %2$s.\n"
    "adhoc_import_ins = Adhoc import ins.\n"
    "adhoc_import_submit = Adhoc import submit.\n"
    "adhoc_import_line = Adhoc import line %1$s %2$s.\n"
    "adhoc_import_done_one = Adhoc import done one %1$s %2$s.\n"
    "adhoc_import_done = Adhoc import done %1$s %2$s %3$s.\n"
    "adhoc_queue_title = Adhoc queue title %1$s.\n"
    "adhoc_queue_ins = Adhoc queue ins.\n"
    "adhoc_queue_questions = Adhoc queue questions.\n"
    "adhoc_queue_decision = Adhoc queue decision.\n"
    "adhoc_queue_approve = Adhoc queue approve.\n"
    "adhoc_queue_reject = Adhoc queue reject.\n"
    "adhoc_queue_reason = Adhoc queue reason.\n"
    "adhoc_queue_bad_number = Adhoc queue bad number.\n"
    "adhoc_queue_bad_decision = Adhoc queue bad decision.\n"
    "adhoc_queue_empty_in = Adhoc queue empty in %1$s.\n"
    "adhoc_queue_published = Adhoc queue published %1$s.\n"
    "adhoc_queue_rejected = Adhoc queue rejected %1$s.\n"
    "adhoc_queue_gone = Adhoc queue gone %1$s.\n"
    "adhoc_queue_empty_now = Adhoc queue empty now.\n"
    "adhoc_room_mode_open = Adhoc room mode open.\n"
    "adhoc_room_mode_queue = Adhoc room mode queue.\n"
    "adhoc_room_mode_moderated = Adhoc room mode moderated.\n"
    "adhoc_room_create_ins = Adhoc room create ins %1$s %2$s.\n"
    "adhoc_room_name = Adhoc room name.\n"
    "adhoc_room_title = Adhoc room title.\n"
    "adhoc_room_description = Adhoc room description.\n"
    "adhoc_room_mode = Adhoc room mode.\n"
    "adhoc_room_max = Adhoc room max.\n"
    "adhoc_room_bad_mode = Adhoc room bad mode.\n"
    "adhoc_room_not_stored = Adhoc room not stored.\n"
    "adhoc_room_created = Adhoc room created %1$s %2$s.\n"
    "adhoc_room_created_hours = Adhoc room created hours %1$s %2$s %3$s.\n"
    "adhoc_rooms = Adhoc rooms.\n"
    "adhoc_room_address = Adhoc room address.\n"
    "adhoc_room_created_col = Adhoc room created col %1$s.\n"
    "adhoc_rooms_none = Adhoc rooms none.\n"
    "adhoc_rooms_one = Adhoc rooms one.\n"
    "adhoc_rooms_count = Adhoc rooms count %1$s.\n"
    "adhoc_destroy_ins = Adhoc destroy ins.\n"
    "adhoc_room = Adhoc room.\n"
    "adhoc_reason = Adhoc reason.\n"
    "adhoc_choose_room = Adhoc choose room.\n"
    "adhoc_room_elsewhere = Adhoc room elsewhere.\n"
    "adhoc_room_destroyed = Adhoc room destroyed %1$s.\n"
    "adhoc_modlog_ins = Adhoc modlog ins %1$s.\n"
    "adhoc_modlog_all = Adhoc modlog all.\n"
    "adhoc_modlog_when = Adhoc modlog when %1$s.\n"
    "adhoc_modlog_actor = Adhoc modlog actor.\n"
    "adhoc_modlog_actor_oid = Adhoc modlog actor oid.\n"
    "adhoc_modlog_action = Adhoc modlog action.\n"
    "adhoc_modlog_target = Adhoc modlog target.\n"
    "adhoc_modlog_target_oid = Adhoc modlog target oid.\n"
    "adhoc_modlog_unreadable = Adhoc modlog unreadable.\n"
    "adhoc_when = Adhoc when %1$s %2$s %3$s.\n"
    "adhoc_hours_open_until = Adhoc hours open until %1$s.\n"
    "adhoc_hours_open_until_day = Adhoc hours open until day %1$s %2$s %3$s.\n"
    "adhoc_hours_closed_next = Adhoc hours closed next %1$s %2$s %3$s.\n"
    "adhoc_hours_closed = Adhoc hours closed.\n"
    "adhoc_hours_always = Adhoc hours always.\n"
    "adhoc_slots = Adhoc slots.\n"
    "adhoc_exceptions = Adhoc exceptions.\n"
    "adhoc_line_too_many = Adhoc line too many %1$s %2$s %3$s %4$s.\n"
    "adhoc_line_bad = Adhoc line bad %1$s %2$s %3$s %4$s.\n"
    "adhoc_hours_greeting_field = Adhoc hours greeting field.\n"
    "adhoc_hours_subject_field = Adhoc hours subject field.\n"
    "adhoc_hours_warn_field = Adhoc hours warn field.\n"
    "adhoc_hours_before_field = Adhoc hours before field.\n"
    "adhoc_hours_after_field = Adhoc hours after field.\n"
    "adhoc_minutes_bad = Adhoc minutes bad %1$s %2$s %3$s.\n"
    "adhoc_text_too_long = Adhoc text too long %1$s %2$s.\n"
    "adhoc_hours_greeting = Adhoc hours greeting.\n"
    "adhoc_hours_subject = Adhoc hours subject.\n"
    "adhoc_hours_warn = Adhoc hours warn.\n"
    "adhoc_hours_before = Adhoc hours before.\n"
    "adhoc_hours_after = Adhoc hours after.\n"
    "adhoc_schedule_set_ins = Adhoc schedule set ins %1$s.\n"
    "adhoc_not_persistent_hours = Adhoc not persistent hours.\n"
    "adhoc_hours_not_stored = Adhoc hours not stored.\n"
    "adhoc_hours_removed = Adhoc hours removed %1$s.\n"
    "adhoc_hours_saved = Adhoc hours saved %1$s %2$s %3$s %4$s %5$s.\n"
    "adhoc_hours_title = Adhoc hours title.\n"
    "adhoc_hours_zone = Adhoc hours zone.\n"
    "adhoc_hours_scheduled = Adhoc hours scheduled.\n"
    "adhoc_hours_greeting_show = Adhoc hours greeting show.\n"
    "adhoc_hours_builtin = Adhoc hours builtin.\n"
    "adhoc_hours_subject_show = Adhoc hours subject show.\n"
    "adhoc_hours_unchanged = Adhoc hours unchanged.\n"
    "adhoc_hours_warn_show = Adhoc hours warn show.\n"
    "adhoc_hours_before_show = Adhoc hours before show.\n"
    "adhoc_hours_after_show = Adhoc hours after show.\n"
    "adhoc_hours_open_now = Adhoc hours open now.\n"
    "adhoc_hours_overridden = Adhoc hours overridden.\n"
    "adhoc_hours_closes = Adhoc hours closes.\n"
    "adhoc_hours_now = Adhoc hours now.\n"
    "adhoc_hours_next = Adhoc hours next.\n"
    "adhoc_hours_next_utc = Adhoc hours next utc.\n"
    "adhoc_open_ins = Adhoc open ins.\n"
    "adhoc_close_ins = Adhoc close ins.\n"
    "adhoc_extend_ins = Adhoc extend ins.\n"
    "adhoc_open_minutes = Adhoc open minutes.\n"
    "adhoc_open_minutes_short = Adhoc open minutes short.\n"
    "adhoc_extend_minutes = Adhoc extend minutes.\n"
    "adhoc_extend_minutes_short = Adhoc extend minutes short.\n"
    "adhoc_open_already = Adhoc open already.\n"
    "adhoc_closed_already = Adhoc closed already.\n"
    "adhoc_extend_closed = Adhoc extend closed.\n"
    "adhoc_extend_always = Adhoc extend always.\n"
    "adhoc_not_persistent_open = Adhoc not persistent open.\n"
    "adhoc_change_not_stored = Adhoc change not stored.\n"
    "adhoc_sessions_ins = Adhoc sessions ins %1$s %2$s.\n"
    "adhoc_sessions = Adhoc sessions.\n"
    "adhoc_sessions_opened = Adhoc sessions opened.\n"
    "adhoc_sessions_closed = Adhoc sessions closed.\n"
    "adhoc_sessions_opened_by = Adhoc sessions opened by.\n"
    "adhoc_sessions_closed_by = Adhoc sessions closed by.\n"
    "adhoc_sessions_youths = Adhoc sessions youths.\n"
    "adhoc_sessions_peak = Adhoc sessions peak.\n"
    "adhoc_sessions_messages = Adhoc sessions messages.\n"
    "adhoc_sessions_held = Adhoc sessions held.\n"
    "adhoc_sessions_open_now = Adhoc sessions open now.\n"
    "adhoc_sessions_unreadable = Adhoc sessions unreadable.\n"
    "adhoc_clock_ins = Adhoc clock ins %1$s.\n"
    "adhoc_clock_title = Adhoc clock title.\n"
    "adhoc_clock_field = Adhoc clock field %1$s.\n"
    "adhoc_clock_bad = Adhoc clock bad %1$s.\n"
    "adhoc_clock_reads = Adhoc clock reads %1$s %2$s %3$s.\n"
    "adhoc_transcript_ins = Adhoc transcript ins.\n"
    "adhoc_transcript_sessions_ins = Sessions %1$s %2$s %3$s.\n"
    "adhoc_transcript_session = Adhoc transcript session.\n"
    "adhoc_transcript_option = Adhoc transcript option %1$s %2$s %3$s.\n"
    "adhoc_transcript_option_open = Adhoc transcript option open %1$s.\n"
    "adhoc_transcript_choose = Adhoc transcript choose.\n"
    "adhoc_transcript_unreadable = Adhoc transcript unreadable.\n"
    "adhoc_transcript_no_session = Adhoc transcript no session.\n"
    "adhoc_transcript = Adhoc transcript.\n"
    "adhoc_transcript_lines_one = Adhoc transcript lines one.\n"
    "adhoc_transcript_lines = Adhoc transcript lines %1$s.\n"
    "adhoc_stats = Adhoc stats.\n"
    "adhoc_stats_ins = Adhoc stats ins %1$s.\n"
    "adhoc_stats_session_field = Adhoc stats session field.\n"
    "adhoc_stats_month_field = Adhoc stats month field.\n"
    "adhoc_stats_from_field = Adhoc stats from field.\n"
    "adhoc_stats_to_field = Adhoc stats to field.\n"
    "adhoc_stats_no_room = Adhoc stats no room.\n"
    "adhoc_stats_one_period = Adhoc stats one period.\n"
    "adhoc_stats_choose_session = Adhoc stats choose session.\n"
    "adhoc_stats_bad_month = Adhoc stats bad month.\n"
    "adhoc_stats_bad_range = Adhoc stats bad range.\n"
    "adhoc_stats_other_session = Adhoc stats other session.\n"
    "adhoc_stats_unreadable = Adhoc stats unreadable.\n"
    "adhoc_stats_period_session = Adhoc stats period session %1$s %2$s.\n"
    "adhoc_stats_period_range = Adhoc stats period range %1$s %2$s.\n"
    "adhoc_stats_period = Adhoc stats period.\n"
    "adhoc_stats_visitors = Adhoc stats visitors.\n"
    "adhoc_stats_peak = Adhoc stats peak.\n"
    "adhoc_stats_staff = Adhoc stats staff.\n"
    "adhoc_stats_asked = Adhoc stats asked.\n"
    "adhoc_stats_published = Adhoc stats published.\n"
    "adhoc_stats_rejected = Adhoc stats rejected.\n"
    "adhoc_stats_reports = Adhoc stats reports.\n"
    "adhoc_stats_kicks = Adhoc stats kicks.\n"
    "adhoc_stats_bans = Adhoc stats bans.\n"
    "adhoc_stats_answered = Adhoc stats answered.\n"
    "adhoc_stats_median = Adhoc stats median.\n"
    "adhoc_stats_p90 = Adhoc stats p90.\n"
    "adhoc_stats_csv = Adhoc stats csv %1$s.\n"
    "adhoc_purge_ins = Adhoc purge ins %1$s.\n"
    "adhoc_purge_days = Adhoc purge days.\n"
    "adhoc_purge_bad_days = Adhoc purge bad days.\n"
    "adhoc_purge_not_stored = Adhoc purge not stored.\n"
    "adhoc_purge_failed = Adhoc purge failed.\n"
    "adhoc_purge_done_one = Adhoc purge done one %1$s.\n"
    "adhoc_hours_remove = Remove.\n"
    "adhoc_hours_remove_and_lines = Remove and lines.\n"
    "adhoc_purge_done = Adhoc purge done %1$s %2$s.\n"
    "why_sched_too_long = Why sched too long %1$s.\n"
    "why_sched_empty_slot = Why sched empty slot.\n"
    "why_sched_weekday = Why sched weekday %1$s.\n"
    "why_sched_unknown_weekday = Why sched unknown weekday %1$s.\n"
    "why_sched_range = Why sched range.\n"
    "why_sched_time = Why sched time %1$s.\n"
    "why_sched_hour = Why sched hour %1$s.\n"
    "why_sched_minute = Why sched minute %1$s.\n"
    "why_sched_24_end = Why sched 24 end.\n"
    "why_sched_no_end = Why sched no end.\n"
    "why_sched_dash = Why sched dash %1$s.\n"
    "why_sched_same = Why sched same.\n"
    "why_sched_trailing = Why sched trailing %1$s.\n"
    "why_sched_empty_exception = Why sched empty exception.\n"
    "why_sched_date = Why sched date %1$s.\n"
    "why_sched_year = Why sched year %1$s.\n"
    "why_sched_month = Why sched month %1$s.\n"
    "why_sched_day = Why sched day %1$s %2$s.\n"
    "why_sched_kind_missing = Why sched kind missing.\n"
    "why_sched_closed_range = Why sched closed range.\n"
    "why_sched_kind_unknown = Why sched kind unknown %1$s.\n"
    "why_sched_start_minute = Why sched start minute %1$s.\n"
    "why_sched_end_minute = Why sched end minute %1$s.\n"
    "why_sched_no_slot = Why sched no slot.\n"
    "why_sched_weekday_number = Why sched weekday number %1$s.\n"
    "why_sched_no_exception = Why sched no exception.\n"
    "why_sched_kind_number = Why sched kind number %1$s.\n"
    "why_room_name_length = Why room name length.\n"
    "why_room_name_chars = Why room name chars.\n"
    "why_room_name_needed = Why room name needed.\n"
    "why_room_title_long = Why room title long.\n"
    "why_room_desc_long = Why room desc long.\n"
    "why_room_exists = Why room exists.\n"
    "why_room_not_stored = Why room not stored.\n"
    "why_staff_jid = Why staff jid.\n"
    "why_staff_name = Why staff name.\n"
    "why_staff_text_long = Why staff text long.\n"
    "why_staff_photo_big = Why staff photo big.\n"
    "why_staff_name_taken = Why staff name taken.\n"
    "why_photo_too_big = Why photo too big %1$s.\n"
    "why_photo_base64 = Why photo base64.\n"
    "why_photo_none = Why photo none.\n"
    "why_photo_type = Why photo type.\n"
    "why_import_too_many = Why import too many %1$s.\n"
    "why_import_fields = Why import fields.\n"
    "why_import_role = Why import role.\n"
    "why_import_name_belongs = Why import name belongs %1$s %2$s.\n"
    "why_import_twice = Why import twice %1$s.\n"
    "why_import_busy = Why import busy.\n"
    "why_import_name_taken = Why import name taken.\n"
    "why_import_not_stored = Why import not stored.\n"
    "why_import_refused = Why import refused.\n";

static void put_file(const char *name, const char *text)
{
    char *path = xasprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "w");

    fputs(text, f);
    fclose(f);
    free(path);
}

static void clear_dir(void)
{
    const char *names[] = {"en.txt", "fi.txt", "sv.txt", "english.txt",
                           "README"};

    for (size_t i = 0; i < ARRAY_LEN(names); i++) {
        char *path = xasprintf("%s/%s", dir, names[i]);

        unlink(path);
        free(path);
    }
}

/* Loads dir with en.txt = en_full plus fi.txt = fi; 1 when it fails with
 * an error containing want (and prints the error otherwise). */
static int fi_fails(const char *fi, const char *want)
{
    struct langs *l;

    clear_dir();
    put_file("en.txt", en_full);
    put_file("fi.txt", fi);
    l = lang_load(dir, err, sizeof(err));
    if (l != NULL) {
        lang_free(l);
        fprintf(stderr, "fi.txt accepted: %s", fi);
        return 0;
    }
    if (strstr(err, want) == NULL) {
        fprintf(stderr, "error '%s' lacks '%s'\n", err, want);
        return 0;
    }
    return 1;
}

/* 1 when en.txt = en_full plus fi.txt = fi loads. */
static int fi_loads(const char *fi)
{
    struct langs *l;

    clear_dir();
    put_file("en.txt", en_full);
    put_file("fi.txt", fi);
    if ((l = lang_load(dir, err, sizeof(err))) == NULL) {
        fprintf(stderr, "fi.txt refused: %s\n", err);
        return 0;
    }
    lang_free(l);
    return 1;
}

static void test_checks(void)
{
    char where[128];

    /* Unknown keys and bad placeholders name the file and the line. */
    snprintf(where, sizeof(where), "%s/fi.txt:3: unknown key 'closed_nxt'",
             dir);
    CHECK(fi_fails("# x\n\nclosed_nxt = Suljettu.\n", where));
    snprintf(where, sizeof(where), "%s/fi.txt:1: 'closed_next'", dir);
    CHECK(fi_fails("closed_next = Suljettu, %1$s %2$s.\n", where));
    CHECK(fi_fails("closed_next = Suljettu, %1$s %2$s.\n",
                   "placeholder %3$s is missing"));
    CHECK(fi_fails("closed_next = Suljettu %s %s.\n", "this one has 2"));
    CHECK(fi_fails("closed_next = %s %s %s %s\n", "this one has 4"));
    CHECK(fi_fails("closed_next = %1$s %2$s %4$s %3$s\n", "%4$s"));
    CHECK(fi_fails("closed_next = %1$s %s %s\n", "mixes"));
    CHECK(fi_fails("closed = 100% kiinni\n", "percent"));
    CHECK(fi_fails("closed = %s\n", "takes 0 arguments"));
    CHECK(fi_fails("closed = a\nclosed = b\n", ":2: 'closed' is set twice"));
    CHECK(fi_fails("closed\n", ":1: expected 'key = text'"));
    CHECK(fi_fails("closed =   \n", "has no text"));
    CHECK(fi_fails("closed = \xff\xfe\n", "not valid UTF-8"));
    /* A sound file with %% and reordered arguments loads. */
    CHECK(fi_loads("closed_next = %3$s %2$s %1$s 100%%\n"));

    /* English is required, and complete. */
    clear_dir();
    put_file("fi.txt", "closed = Kiinni.\n");
    CHECK(lang_load(dir, err, sizeof(err)) == NULL && strstr(err, "en.txt"));
    clear_dir();
    put_file("en.txt", "closed = Closed.\n");
    CHECK(lang_load(dir, err, sizeof(err)) == NULL &&
          strstr(err, "en.txt: missing key 'weekday_mon'"));
    /* A *.txt that is not a language code is an error; other files are
     * ignored. */
    clear_dir();
    put_file("en.txt", en_full);
    put_file("README", "not a catalogue\n");
    put_file("english.txt", en_full);
    CHECK(lang_load(dir, err, sizeof(err)) == NULL &&
          strstr(err, "english.txt"));
    CHECK(lang_load("/nonexistent/lang", err, sizeof(err)) == NULL &&
          strstr(err, "/nonexistent/lang"));
    /* A NUL byte: not a text file (the rest would be lost unseen). */
    {
        char *path = xasprintf("%s/fi.txt", dir);
        FILE *f = fopen(path, "wb");

        fwrite("closed = a\0b\n", 1, 13, f);
        fclose(f);
        free(path);
        CHECK(lang_load(dir, err, sizeof(err)) == NULL &&
              strstr(err, "fi.txt: holds a NUL byte"));
    }
}

/* lang_load_texts(): the parser lang_load() and the built-in catalogues
 * use, from memory; a base set lends its English. */
static void test_texts(void)
{
    struct lang_text en = {"en", en_full}, fi = {"fi", "closed = Kiinni.\n"};
    struct lang_text both[] = {{"fi", "closed = Kiinni.\n"},
                               {"en", en_full}};
    struct lang_text bad[] = {{"fi", "closed = %d\n"}};
    struct lang_text named[] = {{"english", en_full}};
    struct langs *base, *l;

    CHECK(lang_load_texts(NULL, &fi, 1, "mem", err, sizeof(err)) == NULL &&
          strstr(err, "mem: no en.txt"));
    CHECK(lang_load_texts(NULL, named, 1, "mem", err, sizeof(err)) == NULL &&
          strstr(err, "mem/english.txt: a catalogue is named"));
    base = lang_load_texts(NULL, &en, 1, "mem", err, sizeof(err));
    CHECK(base != NULL && lang_count(base) == 1);
    if (base == NULL)
        return;
    CHECK(lang_load_texts(base, bad, 1, "mem", err, sizeof(err)) == NULL &&
          strstr(err, "mem/fi.txt:1: 'closed': a '%'"));
    /* fi over base: English is base's, shared; base outlives the set. */
    l = lang_load_texts(base, &fi, 1, "mem", err, sizeof(err));
    CHECK(l != NULL);
    if (l != NULL) {
        CHECK(lang_count(l) == 2);
        CHECK_STR(lang_code_at(l, 0), "en");
        CHECK_STR(lang_text(lang_pick(l, "fi", NULL), LANG_CLOSED),
                  "Kiinni.");
        CHECK_STR(lang_text(lang_pick(l, "fi", NULL), LANG_BYE), "Bye.");
        CHECK(lang_text(lang_pick(l, "en", NULL), LANG_BYE) ==
              lang_text(lang_pick(base, "en", NULL), LANG_BYE));
        lang_free(l);
    }
    CHECK_STR(lang_text(lang_pick(base, "en", NULL), LANG_BYE), "Bye.");
    /* Texts with their own English do not take base's. */
    l = lang_load_texts(base, both, ARRAY_LEN(both), "mem", err,
                        sizeof(err));
    CHECK(l != NULL && lang_count(l) == 2 &&
          lang_text(lang_pick(l, "en", NULL), LANG_BYE) !=
              lang_text(lang_pick(base, "en", NULL), LANG_BYE));
    lang_free(l);
    lang_free(base);
    /* The built-in copies of conf/lang load through the same parser. */
    l = lang_load_builtin(err, sizeof(err));
    CHECK(l != NULL && lang_count(l) == lang_nbuiltin);
    if (l == NULL)
        fprintf(stderr, "built in: %s\n", err);
    lang_free(l);
}

static void test_pick_and_format(void)
{
    const struct lang_cat *c;
    struct langs *l;
    char buf[128];
    const char *args[] = {"maanantaina", "2026-12-07", "16:00"};

    clear_dir();
    put_file("en.txt", en_full);
    /* fi lacks "closed": English is used for it. A BOM is skipped. */
    put_file("fi.txt", "\xEF\xBB\xBFweekday_mon = maanantaina\n"
                       "closed_next = Kiinni. %1$s %2$s klo %3$s, 5 %%.\\n"
                       "Tervetuloa!\n");
    l = lang_load(dir, err, sizeof(err));
    CHECK(l != NULL);
    if (l == NULL) {
        fprintf(stderr, "%s\n", err);
        return;
    }
    CHECK(lang_count(l) == 2);
    CHECK_STR(lang_code_at(l, 0), "en");
    CHECK_STR(lang_code(lang_cat_at(l, 1)), lang_code_at(l, 1));
    CHECK(lang_cat_at(l, 2) == NULL);
    CHECK_STR(lang_code(lang_pick(l, "fi", NULL)), "fi");
    CHECK_STR(lang_code(lang_pick(l, "FI-fi", NULL)), "fi");
    CHECK_STR(lang_code(lang_pick(l, "fi_FI", "en")), "fi");
    /* "fil" is Filipino, not Finnish; "sv" has no catalogue here. */
    CHECK_STR(lang_code(lang_pick(l, "fil", "en")), "en");
    CHECK_STR(lang_code(lang_pick(l, "sv", "fi")), "fi");
    CHECK_STR(lang_code(lang_pick(l, NULL, NULL)), "en");
    CHECK_STR(lang_code(lang_pick(l, "", "x-klingon")), "en");
    c = lang_pick(l, "fi", NULL);
    CHECK_STR(lang_text(c, LANG_WEEKDAY_MON), "maanantaina");
    CHECK_STR(lang_text(c, LANG_CLOSED), "Closed.");
    CHECK(lang_format(c, LANG_CLOSED_NEXT, buf, sizeof(buf), args, 3) == 0);
    CHECK_STR(buf, "Kiinni. maanantaina 2026-12-07 klo 16:00, 5 %.\n"
                   "Tervetuloa!");
    CHECK(lang_format(c, LANG_CLOSED_NEXT, buf, sizeof(buf), args, 2) ==
          ERR_INTERNAL);
    c = lang_pick(l, "en", NULL);
    /* An argument is copied as it is: a moderator's "%s" stays. */
    CHECK(lang_format(c, LANG_QUEUE_REJECTED_REASON, buf, sizeof(buf),
                      (const char *const[]){"100%s %1$s"}, 1) == 0);
    CHECK_STR(buf, "Rejected: 100%s %1$s");
    /* A placeholder may appear more than once (a question's number in
     * "ok 3 / no 3"). */
    CHECK(lang_format(c, LANG_MOD_QUESTION, buf, sizeof(buf),
                      (const char *const[]){"3", "kid", "why?"}, 3) == 0);
    CHECK_STR(buf, "Q #3 kid: why? (ok 3 / no 3)");
    CHECK(lang_format(c, LANG_CLOSED_NEXT, buf, sizeof(buf), args, 3) == 0);
    CHECK_STR(buf, "Closed. Opens maanantaina 2026-12-07 at 16:00.");
    /* Too short: cut, terminated, and never inside a character. */
    {
        const char *uk[] = {"\xd1\x83 \xd0\xbf", "2026-12-07", "16:00"};

        CHECK(lang_format(c, LANG_CLOSED_NEXT, buf, 16, uk, 3) == ERR_INTERNAL);
        CHECK(strlen(buf) <= 15 && utf8_len(buf) >= 0);
        /* 18 bytes fit: "Closed. Opens \xd1\x83 " is 17, and the next
         * character takes 2. */
        CHECK(lang_format(c, LANG_CLOSED_NEXT, buf, 19, uk, 3) == ERR_INTERNAL);
        CHECK(strlen(buf) == 17 && utf8_len(buf) >= 0);
    }
    /* A new string as long as it needs: a 3000-byte argument, three
     * times over; NULL for a wrong count, an empty text for NULL. */
    {
        char *big = xmalloc(3001), *out;

        memset(big, 'x', 3000);
        big[3000] = '\0';
        out = lang_format_new(c, LANG_MOD_QUESTION,
                              (const char *const[]){big, "kid", "why?"}, 3);
        CHECK(out && strlen(out) == 9000 + strlen("Q # kid: why? (ok  / no )"));
        CHECK(out && strncmp(out, "Q #xxx", 6) == 0 &&
              strcmp(out + strlen(out) - 4, "xxx)") == 0);
        free(out);
        free(big);
        CHECK(lang_format_new(c, LANG_MOD_QUESTION, args, 2) == NULL);
        CHECK(lang_format_new(c, LANG_NKEYS, NULL, 0) == NULL);
        out = lang_format_new(c, LANG_MOD_PUBLISHED,
                              (const char *const[]){NULL}, 1);
        CHECK_STR(out, "Published #.");
        free(out);
        out = lang_format_new(c, LANG_CLOSED, NULL, 0);
        CHECK_STR(out, "Closed.");
        free(out);
    }
    CHECK_STR(lang_key_name(LANG_CLOSED_NEXT), "closed_next");
    CHECK(lang_key_name(LANG_NKEYS) == NULL);
    lang_free(l);
    lang_free(NULL);
}

/* A model's reason: a key and copied arguments, rendered in any
 * catalogue as lang_format() renders the key. */
static void test_reasons(void)
{
    struct langs *l = lang_load_builtin(err, sizeof(err));
    const struct lang_cat *en, *fi;
    struct lang_reason r, copy;
    char buf[256], want[256], *big;
    int rc;

    CHECK(l != NULL);
    if (l == NULL)
        return;
    en = lang_pick(l, "en", NULL);
    fi = lang_pick(l, "fi", NULL);
    lang_reason_clear(&r);
    CHECK(!lang_reason_given(&r) && !lang_reason_given(NULL));
    CHECK(lang_reason_format(en, &r, buf, sizeof(buf)) == ERR_INTERNAL &&
          buf[0] == '\0');
    /* The code comes back, for "return lang_reason_set(...)". */
    CHECK(lang_reason_set(NULL, ERR_CONFLICT, LANG_CLOSED, NULL, 0) ==
          ERR_CONFLICT);
    CHECK(lang_reason_set(&r, ERR_BAD_REQUEST, LANG_CLOSED, NULL, 0) ==
          ERR_BAD_REQUEST);
    CHECK(lang_reason_given(&r) &&
          lang_reason_format(fi, &r, buf, sizeof(buf)) == 0);
    CHECK_STR(buf, lang_text(fi, LANG_CLOSED));
    {
        char a[8] = "3", b[8] = "kid";

        lang_reason_set(&r, 1, LANG_MOD_QUESTION, LANG_ARGS(a, b, NULL));
        /* Copied: the caller's strings may go. */
        a[0] = b[0] = '\0';
    }
    copy = r;
    memset(&r, 0xff, sizeof(r));
    CHECK(lang_format(en, LANG_MOD_QUESTION, want, sizeof(want),
                      (const char *const[]){"3", "kid", ""}, 3) == 0);
    CHECK(lang_reason_format(en, &copy, buf, sizeof(buf)) == 0);
    CHECK_STR(buf, want);
    CHECK(lang_format(fi, LANG_MOD_QUESTION, want, sizeof(want),
                      (const char *const[]){"3", "kid", ""}, 3) == 0);
    CHECK(lang_reason_format(fi, &copy, buf, sizeof(buf)) == 0);
    CHECK_STR(buf, want);
    /* A wrong count is a bug: no reason, the code still returned. */
    CHECK(lang_reason_set(&r, 7, LANG_MOD_QUESTION, LANG_ARGS("3")) == 7);
    CHECK(!lang_reason_given(&r));
    CHECK(lang_reason_set(&r, 7, LANG_NKEYS, NULL, 0) == 7 &&
          !lang_reason_given(&r));
    /* Too long for buf: the first argument is cut inside, at a character
     * boundary; the later ones keep at least their terminator. */
    big = xmalloc(2 * LANG_REASON_BUF + 1);
    for (size_t i = 0; i + 1 < 2 * LANG_REASON_BUF; i += 2)
        memcpy(big + i, "\xc3\xa4", 2);
    big[2 * LANG_REASON_BUF] = '\0';
    lang_reason_set(&r, 0, LANG_MOD_QUESTION, LANG_ARGS(big, "kid", "x"));
    CHECK(lang_reason_given(&r) && r.nargs == 3);
    CHECK(utf8_len(r.buf + r.off[0]) > 0 && r.off[2] < LANG_REASON_BUF);
    rc = lang_reason_format(en, &r, buf, sizeof(buf));
    CHECK(rc == ERR_INTERNAL && utf8_len(buf) >= 0); /* buf is short */
    free(big);
    lang_free(l);
}

/* The catalogues we ship: every one loads, and has every key. */
static void test_shipped(void)
{
    const char *d = getenv("ECOPPER_LANG_DIR");
    const char *want[] = {"en", "fi", "sv", "uk"};
    struct langs *l;

    l = lang_load(d ? d : "conf/lang", err, sizeof(err));
    CHECK(l != NULL);
    if (l == NULL) {
        fprintf(stderr, "conf/lang: %s (run from the repository's top)\n", err);
        return;
    }
    for (size_t i = 0; i < ARRAY_LEN(want); i++) {
        const struct lang_cat *c = lang_pick(l, want[i], NULL);

        CHECK_STR(lang_code(c), want[i]);
        for (int k = 0; k < LANG_NKEYS; k++) {
            /* No silent fallback to English in a shipped catalogue. */
            const struct lang_cat *en = lang_pick(l, "en", NULL);

            if (strcmp(want[i], "en") != 0 &&
                lang_text(c, (enum lang_key)k) ==
                    lang_text(en, (enum lang_key)k)) {
                fprintf(stderr, "%s.txt lacks %s\n", want[i],
                        lang_key_name((enum lang_key)k));
                CHECK(0);
            }
        }
    }
    lang_free(l);
}

/*
 * Runs component/check-langs.sh (the build's check, from the repository's
 * top) on en.txt = en_full and fi.txt = fi in dir; its exit status, and
 * what it printed into out (len bytes).
 */
static int run_check(const char *fi, char *out, size_t len)
{
    char *cmd;
    size_t n;
    FILE *p;
    int rc;

    clear_dir();
    put_file("en.txt", en_full);
    put_file("fi.txt", fi);
    cmd = xasprintf("sh component/check-langs.sh %s/en.txt %s/fi.txt 2>&1",
                    dir, dir);
    p = popen(cmd, "r");
    free(cmd);
    if (p == NULL)
        return -1;
    n = fread(out, 1, len - 1, p);
    out[n] = '\0';
    rc = pclose(p);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* The build's check (issue 15): a shipped catalogue that lacks a key of
 * en.txt, or has one en.txt lacks, fails make, naming the file and key. */
static void test_build_check(void)
{
    char out[1024], want[128];
    char *fi = xstrdup(en_full), *line;
    int rc;

    /* A complete translation passes, silently. */
    CHECK(run_check(en_full, out, sizeof(out)) == 0 && out[0] == '\0');
    /* One key left out (as a comment, too): named, with the file. */
    line = strstr(fi, "closed = Closed.");
    CHECK(line != NULL);
    if (line)
        line[0] = '#';
    rc = run_check(fi, out, sizeof(out));
    snprintf(want, sizeof(want), "%s/fi.txt: missing key 'closed'", dir);
    CHECK(rc == 1 && strstr(out, want) != NULL);
    CHECK(strstr(out, "closed_next") == NULL);
    free(fi);
    /* A key English lacks. */
    fi = xasprintf("%sclosd = Kiinni.\n", en_full);
    rc = run_check(fi, out, sizeof(out));
    CHECK(rc == 1 && strstr(out, "fi.txt: key 'closd' is not in en.txt"));
    free(fi);
    if (rc != 1)
        fprintf(stderr, "check-langs.sh: %s\n", out);
}

int main(void)
{
    snprintf(dir, sizeof(dir), "/tmp/ecopper-lang-XXXXXX");
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    test_checks();
    test_texts();
    test_pick_and_format();
    test_reasons();
    test_shipped();
    test_build_check();
    clear_dir();
    rmdir(dir);
    return CHECK_DONE("test_lang");
}
