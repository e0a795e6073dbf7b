/*
 * lang.c - message catalogues (see lang.h for the file format).
 *
 * The keys are rows of one table (name, number of arguments): the loader
 * checks every text against it, so a translation that would print the
 * wrong thing stops the daemon at start, not a youth's join at 3 a.m.
 * Loading happens at start and on SIGHUP; lookups are array indexing.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "lang.h"
#include "log.h"
#include "util.h"

struct lang_key_def {
    const char *name;
    int nargs;
};

static const struct lang_key_def key_defs[LANG_NKEYS] = {
    [LANG_WEEKDAY_MON] = {"weekday_mon", 0},
    [LANG_WEEKDAY_TUE] = {"weekday_tue", 0},
    [LANG_WEEKDAY_WED] = {"weekday_wed", 0},
    [LANG_WEEKDAY_THU] = {"weekday_thu", 0},
    [LANG_WEEKDAY_FRI] = {"weekday_fri", 0},
    [LANG_WEEKDAY_SAT] = {"weekday_sat", 0},
    [LANG_WEEKDAY_SUN] = {"weekday_sun", 0},
    [LANG_CLDR_LOCALE] = {"cldr_locale", 0},
    [LANG_CLDR_DATE] = {"cldr_date", 0},
    [LANG_CLDR_TIME] = {"cldr_time", 0},
    [LANG_CLOSED_NEXT] = {"closed_next", 3},
    [LANG_CLOSED] = {"closed", 0},
    [LANG_GREETING] = {"greeting", 1},
    [LANG_CLOSING_SOON] = {"closing_soon", 2},
    [LANG_EXTENDED] = {"extended", 1},
    [LANG_BYE_NEXT] = {"bye_next", 3},
    [LANG_BYE] = {"bye", 0},
    [LANG_STAFF_OVER] = {"staff_over", 0},
    [LANG_STAFF_EARLY] = {"staff_early", 3},
    [LANG_STAFF_CLOSED] = {"staff_closed", 0},
    [LANG_QUEUE_WAITING] = {"queue_waiting", 0},
    [LANG_QUEUE_REJECTED] = {"queue_rejected", 0},
    [LANG_QUEUE_REJECTED_REASON] = {"queue_rejected_reason", 1},
    [LANG_QUEUE_FULL] = {"queue_full", 0},
    [LANG_QUEUE_NOT_SAVED] = {"queue_not_saved", 0},
    [LANG_TOO_FAST] = {"too_fast", 0},
    [LANG_NICK_TOO_OFTEN] = {"nick_too_often", 1},
    [LANG_INVITE_TOO_OFTEN] = {"invite_too_often", 1},
    [LANG_REPORT_TOO_OFTEN] = {"report_too_often", 1},
    [LANG_REPORT_LONG] = {"report_long", 0},
    [LANG_REPORT_AGAIN] = {"report_again", 0},
    [LANG_NO_VOICE] = {"no_voice", 0},
    [LANG_FILTER_LINK] = {"filter_link", 0},
    [LANG_FILTER_PHONE] = {"filter_phone", 0},
    [LANG_FILTER_EMAIL] = {"filter_email", 0},
    [LANG_FILTER_HANDLE] = {"filter_handle", 0},
    [LANG_FILTER_WORD] = {"filter_word", 0},
    [LANG_REPORT_USAGE] = {"report_usage", 0},
    [LANG_REPORT_THANKS] = {"report_thanks", 0},
    [LANG_REPORT_KEPT] = {"report_kept", 0},
    [LANG_JOIN_SLOWED] = {"join_slowed", 1},
    [LANG_VOICE_DENIED] = {"voice_denied", 1},
    [LANG_VOICE_WAIT] = {"voice_wait", 1},
    [LANG_VOICE_ALREADY] = {"voice_already", 0},
    [LANG_VOICE_ROLE] = {"voice_role", 0},
    [LANG_VOICE_NOBODY] = {"voice_nobody", 0},
    [LANG_NICK_IN_USE] = {"nick_in_use", 0},
    [LANG_NICK_RESERVED] = {"nick_reserved", 0},
    [LANG_NICK_BANNED] = {"nick_banned", 0},
    [LANG_NICK_STAFF] = {"nick_staff", 0},
    [LANG_NICK_WORD] = {"nick_word", 0},
    [LANG_NICK_ROOMS_OWN] = {"nick_rooms_own", 0},
    [LANG_NICK_MIXED] = {"nick_mixed", 0},
    [LANG_NICK_BIDI] = {"nick_bidi", 0},
    [LANG_NICK_BADGE] = {"nick_badge", 0},
    [LANG_NICK_ADDRESS] = {"nick_address", 0},
    [LANG_NICK_INVALID] = {"nick_invalid", 0},
    [LANG_YOU_BANNED] = {"you_banned", 0},
    [LANG_ROOM_FULL] = {"room_full", 0},
    [LANG_MEMBERS_ONLY] = {"members_only", 0},
    [LANG_STAFF_ONLY] = {"staff_only", 0},
    [LANG_PM_YOUTHS] = {"pm_youths", 0},
    [LANG_MOD_QUESTION] = {"mod_question", 3},
    [LANG_MOD_QUESTION_FILTERED] = {"mod_question_filtered", 4},
    [LANG_MOD_NICK] = {"mod_nick", 0},
    [LANG_MOD_DESK_HELP] = {"mod_desk_help", 0},
    [LANG_MOD_BANNED] = {"mod_banned", 1},
    [LANG_MOD_QUESTION_BACK] = {"mod_question_back", 3},
    [LANG_MOD_PUBLISHED] = {"mod_published", 1},
    [LANG_MOD_REJECTED] = {"mod_rejected", 1},
    [LANG_MOD_NOT_WAITING] = {"mod_not_waiting", 1},
    [LANG_MOD_NO_NUMBER] = {"mod_no_number", 0},
    [LANG_MOD_REASON_LONG] = {"mod_reason_long", 0},
    [LANG_MOD_QUEUE_EMPTY] = {"mod_queue_empty", 0},
    [LANG_MOD_WAITING] = {"mod_waiting", 1},
    [LANG_MOD_FORM_BAD] = {"mod_form_bad", 0},
    [LANG_MOD_ONLY_MODERATORS] = {"mod_only_moderators", 0},
    [LANG_MOD_REPORT] = {"mod_report", 2},
    [LANG_MOD_VOICE_GONE] = {"mod_voice_gone", 1},
    [LANG_MOD_VOICE_HAS] = {"mod_voice_has", 1},
    [LANG_MOD_VOICE_NONE] = {"mod_voice_none", 1},
    [LANG_MOD_VOICE_REFUSED] = {"mod_voice_refused", 1},
    [LANG_MOD_LOOK_ALIKE] = {"mod_look_alike", 2},
    [LANG_MOD_LOOK_ALIKE_REASON] = {"mod_look_alike_reason", 3},
    [LANG_MOD_NOT_SAVED] = {"mod_not_saved", 1},
    [LANG_ERR_BAD_REQUEST] = {"err_bad_request", 0},
    [LANG_ERR_CONFLICT] = {"err_conflict", 0},
    [LANG_ERR_NOT_IMPLEMENTED] = {"err_not_implemented", 0},
    [LANG_ERR_FORBIDDEN] = {"err_forbidden", 0},
    [LANG_ERR_GONE] = {"err_gone", 0},
    [LANG_ERR_INTERNAL] = {"err_internal", 0},
    [LANG_ERR_NOT_FOUND] = {"err_not_found", 0},
    [LANG_ERR_JID_MALFORMED] = {"err_jid_malformed", 0},
    [LANG_ERR_NOT_ACCEPTABLE] = {"err_not_acceptable", 0},
    [LANG_ERR_NOT_ALLOWED] = {"err_not_allowed", 0},
    [LANG_ERR_NOT_AUTHORIZED] = {"err_not_authorized", 0},
    [LANG_ERR_POLICY] = {"err_policy", 0},
    [LANG_ERR_REGISTRATION] = {"err_registration", 0},
    [LANG_ERR_BUSY] = {"err_busy", 0},
    [LANG_ERR_UNAVAILABLE] = {"err_unavailable", 0},
    [LANG_ERR_UNEXPECTED] = {"err_unexpected", 0},
    [LANG_ERR_CMD_ACTION] = {"err_cmd_action", 0},
    [LANG_ERR_CMD_SESSION] = {"err_cmd_session", 0},
    [LANG_ERR_CMD_EXPIRED] = {"err_cmd_expired", 0},
    [LANG_ERR_CMD_MALFORMED] = {"err_cmd_malformed", 0},
    [LANG_ERR_CMD_PAYLOAD] = {"err_cmd_payload", 0},
    [LANG_ERR_LATER] = {"err_later", 0},
    [LANG_ERR_NO_NODE] = {"err_no_node", 0},
    [LANG_ERR_IQ_ID] = {"err_iq_id", 0},
    [LANG_ERR_IQ_PAYLOAD] = {"err_iq_payload", 0},
    [LANG_ERR_NO_MESSAGES] = {"err_no_messages", 0},
    [LANG_ERR_TOO_BIG] = {"err_too_big", 0},
    [LANG_ERR_NOT_YOUR_NICK] = {"err_not_your_nick", 0},
    [LANG_ERR_NO_ROOM] = {"err_no_room", 0},
    [LANG_ERR_NOT_IN_ROOM] = {"err_not_in_room", 0},
    [LANG_ERR_ENTER_FIRST] = {"err_enter_first", 0},
    [LANG_ERR_ENTER_FIRST_PM] = {"err_enter_first_pm", 0},
    [LANG_ERR_ENTER_FIRST_INVITE] = {"err_enter_first_invite", 0},
    [LANG_ERR_ENTER_AS] = {"err_enter_as", 0},
    [LANG_ERR_NOBODY_NICK] = {"err_nobody_nick", 0},
    [LANG_ERR_PASSWORD] = {"err_password", 0},
    [LANG_ERR_ROOM_LOCKED] = {"err_room_locked", 0},
    [LANG_ERR_ROOM_NAME] = {"err_room_name", 0},
    [LANG_ERR_ROOMS_FULL] = {"err_rooms_full", 0},
    [LANG_ERR_BACK_ROOM_NAME] = {"err_back_room_name", 0},
    [LANG_ERR_STAFF_NAME] = {"err_staff_name", 0},
    [LANG_ERR_TEXT_INVALID] = {"err_text_invalid", 0},
    [LANG_ERR_MESSAGE_LONG] = {"err_message_long", 0},
    [LANG_ERR_SUBJECT_LONG] = {"err_subject_long", 0},
    [LANG_ERR_SUBJECT_MODERATORS] = {"err_subject_moderators", 0},
    [LANG_ERR_GROUPCHAT_TO_NICK] = {"err_groupchat_to_nick", 0},
    [LANG_ERR_ROOM_MESSAGES] = {"err_room_messages", 0},
    [LANG_ERR_ROOM_FORMS] = {"err_room_forms", 0},
    [LANG_ERR_PM_NOT_ALLOWED] = {"err_pm_not_allowed", 0},
    [LANG_ERR_REASON_LONG] = {"err_reason_long", 0},
    [LANG_ERR_INVITE_JID] = {"err_invite_jid", 0},
    [LANG_ERR_INVITE_ADMINS] = {"err_invite_admins", 0},
    [LANG_ERR_INVITE_VOICE] = {"err_invite_voice", 0},
    [LANG_ERR_INVITE_BANNED] = {"err_invite_banned", 0},
    [LANG_ERR_DECLINE_NONE] = {"err_decline_none", 0},
    [LANG_ERR_RETRACT_ID] = {"err_retract_id", 0},
    [LANG_ERR_RETRACT_MODERATORS] = {"err_retract_moderators", 0},
    [LANG_ERR_ROLE_MODERATORS] = {"err_role_moderators", 0},
    [LANG_ERR_GRANT_MODERATOR] = {"err_grant_moderator", 0},
    [LANG_ERR_KICK_SELF] = {"err_kick_self", 0},
    [LANG_ERR_KEEP_ROLE] = {"err_keep_role", 0},
    [LANG_ERR_MODERATOR_ROLE] = {"err_moderator_role", 0},
    [LANG_ERR_AFFIL_ADMINS] = {"err_affil_admins", 0},
    [LANG_ERR_AFFIL_OWNERS] = {"err_affil_owners", 0},
    [LANG_ERR_ITEM_ONE] = {"err_item_one", 0},
    [LANG_ERR_ROLE_BAD] = {"err_role_bad", 0},
    [LANG_ERR_AFFIL_BAD] = {"err_affil_bad", 0},
    [LANG_ERR_JID_BAD] = {"err_jid_bad", 0},
    [LANG_ERR_AFFIL_TARGET] = {"err_affil_target", 0},
    [LANG_ERR_BAN_SELF] = {"err_ban_self", 0},
    [LANG_ERR_SERVICE_ADMIN] = {"err_service_admin", 0},
    [LANG_ERR_BY_JID] = {"err_by_jid", 0},
    [LANG_ERR_YOUTH_ADMIN] = {"err_youth_admin", 0},
    [LANG_ERR_TOO_MANY_ITEMS] = {"err_too_many_items", 0},
    [LANG_ERR_ITEM_TWICE] = {"err_item_twice", 0},
    [LANG_ERR_NO_ITEM] = {"err_no_item", 0},
    [LANG_ERR_LIST_FORBIDDEN] = {"err_list_forbidden", 0},
    [LANG_ERR_ASK_AFFIL] = {"err_ask_affil", 0},
    [LANG_ERR_ASK_ROLE] = {"err_ask_role", 0},
    [LANG_ERR_LIST_MODERATORS] = {"err_list_moderators", 0},
    [LANG_ERR_REGISTER_CLOSED] = {"err_register_closed", 0},
    [LANG_ERR_REGISTER_SUBMIT] = {"err_register_submit", 0},
    [LANG_ERR_NICK_NEEDED] = {"err_nick_needed", 0},
    [LANG_ERR_NICK_TAKEN] = {"err_nick_taken", 0},
    [LANG_ERR_MORE_THAN_MEMBER] = {"err_more_than_member", 0},
    [LANG_FORM_REGISTER_TITLE] = {"form_register_title", 0},
    [LANG_FORM_REGISTER_HOW] = {"form_register_how", 0},
    [LANG_FORM_REGISTER_NICK] = {"form_register_nick", 0},
    [LANG_ERR_OWNERS_ONLY] = {"err_owners_only", 0},
    [LANG_ERR_CFG_SUBMIT] = {"err_cfg_submit", 0},
    [LANG_ERR_CFG_BOOL] = {"err_cfg_bool", 0},
    [LANG_ERR_CFG_TEXT_LONG] = {"err_cfg_text_long", 0},
    [LANG_ERR_CFG_STAYS_PERSISTENT] = {"err_cfg_stays_persistent", 0},
    [LANG_ERR_CFG_PASSWORD_NEEDED] = {"err_cfg_password_needed", 0},
    [LANG_ERR_CFG_MAX_USERS] = {"err_cfg_max_users", 0},
    [LANG_ERR_CFG_WHOIS] = {"err_cfg_whois", 0},
    [LANG_ERR_CFG_ALLOW_PM] = {"err_cfg_allow_pm", 0},
    [LANG_ERR_CFG_HISTORY] = {"err_cfg_history", 0},
    [LANG_ERR_CFG_BROADCAST] = {"err_cfg_broadcast", 0},
    [LANG_CFG_TITLE] = {"cfg_title", 0},
    [LANG_CFG_INSTRUCTIONS] = {"cfg_instructions", 0},
    [LANG_CFG_ROOMNAME] = {"cfg_roomname", 0},
    [LANG_CFG_ROOMDESC] = {"cfg_roomdesc", 0},
    [LANG_CFG_PERSISTENT] = {"cfg_persistent", 0},
    [LANG_CFG_PUBLIC] = {"cfg_public", 0},
    [LANG_CFG_MODERATED] = {"cfg_moderated", 0},
    [LANG_CFG_MEMBERS_ONLY] = {"cfg_members_only", 0},
    [LANG_CFG_PASSWORD_PROTECTED] = {"cfg_password_protected", 0},
    [LANG_CFG_PASSWORD] = {"cfg_password", 0},
    [LANG_CFG_CHANGE_SUBJECT] = {"cfg_change_subject", 0},
    [LANG_CFG_QUEUE] = {"cfg_queue", 0},
    [LANG_CFG_MAX_USERS] = {"cfg_max_users", 0},
    [LANG_CFG_WHOIS] = {"cfg_whois", 0},
    [LANG_CFG_WHOIS_NONE] = {"cfg_whois_none", 0},
    [LANG_CFG_MODERATORS] = {"cfg_moderators", 0},
    [LANG_CFG_ANYONE] = {"cfg_anyone", 0},
    [LANG_CFG_BROADCAST] = {"cfg_broadcast", 0},
    [LANG_ROLE_MODERATOR] = {"role_moderator", 0},
    [LANG_ROLE_PARTICIPANT] = {"role_participant", 0},
    [LANG_ROLE_VISITOR] = {"role_visitor", 0},
    [LANG_CFG_ALLOW_PM] = {"cfg_allow_pm", 0},
    [LANG_CFG_PM_PARTICIPANTS] = {"cfg_pm_participants", 0},
    [LANG_CFG_PM_MODERATORS] = {"cfg_pm_moderators", 0},
    [LANG_CFG_NOBODY] = {"cfg_nobody", 0},
    [LANG_CFG_HISTORY] = {"cfg_history", 0},
    [LANG_QFORM_TITLE] = {"qform_title", 1},
    [LANG_QFORM_HOW] = {"qform_how", 0},
    [LANG_QFORM_FROM] = {"qform_from", 0},
    [LANG_QFORM_QUESTION] = {"qform_question", 0},
    [LANG_QFORM_DECISION] = {"qform_decision", 0},
    [LANG_QFORM_APPROVE] = {"qform_approve", 0},
    [LANG_QFORM_REJECT] = {"qform_reject", 0},
    [LANG_QFORM_REASON] = {"qform_reason", 0},
    [LANG_VFORM_TITLE] = {"vform_title", 0},
    [LANG_VFORM_HOW] = {"vform_how", 0},
    [LANG_VFORM_ROLE] = {"vform_role", 0},
    [LANG_VFORM_OCCUPANT] = {"vform_occupant", 0},
    [LANG_VFORM_NICK] = {"vform_nick", 0},
    [LANG_VFORM_ALLOW] = {"vform_allow", 0},
    [LANG_INFO_ON_DUTY] = {"info_on_duty", 1},
    [LANG_INFO_OPEN_UNTIL] = {"info_open_until", 1},
    [LANG_INFO_OPEN_UNTIL_DAY] = {"info_open_until_day", 3},
    [LANG_INFO_CLOSED_NEXT] = {"info_closed_next", 3},
    [LANG_INFO_CLOSED] = {"info_closed", 0},
    [LANG_HAT_TITLE] = {"hat_title", 1},
    [LANG_HAT_STAFF] = {"hat_staff", 0},
    [LANG_TITLE_POLICE_OFFICER] = {"title_police_officer", 0},
    [LANG_TITLE_YOUTH_WORKER] = {"title_youth_worker", 0},
    [LANG_TITLE_SOCIAL_WORKER] = {"title_social_worker", 0},
    [LANG_INFO_OCCUPANTS] = {"info_occupants", 0},
    [LANG_INFO_SUBJECT] = {"info_subject", 0},
    [LANG_ERR_NO_VCARD] = {"err_no_vcard", 0},
    [LANG_ERR_NO_CARD] = {"err_no_card", 0},
    [LANG_STAFF_GONE] = {"staff_gone", 0},
    [LANG_NAME_NOW_STAFF] = {"name_now_staff", 0},
    [LANG_MAM_ENTER] = {"mam_enter", 0},
    [LANG_MAM_NONE] = {"mam_none", 0},
    [LANG_MAM_UNREADABLE] = {"mam_unreadable", 0},
    [LANG_MAM_NO_ID] = {"mam_no_id", 0},
    [LANG_MAM_FORM_TYPE] = {"mam_form_type", 0},
    [LANG_MAM_WITH] = {"mam_with", 0},
    [LANG_MAM_FIELD] = {"mam_field", 0},
    [LANG_MAM_TIME] = {"mam_time", 0},
    [LANG_MAM_INDEX] = {"mam_index", 0},
    [LANG_MAM_MAX] = {"mam_max", 0},
    [LANG_MAM_BOTH] = {"mam_both", 0},
    [LANG_MAM_QUERYID] = {"mam_queryid", 0},
    [LANG_CFG_ARCHIVE_DAYS] = {"cfg_archive_days", 1},
    [LANG_ERR_CFG_ARCHIVE_DAYS] = {"err_cfg_archive_days", 0},
    [LANG_ADHOC_ADMINS_ONLY] = {"adhoc_admins_only", 0},
    [LANG_ADHOC_NO_ROOM] = {"adhoc_no_room", 0},
    [LANG_ADHOC_NO_COMMAND] = {"adhoc_no_command", 0},
    [LANG_ADHOC_NO_NODE] = {"adhoc_no_node", 0},
    [LANG_ADHOC_BAD_ACTION] = {"adhoc_bad_action", 0},
    [LANG_ADHOC_NO_SESSION] = {"adhoc_no_session", 0},
    [LANG_ADHOC_OTHER_COMMAND] = {"adhoc_other_command", 0},
    [LANG_ADHOC_BUSY] = {"adhoc_busy", 0},
    [LANG_ADHOC_EXECUTE_FIRST] = {"adhoc_execute_first", 0},
    [LANG_ADHOC_TOO_MANY] = {"adhoc_too_many", 0},
    [LANG_ADHOC_NO_PREV] = {"adhoc_no_prev", 0},
    [LANG_ADHOC_ASKS_FULL] = {"adhoc_asks_full", 0},
    [LANG_ADHOC_SUBMIT] = {"adhoc_submit", 0},
    [LANG_ADHOC_CMD_CREATE_ROOM] = {"adhoc_cmd_create_room", 0},
    [LANG_ADHOC_CMD_LIST_ROOMS] = {"adhoc_cmd_list_rooms", 0},
    [LANG_ADHOC_CMD_DESTROY_ROOM] = {"adhoc_cmd_destroy_room", 0},
    [LANG_ADHOC_CMD_STAFF_ADD] = {"adhoc_cmd_staff_add", 0},
    [LANG_ADHOC_CMD_STAFF_EDIT] = {"adhoc_cmd_staff_edit", 0},
    [LANG_ADHOC_CMD_STAFF_REMOVE] = {"adhoc_cmd_staff_remove", 0},
    [LANG_ADHOC_CMD_STAFF_LIST] = {"adhoc_cmd_staff_list", 0},
    [LANG_ADHOC_CMD_STAFF_IMPORT] = {"adhoc_cmd_staff_import", 0},
    [LANG_ADHOC_CMD_STAFF_PHOTO] = {"adhoc_cmd_staff_photo", 0},
    [LANG_ADHOC_CMD_MODERATION_LOG] = {"adhoc_cmd_moderation_log", 0},
    [LANG_ADHOC_CMD_SCHEDULE_SET] = {"adhoc_cmd_schedule_set", 0},
    [LANG_ADHOC_CMD_SCHEDULE_SHOW] = {"adhoc_cmd_schedule_show", 0},
    [LANG_ADHOC_CMD_OPEN_NOW] = {"adhoc_cmd_open_now", 0},
    [LANG_ADHOC_CMD_CLOSE_NOW] = {"adhoc_cmd_close_now", 0},
    [LANG_ADHOC_CMD_EXTEND] = {"adhoc_cmd_extend", 0},
    [LANG_ADHOC_CMD_SESSION_LOG] = {"adhoc_cmd_session_log", 0},
    [LANG_ADHOC_CMD_SESSION_TRANSCRIPT] = {"adhoc_cmd_session_transcript", 0},
    [LANG_ADHOC_CMD_STATISTICS] = {"adhoc_cmd_statistics", 0},
    [LANG_ADHOC_CMD_ARCHIVE_PURGE] = {"adhoc_cmd_archive_purge", 0},
    [LANG_ADHOC_CMD_SET_CLOCK] = {"adhoc_cmd_set_clock", 0},
    [LANG_ADHOC_CMD_QUEUE] = {"adhoc_cmd_queue", 0},
    [LANG_ADHOC_QUEUE_DENIED] = {"adhoc_queue_denied", 0},
    [LANG_ADHOC_STAFF_ADD_INS] = {"adhoc_staff_add_ins", 0},
    [LANG_ADHOC_STAFF_JID] = {"adhoc_staff_jid", 0},
    [LANG_ADHOC_STAFF_NAME] = {"adhoc_staff_name", 0},
    [LANG_ADHOC_STAFF_TITLE] = {"adhoc_staff_title", 0},
    [LANG_ADHOC_STAFF_ORG] = {"adhoc_staff_org", 0},
    [LANG_ADHOC_STAFF_ROLE] = {"adhoc_staff_role", 0},
    [LANG_ADHOC_STAFF_ROLE_MODERATOR] = {"adhoc_staff_role_moderator", 0},
    [LANG_ADHOC_STAFF_ROLE_PARTICIPANT] = {"adhoc_staff_role_participant", 0},
    [LANG_ADHOC_STAFF_BAD_ROLE] = {"adhoc_staff_bad_role", 0},
    [LANG_ADHOC_STAFF_NEED_NAME] = {"adhoc_staff_need_name", 0},
    [LANG_ADHOC_STAFF_ADDED] = {"adhoc_staff_added", 2},
    [LANG_ADHOC_STAFF_UPDATED] = {"adhoc_staff_updated", 2},
    [LANG_ADHOC_STAFF_NEED_JID] = {"adhoc_staff_need_jid", 0},
    [LANG_ADHOC_STAFF_EXISTS] = {"adhoc_staff_exists", 0},
    [LANG_ADHOC_STAFF_MEMBER] = {"adhoc_staff_member", 0},
    [LANG_ADHOC_STAFF_CHOOSE] = {"adhoc_staff_choose", 0},
    [LANG_ADHOC_STAFF_ADDRESS] = {"adhoc_staff_address", 0},
    [LANG_ADHOC_STAFF_GONE] = {"adhoc_staff_gone", 0},
    [LANG_ADHOC_STAFF_REMOVE_INS] = {"adhoc_staff_remove_ins", 0},
    [LANG_ADHOC_STAFF_NO_SUCH] = {"adhoc_staff_no_such", 0},
    [LANG_ADHOC_STAFF_REMOVED] = {"adhoc_staff_removed", 1},
    [LANG_ADHOC_STAFF] = {"adhoc_staff", 0},
    [LANG_ADHOC_STAFF_NAME_COL] = {"adhoc_staff_name_col", 0},
    [LANG_ADHOC_STAFF_TITLE_COL] = {"adhoc_staff_title_col", 0},
    [LANG_ADHOC_STAFF_ROLE_COL] = {"adhoc_staff_role_col", 0},
    [LANG_ADHOC_STAFF_NONE] = {"adhoc_staff_none", 0},
    [LANG_ADHOC_STAFF_COUNT_ONE] = {"adhoc_staff_count_one", 0},
    [LANG_ADHOC_STAFF_COUNT] = {"adhoc_staff_count", 1},
    [LANG_ADHOC_PHOTO_TITLE] = {"adhoc_photo_title", 0},
    [LANG_ADHOC_PHOTO_INS] = {"adhoc_photo_ins", 0},
    [LANG_ADHOC_PHOTO_ACTION] = {"adhoc_photo_action", 0},
    [LANG_ADHOC_PHOTO_VCARD] = {"adhoc_photo_vcard", 0},
    [LANG_ADHOC_PHOTO_PASTE] = {"adhoc_photo_paste", 0},
    [LANG_ADHOC_PHOTO_REMOVE] = {"adhoc_photo_remove", 0},
    [LANG_ADHOC_PHOTO_FIELD] = {"adhoc_photo_field", 0},
    [LANG_ADHOC_PHOTO_BAD_ACTION] = {"adhoc_photo_bad_action", 0},
    [LANG_ADHOC_PHOTO_SET] = {"adhoc_photo_set", 3},
    [LANG_ADHOC_PHOTO_REMOVED] = {"adhoc_photo_removed", 1},
    [LANG_ADHOC_PHOTO_TIMEOUT] = {"adhoc_photo_timeout", 2},
    [LANG_ADHOC_PHOTO_NO_VCARD] = {"adhoc_photo_no_vcard", 1},
    [LANG_ADHOC_PHOTO_VCARD_ERROR] = {"adhoc_photo_vcard_error", 2},
    [LANG_ADHOC_PHOTO_NO_PICTURE] = {"adhoc_photo_no_picture", 1},
    [LANG_ADHOC_PHOTO_BAD_PICTURE] = {"adhoc_photo_bad_picture", 2},
    [LANG_ADHOC_IMPORT_INS] = {"adhoc_import_ins", 0},
    [LANG_ADHOC_IMPORT_SUBMIT] = {"adhoc_import_submit", 0},
    [LANG_ADHOC_IMPORT_LINE] = {"adhoc_import_line", 2},
    [LANG_ADHOC_IMPORT_DONE_ONE] = {"adhoc_import_done_one", 2},
    [LANG_ADHOC_IMPORT_DONE] = {"adhoc_import_done", 3},
    [LANG_ADHOC_QUEUE_TITLE] = {"adhoc_queue_title", 1},
    [LANG_ADHOC_QUEUE_INS] = {"adhoc_queue_ins", 0},
    [LANG_ADHOC_QUEUE_QUESTIONS] = {"adhoc_queue_questions", 0},
    [LANG_ADHOC_QUEUE_DECISION] = {"adhoc_queue_decision", 0},
    [LANG_ADHOC_QUEUE_APPROVE] = {"adhoc_queue_approve", 0},
    [LANG_ADHOC_QUEUE_REJECT] = {"adhoc_queue_reject", 0},
    [LANG_ADHOC_QUEUE_REASON] = {"adhoc_queue_reason", 0},
    [LANG_ADHOC_QUEUE_BAD_NUMBER] = {"adhoc_queue_bad_number", 0},
    [LANG_ADHOC_QUEUE_BAD_DECISION] = {"adhoc_queue_bad_decision", 0},
    [LANG_ADHOC_QUEUE_EMPTY_IN] = {"adhoc_queue_empty_in", 1},
    [LANG_ADHOC_QUEUE_PUBLISHED] = {"adhoc_queue_published", 1},
    [LANG_ADHOC_QUEUE_REJECTED] = {"adhoc_queue_rejected", 1},
    [LANG_ADHOC_QUEUE_GONE] = {"adhoc_queue_gone", 1},
    [LANG_ADHOC_QUEUE_EMPTY_NOW] = {"adhoc_queue_empty_now", 0},
    [LANG_ADHOC_ROOM_MODE_OPEN] = {"adhoc_room_mode_open", 0},
    [LANG_ADHOC_ROOM_MODE_QUEUE] = {"adhoc_room_mode_queue", 0},
    [LANG_ADHOC_ROOM_MODE_MODERATED] = {"adhoc_room_mode_moderated", 0},
    [LANG_ADHOC_ROOM_CREATE_INS] = {"adhoc_room_create_ins", 2},
    [LANG_ADHOC_ROOM_NAME] = {"adhoc_room_name", 0},
    [LANG_ADHOC_ROOM_TITLE] = {"adhoc_room_title", 0},
    [LANG_ADHOC_ROOM_DESCRIPTION] = {"adhoc_room_description", 0},
    [LANG_ADHOC_ROOM_MODE] = {"adhoc_room_mode", 0},
    [LANG_ADHOC_ROOM_MAX] = {"adhoc_room_max", 0},
    [LANG_ADHOC_ROOM_BAD_MODE] = {"adhoc_room_bad_mode", 0},
    [LANG_ADHOC_ROOM_NOT_STORED] = {"adhoc_room_not_stored", 0},
    [LANG_ADHOC_ROOM_CREATED] = {"adhoc_room_created", 2},
    [LANG_ADHOC_ROOM_CREATED_HOURS] = {"adhoc_room_created_hours", 3},
    [LANG_ADHOC_ROOMS] = {"adhoc_rooms", 0},
    [LANG_ADHOC_ROOM_ADDRESS] = {"adhoc_room_address", 0},
    [LANG_ADHOC_ROOM_CREATED_COL] = {"adhoc_room_created_col", 1},
    [LANG_ADHOC_ROOMS_NONE] = {"adhoc_rooms_none", 0},
    [LANG_ADHOC_ROOMS_ONE] = {"adhoc_rooms_one", 0},
    [LANG_ADHOC_ROOMS_COUNT] = {"adhoc_rooms_count", 1},
    [LANG_ADHOC_DESTROY_INS] = {"adhoc_destroy_ins", 0},
    [LANG_ADHOC_ROOM] = {"adhoc_room", 0},
    [LANG_ADHOC_REASON] = {"adhoc_reason", 0},
    [LANG_ADHOC_CHOOSE_ROOM] = {"adhoc_choose_room", 0},
    [LANG_ADHOC_ROOM_ELSEWHERE] = {"adhoc_room_elsewhere", 0},
    [LANG_ADHOC_ROOM_DESTROYED] = {"adhoc_room_destroyed", 1},
    [LANG_ADHOC_MODLOG_INS] = {"adhoc_modlog_ins", 1},
    [LANG_ADHOC_MODLOG_ALL] = {"adhoc_modlog_all", 0},
    [LANG_ADHOC_MODLOG_WHEN] = {"adhoc_modlog_when", 1},
    [LANG_ADHOC_MODLOG_ACTOR] = {"adhoc_modlog_actor", 0},
    [LANG_ADHOC_MODLOG_ACTOR_OID] = {"adhoc_modlog_actor_oid", 0},
    [LANG_ADHOC_MODLOG_ACTION] = {"adhoc_modlog_action", 0},
    [LANG_ADHOC_MODLOG_TARGET] = {"adhoc_modlog_target", 0},
    [LANG_ADHOC_MODLOG_TARGET_OID] = {"adhoc_modlog_target_oid", 0},
    [LANG_ADHOC_MODLOG_UNREADABLE] = {"adhoc_modlog_unreadable", 0},
    [LANG_ADHOC_WHEN] = {"adhoc_when", 3},
    [LANG_ADHOC_HOURS_OPEN_UNTIL] = {"adhoc_hours_open_until", 1},
    [LANG_ADHOC_HOURS_OPEN_UNTIL_DAY] = {"adhoc_hours_open_until_day", 3},
    [LANG_ADHOC_HOURS_CLOSED_NEXT] = {"adhoc_hours_closed_next", 3},
    [LANG_ADHOC_HOURS_CLOSED] = {"adhoc_hours_closed", 0},
    [LANG_ADHOC_HOURS_ALWAYS] = {"adhoc_hours_always", 0},
    [LANG_ADHOC_SLOTS] = {"adhoc_slots", 0},
    [LANG_ADHOC_EXCEPTIONS] = {"adhoc_exceptions", 0},
    [LANG_ADHOC_LINE_TOO_MANY] = {"adhoc_line_too_many", 4},
    [LANG_ADHOC_LINE_BAD] = {"adhoc_line_bad", 4},
    [LANG_ADHOC_HOURS_GREETING_FIELD] = {"adhoc_hours_greeting_field", 0},
    [LANG_ADHOC_HOURS_SUBJECT_FIELD] = {"adhoc_hours_subject_field", 0},
    [LANG_ADHOC_HOURS_WARN_FIELD] = {"adhoc_hours_warn_field", 0},
    [LANG_ADHOC_HOURS_BEFORE_FIELD] = {"adhoc_hours_before_field", 0},
    [LANG_ADHOC_HOURS_AFTER_FIELD] = {"adhoc_hours_after_field", 0},
    [LANG_ADHOC_MINUTES_BAD] = {"adhoc_minutes_bad", 3},
    [LANG_ADHOC_TEXT_TOO_LONG] = {"adhoc_text_too_long", 2},
    [LANG_ADHOC_HOURS_GREETING] = {"adhoc_hours_greeting", 0},
    [LANG_ADHOC_HOURS_SUBJECT] = {"adhoc_hours_subject", 0},
    [LANG_ADHOC_HOURS_WARN] = {"adhoc_hours_warn", 0},
    [LANG_ADHOC_HOURS_BEFORE] = {"adhoc_hours_before", 0},
    [LANG_ADHOC_HOURS_AFTER] = {"adhoc_hours_after", 0},
    [LANG_ADHOC_SCHEDULE_SET_INS] = {"adhoc_schedule_set_ins", 1},
    [LANG_ADHOC_NOT_PERSISTENT_HOURS] = {"adhoc_not_persistent_hours", 0},
    [LANG_ADHOC_HOURS_NOT_STORED] = {"adhoc_hours_not_stored", 0},
    [LANG_ADHOC_HOURS_REMOVED] = {"adhoc_hours_removed", 1},
    [LANG_ADHOC_HOURS_SAVED] = {"adhoc_hours_saved", 5},
    [LANG_ADHOC_HOURS_TITLE] = {"adhoc_hours_title", 0},
    [LANG_ADHOC_HOURS_ZONE] = {"adhoc_hours_zone", 0},
    [LANG_ADHOC_HOURS_SCHEDULED] = {"adhoc_hours_scheduled", 0},
    [LANG_ADHOC_HOURS_GREETING_SHOW] = {"adhoc_hours_greeting_show", 0},
    [LANG_ADHOC_HOURS_BUILTIN] = {"adhoc_hours_builtin", 0},
    [LANG_ADHOC_HOURS_SUBJECT_SHOW] = {"adhoc_hours_subject_show", 0},
    [LANG_ADHOC_HOURS_UNCHANGED] = {"adhoc_hours_unchanged", 0},
    [LANG_ADHOC_HOURS_WARN_SHOW] = {"adhoc_hours_warn_show", 0},
    [LANG_ADHOC_HOURS_BEFORE_SHOW] = {"adhoc_hours_before_show", 0},
    [LANG_ADHOC_HOURS_AFTER_SHOW] = {"adhoc_hours_after_show", 0},
    [LANG_ADHOC_HOURS_OPEN_NOW] = {"adhoc_hours_open_now", 0},
    [LANG_ADHOC_HOURS_OVERRIDDEN] = {"adhoc_hours_overridden", 0},
    [LANG_ADHOC_HOURS_CLOSES] = {"adhoc_hours_closes", 0},
    [LANG_ADHOC_HOURS_NOW] = {"adhoc_hours_now", 0},
    [LANG_ADHOC_HOURS_NEXT] = {"adhoc_hours_next", 0},
    [LANG_ADHOC_HOURS_NEXT_UTC] = {"adhoc_hours_next_utc", 0},
    [LANG_ADHOC_OPEN_INS] = {"adhoc_open_ins", 0},
    [LANG_ADHOC_CLOSE_INS] = {"adhoc_close_ins", 0},
    [LANG_ADHOC_EXTEND_INS] = {"adhoc_extend_ins", 0},
    [LANG_ADHOC_OPEN_MINUTES] = {"adhoc_open_minutes", 0},
    [LANG_ADHOC_OPEN_MINUTES_SHORT] = {"adhoc_open_minutes_short", 0},
    [LANG_ADHOC_EXTEND_MINUTES] = {"adhoc_extend_minutes", 0},
    [LANG_ADHOC_EXTEND_MINUTES_SHORT] = {"adhoc_extend_minutes_short", 0},
    [LANG_ADHOC_OPEN_ALREADY] = {"adhoc_open_already", 0},
    [LANG_ADHOC_CLOSED_ALREADY] = {"adhoc_closed_already", 0},
    [LANG_ADHOC_EXTEND_CLOSED] = {"adhoc_extend_closed", 0},
    [LANG_ADHOC_EXTEND_ALWAYS] = {"adhoc_extend_always", 0},
    [LANG_ADHOC_NOT_PERSISTENT_OPEN] = {"adhoc_not_persistent_open", 0},
    [LANG_ADHOC_CHANGE_NOT_STORED] = {"adhoc_change_not_stored", 0},
    [LANG_ADHOC_SESSIONS_INS] = {"adhoc_sessions_ins", 2},
    [LANG_ADHOC_SESSIONS] = {"adhoc_sessions", 0},
    [LANG_ADHOC_SESSIONS_OPENED] = {"adhoc_sessions_opened", 0},
    [LANG_ADHOC_SESSIONS_CLOSED] = {"adhoc_sessions_closed", 0},
    [LANG_ADHOC_SESSIONS_OPENED_BY] = {"adhoc_sessions_opened_by", 0},
    [LANG_ADHOC_SESSIONS_CLOSED_BY] = {"adhoc_sessions_closed_by", 0},
    [LANG_ADHOC_SESSIONS_YOUTHS] = {"adhoc_sessions_youths", 0},
    [LANG_ADHOC_SESSIONS_PEAK] = {"adhoc_sessions_peak", 0},
    [LANG_ADHOC_SESSIONS_MESSAGES] = {"adhoc_sessions_messages", 0},
    [LANG_ADHOC_SESSIONS_HELD] = {"adhoc_sessions_held", 0},
    [LANG_ADHOC_SESSIONS_OPEN_NOW] = {"adhoc_sessions_open_now", 0},
    [LANG_ADHOC_SESSIONS_UNREADABLE] = {"adhoc_sessions_unreadable", 0},
    [LANG_ADHOC_CLOCK_INS] = {"adhoc_clock_ins", 1},
    [LANG_ADHOC_CLOCK_TITLE] = {"adhoc_clock_title", 0},
    [LANG_ADHOC_CLOCK_FIELD] = {"adhoc_clock_field", 1},
    [LANG_ADHOC_CLOCK_BAD] = {"adhoc_clock_bad", 1},
    [LANG_ADHOC_CLOCK_READS] = {"adhoc_clock_reads", 3},
    [LANG_ADHOC_TRANSCRIPT_INS] = {"adhoc_transcript_ins", 0},
    [LANG_ADHOC_TRANSCRIPT_SESSIONS_INS] = {"adhoc_transcript_sessions_ins", 3},
    [LANG_ADHOC_TRANSCRIPT_SESSION] = {"adhoc_transcript_session", 0},
    [LANG_ADHOC_TRANSCRIPT_OPTION] = {"adhoc_transcript_option", 3},
    [LANG_ADHOC_TRANSCRIPT_OPTION_OPEN] = {"adhoc_transcript_option_open", 1},
    [LANG_ADHOC_TRANSCRIPT_CHOOSE] = {"adhoc_transcript_choose", 0},
    [LANG_ADHOC_TRANSCRIPT_UNREADABLE] = {"adhoc_transcript_unreadable", 0},
    [LANG_ADHOC_TRANSCRIPT_NO_SESSION] = {"adhoc_transcript_no_session", 0},
    [LANG_ADHOC_TRANSCRIPT] = {"adhoc_transcript", 0},
    [LANG_ADHOC_TRANSCRIPT_LINES_ONE] = {"adhoc_transcript_lines_one", 0},
    [LANG_ADHOC_TRANSCRIPT_LINES] = {"adhoc_transcript_lines", 1},
    [LANG_ADHOC_STATS] = {"adhoc_stats", 0},
    [LANG_ADHOC_STATS_INS] = {"adhoc_stats_ins", 1},
    [LANG_ADHOC_STATS_SESSION_FIELD] = {"adhoc_stats_session_field", 0},
    [LANG_ADHOC_STATS_MONTH_FIELD] = {"adhoc_stats_month_field", 0},
    [LANG_ADHOC_STATS_FROM_FIELD] = {"adhoc_stats_from_field", 0},
    [LANG_ADHOC_STATS_TO_FIELD] = {"adhoc_stats_to_field", 0},
    [LANG_ADHOC_STATS_NO_ROOM] = {"adhoc_stats_no_room", 0},
    [LANG_ADHOC_STATS_ONE_PERIOD] = {"adhoc_stats_one_period", 0},
    [LANG_ADHOC_STATS_CHOOSE_SESSION] = {"adhoc_stats_choose_session", 0},
    [LANG_ADHOC_STATS_BAD_MONTH] = {"adhoc_stats_bad_month", 0},
    [LANG_ADHOC_STATS_BAD_RANGE] = {"adhoc_stats_bad_range", 0},
    [LANG_ADHOC_STATS_OTHER_SESSION] = {"adhoc_stats_other_session", 0},
    [LANG_ADHOC_STATS_UNREADABLE] = {"adhoc_stats_unreadable", 0},
    [LANG_ADHOC_STATS_PERIOD_SESSION] = {"adhoc_stats_period_session", 2},
    [LANG_ADHOC_STATS_PERIOD_RANGE] = {"adhoc_stats_period_range", 2},
    [LANG_ADHOC_STATS_PERIOD] = {"adhoc_stats_period", 0},
    [LANG_ADHOC_STATS_VISITORS] = {"adhoc_stats_visitors", 0},
    [LANG_ADHOC_STATS_PEAK] = {"adhoc_stats_peak", 0},
    [LANG_ADHOC_STATS_STAFF] = {"adhoc_stats_staff", 0},
    [LANG_ADHOC_STATS_ASKED] = {"adhoc_stats_asked", 0},
    [LANG_ADHOC_STATS_PUBLISHED] = {"adhoc_stats_published", 0},
    [LANG_ADHOC_STATS_REJECTED] = {"adhoc_stats_rejected", 0},
    [LANG_ADHOC_STATS_REPORTS] = {"adhoc_stats_reports", 0},
    [LANG_ADHOC_STATS_KICKS] = {"adhoc_stats_kicks", 0},
    [LANG_ADHOC_STATS_BANS] = {"adhoc_stats_bans", 0},
    [LANG_ADHOC_STATS_ANSWERED] = {"adhoc_stats_answered", 0},
    [LANG_ADHOC_STATS_MEDIAN] = {"adhoc_stats_median", 0},
    [LANG_ADHOC_STATS_P90] = {"adhoc_stats_p90", 0},
    [LANG_ADHOC_STATS_CSV] = {"adhoc_stats_csv", 1},
    [LANG_ADHOC_PURGE_INS] = {"adhoc_purge_ins", 1},
    [LANG_ADHOC_PURGE_DAYS] = {"adhoc_purge_days", 0},
    [LANG_ADHOC_PURGE_BAD_DAYS] = {"adhoc_purge_bad_days", 0},
    [LANG_ADHOC_PURGE_NOT_STORED] = {"adhoc_purge_not_stored", 0},
    [LANG_ADHOC_PURGE_FAILED] = {"adhoc_purge_failed", 0},
    [LANG_ADHOC_PURGE_DONE_ONE] = {"adhoc_purge_done_one", 1},
    [LANG_ADHOC_HOURS_REMOVE] = {"adhoc_hours_remove", 0},
    [LANG_ADHOC_HOURS_REMOVE_AND_LINES] = {"adhoc_hours_remove_and_lines", 0},
    [LANG_ADHOC_PURGE_DONE] = {"adhoc_purge_done", 2},
    [LANG_WHY_SCHED_TOO_LONG] = {"why_sched_too_long", 1},
    [LANG_WHY_SCHED_EMPTY_SLOT] = {"why_sched_empty_slot", 0},
    [LANG_WHY_SCHED_WEEKDAY] = {"why_sched_weekday", 1},
    [LANG_WHY_SCHED_UNKNOWN_WEEKDAY] = {"why_sched_unknown_weekday", 1},
    [LANG_WHY_SCHED_RANGE] = {"why_sched_range", 0},
    [LANG_WHY_SCHED_TIME] = {"why_sched_time", 1},
    [LANG_WHY_SCHED_HOUR] = {"why_sched_hour", 1},
    [LANG_WHY_SCHED_MINUTE] = {"why_sched_minute", 1},
    [LANG_WHY_SCHED_24_END] = {"why_sched_24_end", 0},
    [LANG_WHY_SCHED_NO_END] = {"why_sched_no_end", 0},
    [LANG_WHY_SCHED_DASH] = {"why_sched_dash", 1},
    [LANG_WHY_SCHED_SAME] = {"why_sched_same", 0},
    [LANG_WHY_SCHED_TRAILING] = {"why_sched_trailing", 1},
    [LANG_WHY_SCHED_EMPTY_EXCEPTION] = {"why_sched_empty_exception", 0},
    [LANG_WHY_SCHED_DATE] = {"why_sched_date", 1},
    [LANG_WHY_SCHED_YEAR] = {"why_sched_year", 1},
    [LANG_WHY_SCHED_MONTH] = {"why_sched_month", 1},
    [LANG_WHY_SCHED_DAY] = {"why_sched_day", 2},
    [LANG_WHY_SCHED_KIND_MISSING] = {"why_sched_kind_missing", 0},
    [LANG_WHY_SCHED_CLOSED_RANGE] = {"why_sched_closed_range", 0},
    [LANG_WHY_SCHED_KIND_UNKNOWN] = {"why_sched_kind_unknown", 1},
    [LANG_WHY_SCHED_START_MINUTE] = {"why_sched_start_minute", 1},
    [LANG_WHY_SCHED_END_MINUTE] = {"why_sched_end_minute", 1},
    [LANG_WHY_SCHED_NO_SLOT] = {"why_sched_no_slot", 0},
    [LANG_WHY_SCHED_WEEKDAY_NUMBER] = {"why_sched_weekday_number", 1},
    [LANG_WHY_SCHED_NO_EXCEPTION] = {"why_sched_no_exception", 0},
    [LANG_WHY_SCHED_KIND_NUMBER] = {"why_sched_kind_number", 1},
    [LANG_WHY_ROOM_NAME_LENGTH] = {"why_room_name_length", 0},
    [LANG_WHY_ROOM_NAME_CHARS] = {"why_room_name_chars", 0},
    [LANG_WHY_ROOM_NAME_NEEDED] = {"why_room_name_needed", 0},
    [LANG_WHY_ROOM_TITLE_LONG] = {"why_room_title_long", 0},
    [LANG_WHY_ROOM_DESC_LONG] = {"why_room_desc_long", 0},
    [LANG_WHY_ROOM_EXISTS] = {"why_room_exists", 0},
    [LANG_WHY_ROOM_NOT_STORED] = {"why_room_not_stored", 0},
    [LANG_WHY_STAFF_JID] = {"why_staff_jid", 0},
    [LANG_WHY_STAFF_NAME] = {"why_staff_name", 0},
    [LANG_WHY_STAFF_TEXT_LONG] = {"why_staff_text_long", 0},
    [LANG_WHY_STAFF_PHOTO_BIG] = {"why_staff_photo_big", 0},
    [LANG_WHY_STAFF_NAME_TAKEN] = {"why_staff_name_taken", 0},
    [LANG_WHY_PHOTO_TOO_BIG] = {"why_photo_too_big", 1},
    [LANG_WHY_PHOTO_BASE64] = {"why_photo_base64", 0},
    [LANG_WHY_PHOTO_NONE] = {"why_photo_none", 0},
    [LANG_WHY_PHOTO_TYPE] = {"why_photo_type", 0},
    [LANG_WHY_IMPORT_TOO_MANY] = {"why_import_too_many", 1},
    [LANG_WHY_IMPORT_FIELDS] = {"why_import_fields", 0},
    [LANG_WHY_IMPORT_ROLE] = {"why_import_role", 0},
    [LANG_WHY_IMPORT_NAME_BELONGS] = {"why_import_name_belongs", 2},
    [LANG_WHY_IMPORT_TWICE] = {"why_import_twice", 1},
    [LANG_WHY_IMPORT_BUSY] = {"why_import_busy", 0},
    [LANG_WHY_IMPORT_NAME_TAKEN] = {"why_import_name_taken", 0},
    [LANG_WHY_IMPORT_NOT_STORED] = {"why_import_not_stored", 0},
    [LANG_WHY_IMPORT_REFUSED] = {"why_import_refused", 0},
};

struct lang_cat {
    char code[4];
    char *text[LANG_NKEYS]; /* NULL: missing, English is used */
    const struct lang_cat *en;
    int shared; /* the texts belong to another set (lang_load_texts()'s
                 * base): not freed with this one */
};

