#ifndef ORDERMAIL_SIGNALS_H
#define ORDERMAIL_SIGNALS_H
/* Signal dispositions and masks, set with sigaction(2) and pthread_sigmask(3) from C, where a
   handler may touch only async-signal-safe state. A library must leave a process's signal state
   as it found it: every function that changes it for a while saves what was there and puts it back. */
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>

/* Guarding a child process group (a password command) against an interruption of ordermail.
   begin: blocks SIGINT, SIGTERM and SIGHUP, saving the caller's mask and handlers; call it before
          posix_spawn, so that no signal arrives between the spawn and the handler knowing the group.
   child_attributes: gives the child the caller's mask without those three, and their default actions.
   started: the group exists; installs handlers that kill it with SIGKILL and then pass the signal on
          to the caller's own disposition, and unblocks the three (except where the caller ignores one).
   end: puts back the caller's handlers, then its mask.
   Returns 0, or an errno value. */
int ordermail_child_guard_begin(void);
int ordermail_child_guard_child_attributes(posix_spawnattr_t *attributes);
void ordermail_child_guard_started(pid_t group);
void ordermail_child_guard_end(void);

/* Ctrl-C: the first SIGINT sets a flag that ordermail_interrupted() reads, and puts back the
   default action, so that a second one ends the process at once. Returns 0, or an errno value. */
int ordermail_interrupt_flag_install(void);
int ordermail_interrupted(void);

/* SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGFPE and SIGTRAP take their default action (the
   process ends) and are unblocked, whatever handler the language runtime installed for them.
   Returns 0, or an errno value. */
int ordermail_fatal_signals_end_process(void);

/* For tests: 0 when `signal` has its default action, 1 when it is ignored, 2 when a handler
   catches it; -1 on error. */
int ordermail_signal_disposition(int signal);
/* For tests: 1 when `signal` is blocked in the calling thread, 0 when not, -1 on error. */
int ordermail_signal_blocked(int signal);
#endif
