/*
 * cmd.h - what the admin commands share beyond adhoc.h: a room's weekly
 * slots and exceptions, asked for and checked the same way by
 * create-room (cmd_room.c) and schedule-set (cmd_schedule.c); the room
 * field of cmd_schedule.c's commands, which cmd_transcript.c uses too.
 */
#ifndef ECOPPER_CMD_H
#define ECOPPER_CMD_H

#include <stddef.h>

#include "opening.h"
#include "schedule.h"

struct adhoc_step;
struct app;
struct room;

/* A submitted schedule, parsed. */
struct cmd_sched {
    struct sched_slot slots[OPENING_MAX_LINES];
    size_t nslots;
    struct sched_exception exceptions[OPENING_MAX_LINES];
    size_t nexceptions;
};

/* Adds the text-multi fields "slots" and "exceptions" to s->out. */
void cmd_sched_fields(struct adhoc_step *s);
/*
 * Parses the submitted "slots" and "exceptions" into p. Returns 0, or
 * ERR_BAD_REQUEST with s->why naming the field, the line and the reason
 * (in s's language, schedule.c's reason too).
 */
int cmd_sched_parse(struct adhoc_step *s, struct cmd_sched *p);

/* "Open now until 18:00", "Closed; next session ...", or for a room
 * without a schedule "Always open (no opening hours)", in s's language
 * (hours_state_text()); a new string, the caller's. */
char *cmd_hours_state(struct adhoc_step *s, const struct room *r);

/* The list-single field "room": every room of the service. */
void cmd_room_field(struct adhoc_step *s);
/* The room the submitted form names ("name" or "name@service"), or NULL
 * with s->why set and *rc the error. */
struct room *cmd_submitted_room(struct adhoc_step *s, int *rc);

#endif