struct langs {
    struct lang_cat *cats;
    size_t n;
};

const char *lang_key_name(enum lang_key k)
{
    if ((int)k < 0 || k >= LANG_NKEYS)
        return NULL;
    return key_defs[k].name;
}

static int find_key(const char *name)
{
    /* The first byte before strcmp(): a couple of hundred keys, looked
     * up for every line (under the fuzzer's hooks a strcmp() costs). */
    for (int i = 0; i < LANG_NKEYS; i++)
        if (key_defs[i].name[0] == name[0] &&
            strcmp(key_defs[i].name, name) == 0)
            return i;
    return -1;
}

/*
 * Checks the placeholders of text t against nargs (see lang.h). 0, or -1
 * with the reason in why.
 */
static int
check_placeholders(const char *t, int nargs, char *why, size_t whylen)
{
    int seq = 0, pos = 0, used[10] = {0};

    for (const char *p = t; *p; p++) {
        if (*p != '%')
            continue;
        if (p[1] == '%') {
            p++;
        } else if (p[1] == 's') {
            seq++;
            p++;
        } else if (p[1] >= '1' && p[1] <= '9' && p[2] == '$' && p[3] == 's') {
            used[p[1] - '0']++;
            pos = 1;
            p += 3;
        } else {
            snprintf(why, whylen,
                     "a '%%' that is not %%s, %%1$s..%%9$s or "
                     "%%%% (write %%%% for a percent sign)");
            return -1;
        }
    }
    if (seq && pos) {
        snprintf(why, whylen, "mixes %%s with numbered placeholders");
        return -1;
    }
    if (pos) {
        for (int k = 1; k <= 9; k++) {
            if (used[k] && k > nargs) {
                snprintf(why, whylen,
                         "%%%d$s, but the text takes %d "
                         "argument%s",
                         k, nargs, nargs == 1 ? "" : "s");
                return -1;
            }
            if (!used[k] && k <= nargs) {
                snprintf(why, whylen, "placeholder %%%d$s is missing", k);
                return -1;
            }
        }
        return 0;
    }
    if (seq != nargs) {
        snprintf(why, whylen,
                 "the text takes %d argument%s (%%s in order, "
                 "or %%1$s..), this one has %d",
                 nargs, nargs == 1 ? "" : "s", seq);
        return -1;
    }
    return 0;
}

