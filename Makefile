# ecopper - build, test and install.
#
#   make            build build/ecopper
#   make check      install missing test dependencies, build, run every test
#   make asan       the whole check under AddressSanitizer + UBSan
#   make demo       a local Prosody with ecopper attached (see README)
#   make web        the youth chat page: npm packages, Converse.js's files
#                   into conf/web/dist (conf/web/README.md)
#   make check-docs the docs against the program: commands, config keys
#                   and what SIGHUP applies (tests/docs/check-docs.py)
#   make check-desktop  a youth worker's day in a real Gajim, then Dino,
#                   under Xvfb (tests/desktop); installs them and Xvfb first
#   make install    PREFIX=/usr/local DESTDIR=
#   make fuzz       libFuzzer targets (clang) into build-fuzz/, each run
#                   FUZZ_SECONDS (60) on a copy of tests/fuzz/corpus
#                   (docs/fuzzing.md)
#
# Out-of-tree builds: objects go to $(BUILD) (build/ by default,
# build-asan/ for the sanitizer build).

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
DATADIR  ?= $(PREFIX)/share
LANGDIR  ?= $(DATADIR)/ecopper/lang
SYSCONFDIR ?= /etc/ecopper
DESTDIR  ?=
BUILD    ?= build

PKGS     = libstrophe expat openssl sqlite3 icu-uc icu-i18n
CC       ?= cc
WARN     = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wvla -Wpointer-arith -Wcast-qual -Wundef \
           -Wnull-dereference -Wimplicit-fallthrough
ifdef WERROR
WARN    += -Werror
endif
OPT     ?= -O2 -g
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS += -D_GNU_SOURCE -DECOPPER_VERSION='"$(VERSION)"' \
            -DECOPPER_SYSCONFDIR='"$(SYSCONFDIR)"' \
            -DECOPPER_LANGDIR='"$(LANGDIR)"' -Icomponent -I$(BUILD)
CFLAGS   += -std=c11 $(OPT) $(WARN) $(PKG_CFLAGS) $(SAN)
LDFLAGS  += $(SAN)
LDLIBS   += $(PKG_LIBS)

SRCS = adhoc.c clock.c cmd_queue.c cmd_room.c cmd_schedule.c cmd_staff.c cmd_stats.c cmd_transcript.c config.c datefmt.c disco.c err.c filter.c form.c hmap.c \
       hours.c lang.c link.c log.c mcast.c muc.c muc_admin.c muc_card.c muc_archive.c muc_message.c muc_owner.c muc_presence.c muc_private.c muc_queue.c muc_staff.c muc_stats.c nick.c opening.c pool.c room.c router.c schedule.c \
       relay.c staff.c stanza.c stats.c store.c store_stats.c transcript.c tz.c util.c
LIB_OBJS = $(SRCS:%.c=$(BUILD)/%.o) $(BUILD)/migrations.o $(BUILD)/langs.o
MAIN_OBJ = $(BUILD)/main.o
UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/unit/%)
MIGRATIONS = $(sort $(wildcard schemas/[0-9]*.sql))

# libFuzzer targets (tests/fuzz, docs/fuzzing.md): built by clang with
# ASan and UBSan into FUZZ_BUILD, whatever BUILD is, so that make asan and
# the check's short fuzzing step share one fuzz build.
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_RUNS    ?=
FUZZ_TARGETS  = router form nick config schedule lang
FUZZ_BINS     = $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all

.PHONY: all check unit integration asan install uninstall clean format \
        deps demo pkgcheck web web-check bench fuzz fuzz-build fuzz-bins \
        check-docs check-desktop

all: pkgcheck $(BUILD)/ecopper

pkgcheck:
	@pkg-config --exists $(PKGS) || { \
	  echo "ecopper: missing build dependencies ($(PKGS));" \
	       "run 'make deps' (as root) or see README"; exit 1; }

