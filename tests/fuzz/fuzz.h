/*
 * fuzz.h - what the libFuzzer targets in tests/fuzz share.
 *
 * Each target is one file, fuzz_<name>.c, with LLVMFuzzerTestOneInput()
 * (and LLVMFuzzerInitialize() when it needs a setup made once), linked
 * with the component's objects built by clang with ASan and UBSan
 * (make fuzz; docs/fuzzing.md). Targets that read files write the input
 * into a scratch directory: fuzz_dir(). Nothing here keeps state of an
 * input beyond the call.
 */
#ifndef ECOPPER_FUZZ_H
#define ECOPPER_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* libFuzzer's entry points. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The scratch directory of this process: $ECOPPER_FUZZ_TMP when set
 * (tests/fuzz/run.sh sets it inside the target's work directory and
 * removes it afterwards), else a new directory under /dev/shm (or
 * $TMPDIR, or /tmp) removed at exit. Made on the first call; the string
 * is owned by this module. Exits when it cannot be made.
 */
const char *fuzz_dir(void);

/* A new string dir/name, owned by the caller (free()). */
char *fuzz_path(const char *name);

/* Writes data[0..size) to path, replacing it; exits on failure. */
void fuzz_write(const char *path, const void *data, size_t size);

/* data[0..size) as a new NUL-terminated string (free()); an input may
 * hold NUL bytes: the string then ends at the first. */
char *fuzz_cstr(const uint8_t *data, size_t size);

/* The top of the source tree, compiled in by the Makefile: the targets
 * read conf/lang from there. */
#ifndef FUZZ_TOP
#define FUZZ_TOP "."
#endif

#endif
