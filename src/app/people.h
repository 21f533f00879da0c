/*
 * people: managing other people's accounts (the "Users" pages), and the checks
 * of organisation details typed by a system admin (the "Organisations" pages and
 * the CLI share them).
 *
 * Who may manage whom is the policy row ACT_USER_ADMIN applied to the account's
 * own scope (its school, trust or LA; nothing for a system admin), so a school
 * admin manages the users of their school, an LA officer those of the LA's
 * schools and the LA's officers, a system admin anyone. An account outside the
 * actor's reach answers ERR_NOT_FOUND, exactly like one that does not exist.
 * Nobody chooses or learns another person's password: new users get a welcome
 * link and resets a reset link by e-mail (app/reset.h).
 */
#ifndef PT_APP_PEOPLE_H
#define PT_APP_PEOPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/access.h"
#include "core/model.h"

struct app;
struct store_conn;

/* The scope an account sits in, as a resource: its school (with the school's
 * trust and LA), its trust, its LA, or nothing for a system admin. ERR_NOT_FOUND
 * when its school is gone. */
enum err people_scope_of(struct store_conn *c, const struct user *target,
			 struct resource_scope *out);

/* Whether actor may manage target (ACT_USER_ADMIN over target's scope). */
bool people_may_manage(struct store_conn *c, const struct user *actor, const struct user *target);

/* The account id for actor to manage: ERR_NOT_FOUND when there is none or it is
 * outside actor's reach. */
enum err people_get(struct store_conn *c, const struct user *actor, int64_t id, struct user *out);

/* The accounts actor may manage, sorted by username; establishment_id limits the
 * list to one school (0 = all). Caller frees *out. */
enum err people_list(struct store_conn *c, const struct user *actor, int64_t establishment_id,
		     struct user **out, size_t *n);

/* Adds u (username, display_name, email, role and its scope ids filled in) and
 * e-mails the welcome link, in one transaction: nothing is stored when the
 * message cannot be sent. ERR_INVALID for bad details (an e-mail address is
 * required), ERR_DENIED when the new account would be outside actor's reach (no
 * one creates an account above their own scope), ERR_CONFLICT when the username
 * is taken. eb holds a message for the person. Audited. */
enum err people_add(struct app *a, struct store_conn *c, const struct user *actor, const char *ip,
		    struct user *u, struct errbuf *eb);

/* Changes display name, e-mail and role of account id. The role may move only
 * between roles of the same kind of scope (teacher <-> school admin); nobody
 * changes their own role. The new role takes effect on the account's next
 * request. Errors as people_add, plus ERR_NOT_FOUND, and ERR_CONFLICT when
 * nothing would change (no audit row, nothing written). */
enum err people_edit(struct app *a, struct store_conn *c, const struct user *actor, const char *ip,
		     int64_t id, const char *display_name, const char *email, enum role role,
		     struct errbuf *eb);

/* Disables (ending every session of the account at once; its API tokens stop
 * working on the next request) or enables account id. Nobody disables
 * themselves (ERR_DENIED). Audited as "user.disable" / "user.enable".
 * ERR_CONFLICT when the account is in that state already (nothing written). */
enum err people_set_disabled(struct app *a, struct store_conn *c, const struct user *actor,
			     const char *ip, int64_t id, bool disabled, struct errbuf *eb);

/* Mails account id a link to choose a new password (reset_send RESET_ADMIN).
 * ERR_INVALID when it has no e-mail address or is disabled. */
enum err people_reset(struct app *a, struct store_conn *c, const struct user *actor, const char *ip,
		      int64_t id, struct errbuf *eb);

/* Unlocks account id after too many failed sign-ins (account_unlock: the lock,
 * the failure count and the throttling window are cleared). Audited as
 * "user.unlock". */
enum err people_unlock(struct app *a, struct store_conn *c, const struct user *actor,
		       const char *ip, int64_t id, struct errbuf *eb);

/* Whether account u is locked now (too many failed sign-ins). */
bool people_locked(const struct app *a, const struct user *u);

/* ---- organisation details, typed on the web or the command line ---- */

/* A name of an LA, trust or school: surrounding blanks removed, 1 to
 * NAME_MAX_LEN characters of text without line breaks. what names the field in
 * the message ("school name"). */
enum err people_org_name(const char *what, const char *in, char out[NAME_MAX_LEN + 1],
			 struct errbuf *eb);
/* A 3-digit DfE LA number, 100 to 999. */
enum err people_org_la_code(const char *in, int *out, struct errbuf *eb);
/* A 7-digit LAESTAB (8881234 or 888/1234): LA number 100-999 then establishment
 * number 0001-9999. */
enum err people_org_laestab(const char *in, int *out, struct errbuf *eb);
/* A 6-digit URN, 100000 to 999999; "" gives 0 (unknown). */
enum err people_org_urn(const char *in, int *out, struct errbuf *eb);

#endif