/* "\n" -> newline, "\\" -> backslash, in place; other '\' stay. */
static void unescape(char *s)
{
    char *w = s;

    for (const char *r = s; *r; r++) {
        if (r[0] == '\\' && (r[1] == 'n' || r[1] == '\\')) {
            *w++ = r[1] == 'n' ? '\n' : '\\';
            r++;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

/* Reads path (at most LANG_FILE_MAX bytes) into a new string. */
static char *read_file(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t n;

    if (f == NULL) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    buf = xmalloc(LANG_FILE_MAX + 2);
    n = fread(buf, 1, LANG_FILE_MAX + 1, f);
    if (ferror(f)) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    if (n > LANG_FILE_MAX) {
        snprintf(err, errlen, "%s: larger than %d bytes", path, LANG_FILE_MAX);
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    if (strlen(buf) != n) {
        snprintf(err, errlen, "%s: holds a NUL byte: not a text file", path);
        free(buf);
        return NULL;
    }
    return buf;
}

/* Parses catalogue text buf (changed in place; path names it in errors)
 * into c. 0, or -1 with err set. */
static int
parse_text(struct lang_cat *c, const char *path, char *buf, char *err,
           size_t errlen)
{
    char *line, *next;
    char why[160];
    int lineno = 0;

    line = buf;
    /* A byte order mark, as some editors write one. */
    if (strncmp(line, "\xEF\xBB\xBF", 3) == 0)
        line += 3;
    for (; line; line = next) {
        char *eq, *key, *text;
        int k;

        lineno++;
        if ((next = strchr(line, '\n')) != NULL)
            *next++ = '\0';
        if (strlen(line) > LANG_LINE_MAX) {
            snprintf(err, errlen, "%s:%d: line longer than %d bytes", path,
                     lineno, LANG_LINE_MAX);
            goto fail;
        }
        str_trim(line);
        if (line[0] == '\0' || line[0] == '#')
            continue;
        if ((eq = strchr(line, '=')) == NULL) {
            snprintf(err, errlen, "%s:%d: expected 'key = text'", path, lineno);
            goto fail;
        }
        *eq = '\0';
        key = str_trim(line);
        text = str_trim(eq + 1);
        if ((k = find_key(key)) < 0) {
            snprintf(err, errlen, "%s:%d: unknown key '%.64s'", path, lineno,
                     key);
            goto fail;
        }
        if (c->text[k] != NULL) {
            snprintf(err, errlen, "%s:%d: '%s' is set twice", path, lineno,
                     key);
            goto fail;
        }
        unescape(text);
        if (utf8_len(text) < 0) {
            snprintf(err, errlen, "%s:%d: '%s': not valid UTF-8", path, lineno,
                     key);
            goto fail;
        }
        if (text[0] == '\0') {
            snprintf(err, errlen, "%s:%d: '%s' has no text", path, lineno, key);
            goto fail;
        }
        if (check_placeholders(text, key_defs[k].nargs, why, sizeof(why))) {
            snprintf(err, errlen, "%s:%d: '%s': %s", path, lineno, key, why);
            goto fail;
        }
        c->text[k] = xstrdup(text);
    }
    return 0;
fail:
    return -1;
}

/* The code of a catalogue file name ("fi.txt" -> "fi") into code[4]:
 * 1 for a catalogue, 0 for another file, -1 for a bad *.txt name. */
static int file_code(const char *name, char code[4])
{
    size_t n = strlen(name);

    if (n < 4 || strcmp(name + n - 4, ".txt") != 0)
        return 0;
    n -= 4;
    if (n < 2 || n > 3)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (name[i] < 'a' || name[i] > 'z')
            return -1;
    memcpy(code, name, n);
    code[n] = '\0';
    return 1;
}

static int cmp_cat(const void *a, const void *b)
{
    return strcmp(((const struct lang_cat *)a)->code,
                  ((const struct lang_cat *)b)->code);
}

/* Sorts the catalogues of l and checks English is there and whole (dir
 * names them in messages). 0, or -1 with err set. */
static int finish(struct langs *l, const char *dir, char *err, size_t errlen)
{
    struct lang_cat *en = NULL;

    /* Sorted: lookups and messages do not depend on readdir's order. */
    qsort(l->cats, l->n, sizeof(*l->cats), cmp_cat);
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->cats[i].code, "en") == 0)
            en = &l->cats[i];
    if (en == NULL) {
        snprintf(err, errlen,
                 "%s: no en.txt (English is needed: it is "
                 "what every other language falls back to)",
                 dir);
        return -1;
    }
    for (int k = 0; k < LANG_NKEYS; k++)
        if (en->text[k] == NULL) {
            snprintf(err, errlen, "%s/en.txt: missing key '%s'", dir,
                     key_defs[k].name);
            return -1;
        }
    for (size_t i = 0; i < l->n; i++) {
        l->cats[i].en = en;
        for (int k = 0; k < LANG_NKEYS; k++)
            if (l->cats[i].text[k] == NULL)
                log_warn("lang: %s/%s.txt has no '%s'; English is used", dir,
                         l->cats[i].code, key_defs[k].name);
    }
    return 0;
}

struct langs *lang_load_texts(const struct langs *base,
                              const struct lang_text *texts,
                              size_t n,
                              const char *where,
                              char *err,
                              size_t errlen)
{
    struct langs *l = xcalloc(1, sizeof(*l));
    size_t borrow = base != NULL; /* base's English: texts have none */

    if (errlen > 0)
        err[0] = '\0';
    for (size_t i = 0; i < n; i++)
        if (strcmp(texts[i].code, "en") == 0)
            borrow = 0;
    if (n > LANG_MAX - borrow) {
        snprintf(err, errlen, "%s: more than %d catalogues", where, LANG_MAX);
        goto fail;
    }
    /* As many as there are: a catalogue is 2 KB, and LANG_MAX of them
     * were most of a load's time under the fuzzer. */
    l->cats = xcalloc(n + borrow, sizeof(*l->cats));
    if (borrow) {
        /* base's English, whole since base loaded: its texts are shared,
         * not parsed again. */
        l->cats[0] = *lang_pick(base, "en", NULL);
        l->cats[0].shared = 1;
        l->n = 1;
    }
    for (size_t i = 0; i < n; i++) {
        char *path = xasprintf("%s/%s.txt", where, texts[i].code), *buf;
        int rc = file_code(path + strlen(where) + 1, l->cats[l->n].code);

        if (rc != 1) {
            snprintf(err, errlen,
                     "%s: a catalogue is named by its "
                     "language code, e.g. fi.txt",
                     path);
            free(path);
            goto fail;
        }
        buf = xstrdup(texts[i].text);
        rc = parse_text(&l->cats[l->n], path, buf, err, errlen);
        free(path);
        free(buf);
        l->n++;
        if (rc != 0)
            goto fail;
    }
    if (finish(l, where, err, errlen) == 0)
        return l;
fail:
    lang_free(l);
    return NULL;
}

struct langs *lang_load(const char *dir, char *err, size_t errlen)
{
    struct lang_text texts[LANG_MAX];
    char codes[LANG_MAX][4], *bufs[LANG_MAX];
    struct langs *l = NULL;
    struct dirent *de;
    size_t n = 0;
    DIR *d;

    if (errlen > 0)
        err[0] = '\0';
    if ((d = opendir(dir)) == NULL) {
        snprintf(err, errlen, "%s: %s (lang_dir: the message catalogues)", dir,
                 strerror(errno));
        return NULL;
    }
    /* Read every file first, then parse them all in one place: the same
     * parser as the built-in catalogues'. */
    while ((de = readdir(d)) != NULL) {
        char code[4], *path;
        int rc = file_code(de->d_name, code);

        if (rc == 0)
            continue;
        if (rc < 0) {
            snprintf(err, errlen,
                     "%s/%s: a catalogue is named by its "
                     "language code, e.g. fi.txt",
                     dir, de->d_name);
            goto out;
        }
        if (n == LANG_MAX) {
            snprintf(err, errlen, "%s: more than %d catalogues", dir, LANG_MAX);
            goto out;
        }
        path = xasprintf("%s/%s", dir, de->d_name);
        bufs[n] = read_file(path, err, errlen);
        free(path);
        if (bufs[n] == NULL)
            goto out;
        memcpy(codes[n], code, sizeof(code));
        texts[n].code = codes[n];
        texts[n].text = bufs[n];
        n++;
    }
    l = lang_load_texts(NULL, texts, n, dir, err, errlen);
out:
    closedir(d);
    for (size_t i = 0; i < n; i++)
        free(bufs[i]);
    return l;
}

struct langs *lang_load_builtin(char *err, size_t errlen)
{
    return lang_load_texts(NULL, lang_builtin, lang_nbuiltin, "(built in)",
                           err, errlen);
}

void lang_free(struct langs *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->n; i++)
        for (int k = 0; k < LANG_NKEYS && !l->cats[i].shared; k++)
            free(l->cats[i].text[k]);
    free(l->cats);
    free(l);
}

size_t lang_count(const struct langs *l)
{
    return l->n;
}

const char *lang_code_at(const struct langs *l, size_t i)
{
    return i < l->n ? l->cats[i].code : NULL;
}

const struct lang_cat *lang_cat_at(const struct langs *l, size_t i)
{
    return i < l->n ? &l->cats[i] : NULL;
}

/* The catalogue for the primary subtag of tag, or NULL. */
static const struct lang_cat *find_cat(const struct langs *l, const char *tag)
{
    char code[4];
    size_t n = 0;

    if (tag == NULL)
        return NULL;
    /* "fi", "FI", "fi-FI", "sv_SE": letters up to the first other byte. */
    while (n < sizeof(code) && ((tag[n] >= 'a' && tag[n] <= 'z') ||
                                (tag[n] >= 'A' && tag[n] <= 'Z'))) {
        code[n] = (char)(tag[n] | 0x20);
        n++;
    }
    if (n < 2 || n > 3 || (tag[n] != '\0' && tag[n] != '-' && tag[n] != '_'))
        return NULL;
    code[n] = '\0';
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->cats[i].code, code) == 0)
            return &l->cats[i];
    return NULL;
}

