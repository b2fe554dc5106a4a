// GNU readline (Debian: libreadline-dev). Swift 6 rejects direct use of readline's mutable C
// globals, so each one we touch gets a small static-inline setter here.
#include <stdio.h>
#include <string.h>
#include <readline/readline.h>
#include <readline/history.h>

static inline void adv_rl_set_completion_function(rl_completion_func_t *f) {
    rl_attempted_completion_function = f;
}
static inline void adv_rl_set_attempted_completion_over(int v) { rl_attempted_completion_over = v; }
static inline void adv_rl_set_completion_append_character(int c) { rl_completion_append_character = c; }
static inline void adv_rl_set_readline_name(const char *name) { rl_readline_name = name; }
static inline void adv_rl_set_catch_signals(int v) { rl_catch_signals = v; }
static inline void adv_rl_set_persistent_signal_handlers(int v) { rl_persistent_signal_handlers = v; }
static inline const char *adv_rl_line_buffer(void) { return rl_line_buffer; }
static inline int adv_rl_input_descriptor(void) { return fileno(rl_instream ? rl_instream : stdin); }
static inline void adv_rl_flush_output(void) { fflush(rl_outstream ? rl_outstream : stdout); }
/* Forgets the end of input of an earlier line: in the callback interface readline keeps it, and
   would then move to a new line again each time it leaves the terminal's raw mode. */
static inline void adv_rl_forget_eof(void) {
    rl_eof_found = 0;
    RL_UNSETSTATE(RL_STATE_EOF);
}
/* Whether readline moves to a new line itself on end of input (Ctrl-D): from 8.1 on, it does
   when bracketed paste is on, as its way of leaving that mode ends with a carriage return. */
static inline int adv_rl_ends_line_at_eof(void) {
    const char *paste = rl_variable_value("enable-bracketed-paste");
    return rl_readline_version >= 0x0801 && paste != NULL && strcmp(paste, "on") == 0;
}
