/*
 * mail: sends one plain-text message. Through the SMTP server in the settings
 * (cfg.smtp_url, libcurl) when one is set; otherwise the message is written as a
 * file to the outbox folder (cfg.outbox_dir, default "outbox"), where an admin
 * (and the tests) can read it. See docs/operations.md.
 */
#ifndef PT_APP_MAIL_H
#define PT_APP_MAIL_H

#include "base/err.h"

struct app;

/* Sends (or files) a message to one address. ERR_INVALID for an address that is
 * not of the form local@domain or that holds CR/LF; ERR_IO when the SMTP server
 * refuses or the outbox cannot be written (eb says which and why). */
enum err mail_send(struct app *a, const char *to, const char *subject, const char *body,
		   struct errbuf *eb);

#endif