const struct lang_cat *
lang_pick(const struct langs *l, const char *tag, const char *fallback)
{
    const struct lang_cat *c = find_cat(l, tag);

    if (c == NULL)
        c = find_cat(l, fallback);
    if (c == NULL)
        c = find_cat(l, "en"); /* lang_load() guarantees it */
    return c;
}

const char *lang_code(const struct lang_cat *c)
{
    return c->code;
}

const char *lang_text(const struct lang_cat *c, enum lang_key k)
{
    if ((int)k < 0 || k >= LANG_NKEYS)
        return "";
    return c->text[k] ? c->text[k] : c->en->text[k];
}

/* Appends s[0..n) to buf at *at; on overflow cuts at a UTF-8 character
 * boundary and returns -1. */
static int put(char *buf, size_t len, size_t *at, const char *s, size_t n)
{
    size_t room = len - 1 - *at;

    if (n <= room) {
        memcpy(buf + *at, s, n);
        *at += n;
        buf[*at] = '\0';
        return 0;
    }
    while (room > 0 && ((unsigned char)s[room] & 0xC0) == 0x80)
        room--;
    memcpy(buf + *at, s, room);
    *at += room;
    buf[*at] = '\0';
    return -1;
}

int lang_format(const struct lang_cat *c,
                enum lang_key k,
                char *buf,
                size_t len,
                const char *const *args,
                size_t nargs)
{
    const char *t, *p;
    size_t at = 0, seq = 0;

    if (len == 0)
        return ERR_INTERNAL;
    buf[0] = '\0';
    if ((int)k < 0 || k >= LANG_NKEYS || nargs != (size_t)key_defs[k].nargs)
        return ERR_INTERNAL;
    t = lang_text(c, k);
    for (p = t; *p;) {
        const char *pct = strchr(p, '%'), *arg = NULL;

        if (pct == NULL)
            return put(buf, len, &at, p, strlen(p)) ? ERR_INTERNAL : 0;
        if (put(buf, len, &at, p, (size_t)(pct - p)))
            return ERR_INTERNAL;
        /* The loader checked every '%': it starts one of these. */
        if (pct[1] == '%') {
            arg = "%";
            p = pct + 2;
        } else if (pct[1] == 's') {
            arg = seq < nargs ? args[seq] : "";
            seq++;
            p = pct + 2;
        } else {
            size_t i = (size_t)(pct[1] - '1');

            arg = i < nargs ? args[i] : "";
            p = pct + 4;
        }
        if (put(buf, len, &at, arg ? arg : "", strlen(arg ? arg : "")))
            return ERR_INTERNAL;
    }
    return 0;
}

