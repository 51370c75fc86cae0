/*
 * A test-only wall clock for an engine process (tests/edge/friday.test.mjs):
 * preloaded with LD_PRELOAD, it adds LEADGATE_TEST_CLOCK_OFFSET_MS to
 * CLOCK_REALTIME (clock_gettime, gettimeofday, time), so workerd's and Deno's
 * Date.now(), their Durable Object alarm / KV queue deadlines and their
 * storage's timestamps all read a chosen date. CLOCK_MONOTONIC is left alone:
 * timers keep real durations.
 *
 * Why not Debian's libfaketime: it drives Deno, but workerd 1.x hangs before
 * main under it (libfaketime's poll() wrapper resolves symbols with dlsym
 * during tcmalloc's first allocation; dlsym allocates, and tcmalloc's
 * spin lock is taken again). This shim calls no allocator and no dlsym: the
 * clock is read with the raw system call.
 *
 * It exists only in the tests, is compiled into a temporary directory by the
 * test and is never part of the worker: the product has no clock override.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static long long offset_ns;
static int ready;

static void init(void) {
  const char *s = getenv("LEADGATE_TEST_CLOCK_OFFSET_MS");
  offset_ns = s ? strtoll(s, NULL, 10) * 1000000LL : 0;
  ready = 1;
}

__attribute__((constructor)) static void start(void) { init(); }

int clock_gettime(clockid_t id, struct timespec *ts) {
  if (syscall(SYS_clock_gettime, id, ts) != 0) return -1;
  if (!ready) init();
  if (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE) {
    long long ns = (long long)ts->tv_sec * 1000000000LL + ts->tv_nsec + offset_ns;
    ts->tv_sec = ns / 1000000000LL;
    ts->tv_nsec = ns % 1000000000LL;
  }
  return 0;
}

int gettimeofday(struct timeval *tv, void *tz) {
  (void)tz;
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME, &ts) != 0) return -1;
  if (tv) {
    tv->tv_sec = ts.tv_sec;
    tv->tv_usec = ts.tv_nsec / 1000;
  }
  return 0;
}

time_t time(time_t *t) {
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME, &ts) != 0) return (time_t)-1;
  if (t) *t = ts.tv_sec;
  return ts.tv_sec;
}
