/*
 * log.h - levelled logging to stderr.
 *
 * One line per event: "2026-11-28T10:00:00Z info: area: message". Youths'
 * real JIDs must never be logged at info level or above (docs/privacy.md):
 * callers pass them only to log_debug().
 */
#ifndef ECOPPER_LOG_H
#define ECOPPER_LOG_H

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* Parses "error", "warn", "info" or "debug"; -1 when unknown. */
int log_level_parse(const char *s);
const char *log_level_name(enum log_level level);

void log_msg(enum log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/* Logs at error level and exits with status 1 (or `code`). */
_Noreturn void fatalx(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
_Noreturn void fatal_code(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
