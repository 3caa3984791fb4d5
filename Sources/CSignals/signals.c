#include "signals.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>

static const int guarded[] = {SIGINT, SIGTERM, SIGHUP};
enum { guarded_count = sizeof guarded / sizeof guarded[0] };

static volatile sig_atomic_t group_to_kill = 0;
static struct sigaction callers_actions[guarded_count];
static sigset_t callers_mask;

static int guarded_index(int signal) {
    for (int index = 0; index < guarded_count; index++) {
        if (guarded[index] == signal) return index;
    }
    return -1;
}

static void guarded_set(sigset_t *set) {
    sigemptyset(set);
    for (int index = 0; index < guarded_count; index++) sigaddset(set, guarded[index]);
}

/* Kills the group, then hands the signal to the caller's own disposition: with the default
   action it ends ordermail once this handler returns (the signal is blocked until then). */
static void end_group_then_pass_on(int signal) {
    int saved_errno = errno;
    pid_t group = group_to_kill;
    if (group > 0) kill(-group, SIGKILL);
    int index = guarded_index(signal);
    if (index >= 0) sigaction(signal, &callers_actions[index], NULL);
    raise(signal);
    errno = saved_errno;
}

int ordermail_child_guard_begin(void) {
    sigset_t block;
    guarded_set(&block);
    int code = pthread_sigmask(SIG_BLOCK, &block, &callers_mask);
    if (code != 0) return code;
    for (int index = 0; index < guarded_count; index++) {
        if (sigaction(guarded[index], NULL, &callers_actions[index]) != 0) {
            int failure = errno;
            pthread_sigmask(SIG_SETMASK, &callers_mask, NULL);
            return failure;
        }
    }
    group_to_kill = 0;
    return 0;
}

int ordermail_child_guard_child_attributes(posix_spawnattr_t *attributes) {
    sigset_t child_mask = callers_mask;
    sigset_t defaults;
    guarded_set(&defaults);
    for (int index = 0; index < guarded_count; index++) sigdelset(&child_mask, guarded[index]);
    int code = posix_spawnattr_setsigmask(attributes, &child_mask);
    if (code == 0) code = posix_spawnattr_setsigdefault(attributes, &defaults);
    return code;
}

void ordermail_child_guard_started(pid_t group) {
    group_to_kill = group;
    sigset_t unblock;
    sigemptyset(&unblock);
    for (int index = 0; index < guarded_count; index++) {
        /* A signal the caller ignores stays ignored, and does not end the command either. */
        if (callers_actions[index].sa_handler == SIG_IGN && !(callers_actions[index].sa_flags & SA_SIGINFO)) continue;
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = end_group_then_pass_on;
        sigemptyset(&action.sa_mask);
        sigaction(guarded[index], &action, NULL);
        sigaddset(&unblock, guarded[index]);
    }
    /* A parent may have started ordermail with these blocked (the mask is inherited): unblock
       them while the command runs, so that an interruption reaches the handler that ends it. */
    pthread_sigmask(SIG_UNBLOCK, &unblock, NULL);
}

void ordermail_child_guard_end(void) {
    sigset_t block;
    guarded_set(&block);
    /* Blocked while the handlers change back, then the caller's mask as it was (a signal that
       arrived meanwhile is then delivered to the caller's own handler). */
    pthread_sigmask(SIG_BLOCK, &block, NULL);
    group_to_kill = 0;
    for (int index = 0; index < guarded_count; index++) sigaction(guarded[index], &callers_actions[index], NULL);
    pthread_sigmask(SIG_SETMASK, &callers_mask, NULL);
}

static volatile sig_atomic_t interrupted = 0;

static void note_interrupt(int signal) {
    (void)signal;
    interrupted = 1;
}

int ordermail_interrupt_flag_install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = note_interrupt;
    action.sa_flags = SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGINT, &action, NULL) != 0) return errno;
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, SIGINT);
    return pthread_sigmask(SIG_UNBLOCK, &unblock, NULL);
}

int ordermail_interrupted(void) { return interrupted; }

int ordermail_fatal_signals_end_process(void) {
    static const int fatal[] = {SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP};
    sigset_t unblock;
    sigemptyset(&unblock);
    for (unsigned index = 0; index < sizeof fatal / sizeof fatal[0]; index++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = SIG_DFL;
        sigemptyset(&action.sa_mask);
        if (sigaction(fatal[index], &action, NULL) != 0) return errno;
        sigaddset(&unblock, fatal[index]);
    }
    return pthread_sigmask(SIG_UNBLOCK, &unblock, NULL);
}

int ordermail_signal_disposition(int signal) {
    struct sigaction current;
    if (sigaction(signal, NULL, &current) != 0) return -1;
    if (current.sa_flags & SA_SIGINFO) return 2;
    if (current.sa_handler == SIG_DFL) return 0;
    if (current.sa_handler == SIG_IGN) return 1;
    return 2;
}

int ordermail_signal_blocked(int signal) {
    sigset_t current;
    if (pthread_sigmask(SIG_SETMASK, NULL, &current) != 0) return -1;
    return sigismember(&current, signal);
}
