// GNU readline (Debian: libreadline-dev). Swift 6 rejects direct use of readline's mutable C
// globals, so each one we touch gets a small static-inline setter here.
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

static inline void adv_rl_set_completion_function(rl_completion_func_t *f) {
    rl_attempted_completion_function = f;
}
static inline void adv_rl_set_attempted_completion_over(int v) { rl_attempted_completion_over = v; }
static inline void adv_rl_set_completion_append_character(int c) { rl_completion_append_character = c; }
static inline void adv_rl_set_readline_name(const char *name) { rl_readline_name = name; }
static inline void adv_rl_set_catch_signals(int v) { rl_catch_signals = v; }
static inline const char *adv_rl_line_buffer(void) { return rl_line_buffer; }
