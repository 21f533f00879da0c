/*
 * account: passwords (argon2id through libsodium), one-time passwords, security
 * codes (encrypted with the server key), API tokens. Shared by the CLI (user add,
 * token create) and the web sign-in.
 */
#ifndef PT_APP_ACCOUNT_H
#define PT_APP_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/model.h"

struct app;
struct store_conn;
struct actor;

enum {
	PASSWORD_MIN = 12,	/* characters */
	PASSWORD_MAX = 128,	/* characters */
	ONE_TIME_PW_HOURS = 72, /* a one-time password expires after this */
	SECURITY_CODE_DIGITS = 5,
	TOKEN_TEXT_LEN = 52, /* printable length of session cookies and API tokens */
};

/* Checks a new password against the rules (length, not a common password, not
 * the username). ERR_INVALID with a message a person can act on. */
enum err account_password_check(const struct app *a, const char *username, const char *pw,
				struct errbuf *eb);
/* argon2id hash into u->pw_hash. */
enum err account_password_set(struct user *u, const char *pw, struct errbuf *eb);
/* Constant-time verify; *rehash set when the hash's parameters are weaker than now. */
bool account_password_verify(const struct user *u, const char *pw, bool *rehash);

/* A random one-time password of 16 characters from an unambiguous alphabet. */
void account_one_time_password(char out[17]);
/* Encrypts a 5-digit code with the server key into u->sc_enc. */
enum err account_security_code_set(const struct app *a, struct user *u, const char *digits,
				   struct errbuf *eb);
/* Decrypts u's code into out (6 bytes with NUL); false when none or tampered. */
bool account_security_code_get(const struct app *a, const struct user *u, char out[6]);
/* Checks the two digits answered for positions u->sc_pos[0..1] in constant time. */
bool account_security_code_check(const struct app *a, const struct user *u, char d1, char d2);
/* Chooses two different random positions 1..5 into u->sc_pos. */
void account_security_code_pick(struct user *u);

/* Creates a user. When password is NULL a one-time password is generated into
 * otp_out (17 bytes) and must be changed at first sign-in; when security_code is
 * NULL one is generated into code_out (6 bytes). Audited. */
enum err account_create(struct app *a, struct store_conn *c, const struct actor *who,
			struct user *u, const char *password, const char *security_code,
			char otp_out[17], char code_out[6], struct errbuf *eb);

/* Random 256-bit token as printable text (TOKEN_TEXT_LEN chars + NUL) and its
 * SHA-256 hash, which is all the database keeps. */
void account_token_new(char text[TOKEN_TEXT_LEN + 1], unsigned char hash[32]);
/* Hash of a presented token; false when it is not of the token form. */
bool account_token_hash(const char *text, unsigned char hash[32]);
/* Creates an API token for user_id valid for days (0 = no expiry, at most 3650).
 * ERR_INVALID for an unknown or disabled user or a bad number of days. Audited. */
enum err account_api_token_create(struct app *a, struct store_conn *c, const struct actor *who,
				  int64_t user_id, int days, char text[TOKEN_TEXT_LEN + 1],
				  struct errbuf *eb);
/* The user behind a bearer token, refusing revoked, expired and disabled ones:
 * ERR_NOT_FOUND for text not of the token form or an unknown token, ERR_DENIED
 * for a revoked or expired token or a disabled user, ERR_LOCKED for a user who
 * must use an authenticator app (account_totp_required) and has not turned it
 * on, other codes for database trouble. */
enum err account_api_token_user(struct app *a, struct store_conn *c, const char *text,
				struct user *out);

/* ---- sign-in factors (issue 3a) ---- */

/* A new random 5-digit security code into out (6 bytes with NUL). */
void account_security_code_new(char out[6]);
/* Chooses two new positions that are not the pair asked before (after a
 * successful sign-in the question changes). */
void account_security_code_repick(struct user *u);
/* The positions shown for a username that does not exist: derived from the server
 * key and the name, so they stay the same like a real user's until a success. */
void account_security_code_decoy(const struct app *a, const char *username, int pos[2]);

/* Whether u must use an authenticator app: the setting require_totp_admins is on
 * and u is an LA officer or a system admin. */
bool account_totp_required(const struct app *a, const struct user *u);
/* Whether u has an authenticator app turned on. */
bool account_totp_on(const struct user *u);
/* Stores secret (base32, as shown to the user) in u->totp_secret encrypted with
 * the server key; NULL or "" turns TOTP off. ERR_INVALID for a bad secret. */
enum err account_totp_set(const struct app *a, struct user *u, const char *secret,
			  struct errbuf *eb);
/* Checks a 6-digit code against u's secret at now (one step either side); *step
 * gets the step that matched, which the caller records with store_totp_use so it
 * is not accepted twice. False when TOTP is off, the secret cannot be read or the
 * code is wrong. */
bool account_totp_verify(const struct app *a, const struct user *u, int64_t now, const char *code,
			 int64_t *step);
/* A signature (64 hex digits + NUL) binding a secret offered at TOTP set-up to the
 * user and an expiry, so the secret can travel in the confirmation form. */
void account_totp_offer_sign(const struct app *a, int64_t user_id, const char *secret,
			     int64_t expires, char sig[65]);
/* Whether sig is account_totp_offer_sign's for these values and now < expires. */
bool account_totp_offer_check(const struct app *a, int64_t user_id, const char *secret,
			      int64_t expires, const char *sig, int64_t now);

/* Unlocks an account locked after failed sign-ins: clears locked_until, the
 * failure count and its throttling window. Audited as "user.unlock" with who.
 * ERR_NOT_FOUND for an unknown user (eb says so); database errors otherwise.
 * Access is the caller's route's business (ACT_USER_ADMIN and scope). */
enum err account_unlock(struct app *a, struct store_conn *c, const struct actor *who,
			int64_t user_id, struct errbuf *eb);

#endif