$(BUILD)/ecopper: $(LIB_OBJS) $(MAIN_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: component/%.c | $(BUILD)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/migrations.c: component/gen-migrations.sh $(MIGRATIONS) | $(BUILD)
	sh component/gen-migrations.sh $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

# The catalogues built in (lang.h): used when lang_dir is not set and
# none are installed, so a first run needs no make install. First
# check-langs.sh: a catalogue that lacks a key of en.txt (or has one en.txt
# lacks) fails the build, naming the file and the key.
LANGS = $(sort $(wildcard conf/lang/*.txt))
$(BUILD)/langs.c: component/gen-langs.sh component/check-langs.sh $(LANGS) \
                  | $(BUILD)
	sh component/check-langs.sh $(LANGS)
	sh component/gen-langs.sh $(LANGS) > $@.tmp && mv $@.tmp $@

$(BUILD)/langs.o: $(BUILD)/langs.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/migrations.o: $(BUILD)/migrations.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/unit/%: tests/unit/%.c tests/unit/check.h $(LIB_OBJS) | $(BUILD)/unit
	$(CC) $(CPPFLAGS) $(CFLAGS) -Itests/unit -o $@ $< $(LIB_OBJS) \
	    $(LDFLAGS) $(LDLIBS)

# A target links the component's objects (compiled with
# -fsanitize=fuzzer-no-link through SAN, see fuzz-build) and libFuzzer.
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.c tests/fuzz/fuzz.h \
                      $(LIB_OBJS) | $(BUILD)/fuzz
	$(CC) $(CPPFLAGS) $(CFLAGS) -DFUZZ_TOP='"$(CURDIR)"' -Itests/fuzz \
	    -MMD -MP -MF $@.d -o $@ $< tests/fuzz/fuzz.c $(LIB_OBJS) \
	    -fsanitize=fuzzer $(FUZZ_SAN) $(LDLIBS)

# The bench's own tools (tests/bench): a load generator holding thousands
# of clients and the bare fan-out component; expat and OpenSSL only.
BENCH_BINS = $(BUILD)/bench/loadgen $(BUILD)/bench/barecomp
$(BUILD)/bench/%: tests/bench/%.c tests/bench/xstream.c tests/bench/xstream.h \
                  | $(BUILD)/bench
	$(CC) $(CPPFLAGS) $(CFLAGS) -Itests/bench -o $@ $< tests/bench/xstream.c \
	    $(LDFLAGS) $(LDLIBS)

$(BUILD) $(BUILD)/unit $(BUILD)/fuzz $(BUILD)/bench:
	mkdir -p $@

deps:
	sh tests/deps.sh

unit: all $(UNIT_BINS)

# The whole suite: unit tests, then integration scenarios against a real
# Prosody, then the web tier (the page in a real browser); ends with one
# line "N passed, N failed".
check: deps
	$(MAKE) all unit
	BUILD=$(BUILD) sh tests/check.sh

# The binary's own tables (ecopper --list-commands, ecopper -D) against
# admin.md, the man pages and conf/ecopper.conf.example; also a tier of
# make check.
check-docs: all
	/usr/bin/python3 tests/docs/check-docs.py $(CURDIR)/$(BUILD)/ecopper

# A youth worker's day in Gajim 1.7 under Xvfb (tests/desktop/staff_day.py),
# then the question queue in Dino 0.4.2 (tests/desktop/dino_day.py; as
# root, with port 5222 free, else it says it skipped):
# tests/deps-desktop.sh installs Gajim, Dino, Xvfb and the accessibility
# stack, which make check does not (tests/check.sh runs these tiers only
# when they are there). About 20 s. The screenshots in docs/images come
# from the two scripts run by hand; this check takes none.
check-desktop: all
	sh tests/deps-desktop.sh
	ECOPPER_BIN=$(CURDIR)/$(BUILD)/ecopper /usr/bin/python3 \
	    tests/desktop/staff_day.py --no-shots
	ECOPPER_BIN=$(CURDIR)/$(BUILD)/ecopper /usr/bin/python3 \
	    tests/desktop/dino_day.py --no-shots

integration: all
	ECOPPER_BIN=$(CURDIR)/$(BUILD)/ecopper /usr/bin/python3 tests/run-integration

# The page (conf/web) needs Converse.js from npm, pinned in
# tests/web/package-lock.json: npm ci there, then its files are copied to
# conf/web/dist. Quick when nothing changed. tests/check.sh runs the same
# script at the start of the web tier, so that a failure there counts as a
# failed test rather than stopping the whole check.
web:
	sh tests/web/setup.sh

web-check: all web
	ECOPPER_BIN=$(CURDIR)/$(BUILD)/ecopper /usr/bin/python3 tests/run-web

asan:
	$(MAKE) check BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"

# The fuzz targets with clang; then each runs FUZZ_SECONDS on a copy of
# its seed corpus (tests/fuzz/run.sh; work in $(FUZZ_BUILD)/work), and the
# last line is "N passed, N failed": a target with a finding fails.
# FUZZ_RUNS=N stops each after N executions instead (with FUZZ_SECONDS=0);
# FUZZ_TARGETS="router form" runs only those.
fuzz: deps fuzz-build
	FUZZ_RUNS=$(FUZZ_RUNS) sh tests/fuzz/run.sh $(FUZZ_BUILD) \
	    $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-build:
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=clang OPT="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" WERROR= fuzz-bins

fuzz-bins: pkgcheck $(FUZZ_BINS)

demo: deps all web
	sh conf/demo.sh

# ecopper side by side with Prosody's own MUC on one server (not part of
# check's pass/fail): tests/bench/bench.py, results in tests/out/bench.txt.
bench: deps all $(BENCH_BINS)
	ECOPPER_BIN=$(CURDIR)/$(BUILD)/ecopper BENCH_TOOLS=$(CURDIR)/$(BUILD)/bench \
	    /usr/bin/python3 tests/bench/bench.py $(BENCH_ARGS)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man8 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(SYSCONFDIR)
	install -m 755 $(BUILD)/ecopper $(DESTDIR)$(BINDIR)/ecopper
	install -m 644 docs/ecopper.8 $(DESTDIR)$(MANDIR)/man8/ecopper.8
	install -m 644 docs/ecopper.conf.5 $(DESTDIR)$(MANDIR)/man5/ecopper.conf.5
	install -m 640 conf/ecopper.conf.example \
	    $(DESTDIR)$(SYSCONFDIR)/ecopper.conf.example
	install -d $(DESTDIR)$(LANGDIR)
	install -m 644 conf/lang/*.txt $(DESTDIR)$(LANGDIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ecopper $(DESTDIR)$(MANDIR)/man8/ecopper.8 \
	    $(DESTDIR)$(MANDIR)/man5/ecopper.conf.5 \
	    $(DESTDIR)$(SYSCONFDIR)/ecopper.conf.example
	rm -rf $(DESTDIR)$(LANGDIR)

format:
	clang-format -i component/*.c component/*.h tests/unit/*.c tests/unit/*.h

clean:
	rm -rf build build-asan build-fuzz conf/web/dist

-include $(wildcard $(BUILD)/*.d $(BUILD)/fuzz/*.d)