char *lang_format_new(const struct lang_cat *c,
                      enum lang_key k,
                      const char *const *args,
                      size_t nargs)
{
    const char *t;
    size_t len, longest = 0, nph = 0;
    char *buf;

    if ((int)k < 0 || k >= LANG_NKEYS || nargs != (size_t)key_defs[k].nargs)
        return NULL;
    t = lang_text(c, k);
    /* Each '%' becomes at most the longest argument: enough room. */
    for (const char *p = t; (p = strchr(p, '%')) != NULL; p++)
        nph++;
    for (size_t i = 0; i < nargs; i++)
        if (args[i] && strlen(args[i]) > longest)
            longest = strlen(args[i]);
    len = strlen(t) + nph * longest + 1;
    buf = xmalloc(len);
    if (lang_format(c, k, buf, len, args, nargs) != 0) {
        /* Cannot happen: the length above is an upper bound. */
        free(buf);
        return NULL;
    }
    return buf;
}

/* ------------------------------------------------------------------ */
/* Reasons                                                            */
/* ------------------------------------------------------------------ */

void lang_reason_clear(struct lang_reason *r)
{
    if (r == NULL)
        return;
    r->key = LANG_NKEYS;
    r->nargs = 0;
    r->buf[0] = '\0';
}

int lang_reason_set(struct lang_reason *r,
                    int code,
                    enum lang_key k,
                    const char *const *args,
                    size_t nargs)
{
    size_t at = 0;

    if (r == NULL)
        return code;
    lang_reason_clear(r);
    if ((int)k < 0 || k >= LANG_NKEYS || nargs > LANG_REASON_NARGS ||
        nargs != (size_t)key_defs[k].nargs) {
        log_warn("lang: reason %s with %zu arguments",
                 lang_key_name(k) ? lang_key_name(k) : "?", nargs);
        return code;
    }
    for (size_t i = 0; i < nargs; i++) {
        const char *a = args[i] ? args[i] : "";

        size_t end = at;

        /* Each argument ends with its '\0'; the last bytes of buf are
         * kept for the later arguments' ones, so a long one is cut (at a
         * character boundary, by put()) and those after it stay. */
        r->off[i] = at;
        put(r->buf, sizeof(r->buf) - (nargs - 1 - i), &end, a, strlen(a));
        at = end + 1;
    }
    r->key = k;
    r->nargs = nargs;
    return code;
}

int lang_reason_given(const struct lang_reason *r)
{
    return r != NULL && (int)r->key >= 0 && r->key < LANG_NKEYS;
}

int lang_reason_format(const struct lang_cat *c,
                       const struct lang_reason *r,
                       char *buf,
                       size_t len)
{
    const char *args[LANG_REASON_NARGS];

    if (len > 0)
        buf[0] = '\0';
    if (!lang_reason_given(r) || len == 0)
        return ERR_INTERNAL;
    for (size_t i = 0; i < r->nargs; i++)
        args[i] = r->buf + r->off[i];
    return lang_format(c, r->key, buf, len, args, r->nargs);
}
