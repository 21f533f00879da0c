/*
 * utf8: validation of UTF-8 text from forms and files, and character counts for
 * length limits that a person understands ("at most 100 characters").
 */
#ifndef PT_BASE_UTF8_H
#define PT_BASE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..n) is well-formed UTF-8 with no NUL and no C0 controls other than
 * tab, LF and CR (overlongs and surrogates rejected). */
bool utf8_valid_text(const char *s, size_t n);
/* Number of code points in well-formed UTF-8. */
size_t utf8_length(const char *s, size_t n);

#endif
