/*
 * test_queue_cmd.c - which room messages from a moderator are queue
 * commands (muc_queue_is_command()): those are decisions and never reach
 * the youths; everything else is an ordinary message.
 */
#include <stddef.h>

#include "check.h"
#include "muc_int.h"

int main(void)
{
    static const char *const commands[] = {
        "queue", "Queue", " queue ", "ok 1", "OK 12", "ok 9999 ", "  ok 3",
        "no 1", "no 1 not a question", "No 12  off topic", "no 3 ",
    };
    static const char *const messages[] = {
        "", "ok", "ok ", "okay 1", "ok 1 thanks for asking", "ok 12345",
        "ok -1", "ok 1a", "ok1", "no", "no way", "no 1x", "no 12345 reason",
        "queue please", "the queue", "ok\t1", "noo 1", "ok 0x1",
    };

    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        CHECK(muc_queue_is_command(commands[i]) == 1);
    for (size_t i = 0; i < sizeof(messages) / sizeof(messages[0]); i++)
        CHECK(muc_queue_is_command(messages[i]) == 0);
    return CHECK_DONE("test_queue_cmd");
}
