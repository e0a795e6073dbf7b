/*
 * room.h - the rooms of the service: registry and model.
 *
 * A room lives in memory (for lookups on every stanza) and in the store
 * (so it survives restarts). Changes go to the store first and reach
 * memory only when the store has committed: check, then act. No XML here.
 */
#ifndef ECOPPER_ROOM_H
#define ECOPPER_ROOM_H

#include <stddef.h>
#include <stdint.h>

struct store;

#define ROOM_NAME_MAX 64
#define ROOM_TITLE_MAX 200
#define ROOM_DESC_MAX 2000

struct room {
    int64_t id;
    char *name;        /* local part of the room's JID */
    char *title;
    char *description;
    int64_t created_at;
};

struct rooms;

/* Loads every room from st. Returns NULL on a store error. */
struct rooms *rooms_load(struct store *st);
void rooms_free(struct rooms *rs);
size_t rooms_count(const struct rooms *rs);
/* The room called name, or NULL. */
struct room *rooms_get(const struct rooms *rs, const char *name);
/*
 * Rooms in name order into a new array of n pointers (free() the array,
 * not the rooms). *n is set; NULL when there are none.
 */
struct room **rooms_sorted(const struct rooms *rs, size_t *n);

/*
 * Folds ASCII upper case in name to lower case in place and checks it:
 * 1 to 64 of a-z 0-9 . - _, starting with a letter or digit. Returns 0
 * or ERR_BAD_REQUEST with *why set.
 */
int room_name_check(char *name, const char **why);

/*
 * Creates a room, stored then registered. 0, ERR_BAD_REQUEST (*why set),
 * ERR_CONFLICT or ERR_INTERNAL.
 */
int rooms_create(struct rooms *rs, const char *name, const char *title,
                 const char *description, int64_t now, const char *by,
                 const char **why);
/* Destroys room name: 0, ERR_ITEM_NOT_FOUND or ERR_INTERNAL. */
int rooms_destroy(struct rooms *rs, const char *name);

#endif
