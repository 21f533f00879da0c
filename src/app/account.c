/*
 * account: passwords, one-time passwords, security codes and API tokens with
 * libsodium (see account.h). Secrets never reach the log or the audit: only their
 * hashes or ciphertexts leave this file, and plain copies are wiped after use.
 */
#include "app/account.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/throttle.h"
#include "app/totp.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "store/store.h"

/* argon2id at libsodium's INTERACTIVE limits (2 passes, 64 MiB): above OWASP's
 * minimum for argon2id, and a school's 8:45 rush of sign-ins on a small server
 * cannot run out of memory as it could with MODERATE's 256 MiB per sign-in. */
#define PW_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PW_MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

enum {
	COMMON_FILE_MAX = 4 * 1024 * 1024, /* bytes of data/common-passwords.txt */
	SC_NONCE = crypto_secretbox_NONCEBYTES,
	SC_SEALED = crypto_secretbox_MACBYTES + SECURITY_CODE_DIGITS,
	TOKEN_BYTES = 32,
	TOKEN_MAX_DAYS = 3650,
};
_Static_assert(SC_NONCE + SC_SEALED <= sizeof(((struct user *)0)->sc_enc),
	       "sealed security code fits struct user");
_Static_assert((TOKEN_BYTES * 8 + 4) / 5 == TOKEN_TEXT_LEN, "base32 of 32 bytes is 52 chars");
_Static_assert(crypto_pwhash_STRBYTES <= PW_HASH_MAX + 1, "hash string fits struct user");

static const char common_passwords_name[] = "common-passwords.txt";
/* No 0/O/o, 1/l/I: read aloud or copied from paper without doubt. */
static const char otp_alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
static const char base32_alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";

static void crypto_ready(void)
{
	if (sodium_init() < 0)
		BUG("libsodium failed to initialise");
}

/* ---- passwords ---- */

static bool ascii_ieq(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen != blen)
		return false;
	for (size_t i = 0; i < alen; i++)
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
			return false;
	return true;
}

/* Is pw (compared without regard to ASCII case) a line of the common list? */
static enum err password_is_common(const struct app *a, const char *pw, bool *common,
				   struct errbuf *eb)
{
	char *path = NULL, *text = NULL;
	size_t pwlen = strlen(pw), len = 0;
	enum err rc;

	*common = false;
	path = app_data_path(a, common_passwords_name);
	rc = app_file_read(path, COMMON_FILE_MAX, &text, &len, eb);
	if (rc != ERR_OK) {
		rc = errbuf_set(eb, ERR_IO,
				"the list of common passwords (%s) cannot be read, so no password "
				"can be checked: ask the system administrator to restore it",
				path);
		goto out;
	}
	for (char *line = text, *end = text + len; line < end && !*common;) {
		char *nl = memchr(line, '\n', (size_t)(end - line));
		char *stop = nl ? nl : end;
		char *e = stop;
		while (e > line && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > line && line[0] != '#' && ascii_ieq(line, (size_t)(e - line), pw, pwlen))
			*common = true;
		line = stop + 1;
	}
out:
	free(text);
	free(path);
	return rc;
}

enum err account_password_check(const struct app *a, const char *username, const char *pw,
				struct errbuf *eb)
{
	size_t bytes, chars;
	bool common = false;
	enum err rc;

	if (!pw || !*pw)
		return errbuf_set(eb, ERR_INVALID, "Enter a password.");
	bytes = strlen(pw);
	if (!utf8_valid_text(pw, bytes))
		return errbuf_set(eb, ERR_INVALID,
				  "The password contains something that is not text. Type it again "
				  "rather than pasting it.");
	for (size_t i = 0; i < bytes; i++)
		if ((unsigned char)pw[i] < 0x20)
			return errbuf_set(eb, ERR_INVALID,
					  "The password cannot contain tabs or line breaks.");
	chars = utf8_length(pw, bytes);
	if (chars < PASSWORD_MIN)
		return errbuf_set(eb, ERR_INVALID,
				  "The password is too short: it has %zu character%s and needs at "
				  "least %d. Three or four ordinary words in a row make a long "
				  "password that is easy to remember.",
				  chars, chars == 1 ? "" : "s", PASSWORD_MIN);
	if (chars > PASSWORD_MAX)
		return errbuf_set(eb, ERR_INVALID,
				  "The password is too long: it has %zu characters and may have at "
				  "most %d.",
				  chars, PASSWORD_MAX);
	if (username && *username && ascii_ieq(pw, bytes, username, strlen(username)))
		return errbuf_set(
			eb, ERR_INVALID,
			"The password cannot be the same as the username. Choose another.");
	rc = password_is_common(a, pw, &common, eb);
	if (rc != ERR_OK)
		return rc;
	if (common)
		return errbuf_set(
			eb, ERR_INVALID,
			"This password is on the list of the most common passwords, which "
			"attackers try first. Choose another: a few unrelated words work "
			"well.");
	return ERR_OK;
}

enum err account_password_set(struct user *u, const char *pw, struct errbuf *eb)
{
	char hash[crypto_pwhash_STRBYTES];

	crypto_ready();
	if (crypto_pwhash_str(hash, pw, strlen(pw), PW_OPSLIMIT, PW_MEMLIMIT) != 0)
		return errbuf_set(
			eb, ERR_IO,
			"the password could not be stored: the server is short of memory. "
			"Try again in a minute.");
	snprintf(u->pw_hash, sizeof(u->pw_hash), "%s", hash);
	return ERR_OK;
}

bool account_password_verify(const struct user *u, const char *pw, bool *rehash)
{
	bool ok;

	crypto_ready();
	if (rehash)
		*rehash = false;
	if (!pw || !u->pw_hash[0] || !memchr(u->pw_hash, '\0', sizeof(u->pw_hash)))
		return false;
	ok = crypto_pwhash_str_verify(u->pw_hash, pw, strlen(pw)) == 0;
	if (ok && rehash)
		*rehash = crypto_pwhash_str_needs_rehash(u->pw_hash, PW_OPSLIMIT, PW_MEMLIMIT) != 0;
	return ok;
}

void account_one_time_password(char out[17])
{
	crypto_ready();
	for (int i = 0; i < 16; i++)
		out[i] = otp_alphabet[randombytes_uniform(sizeof(otp_alphabet) - 1)];
	out[16] = '\0';
}

/* ---- security codes ---- */

static bool code_digits_valid(const char *digits)
{
	if (!digits)
		return false;
	for (int i = 0; i < SECURITY_CODE_DIGITS; i++)
		if (digits[i] < '0' || digits[i] > '9')
			return false;
	return digits[SECURITY_CODE_DIGITS] == '\0';
}

enum err account_security_code_set(const struct app *a, struct user *u, const char *digits,
				   struct errbuf *eb)
{
	crypto_ready();
	if (!code_digits_valid(digits))
		return errbuf_set(eb, ERR_INVALID,
				  "The security code must be exactly %d digits, such as 40617.",
				  SECURITY_CODE_DIGITS);
	randombytes_buf(u->sc_enc, SC_NONCE);
	crypto_secretbox_easy(u->sc_enc + SC_NONCE, (const unsigned char *)digits,
			      SECURITY_CODE_DIGITS, u->sc_enc, a->key);
	u->sc_enc_len = SC_NONCE + SC_SEALED;
	return ERR_OK;
}

bool account_security_code_get(const struct app *a, const struct user *u, char out[6])
{
	unsigned char plain[SECURITY_CODE_DIGITS];
	bool ok = false;

	crypto_ready();
	out[0] = '\0';
	if (u->sc_enc_len != SC_NONCE + SC_SEALED)
		goto out;
	if (crypto_secretbox_open_easy(plain, u->sc_enc + SC_NONCE, SC_SEALED, u->sc_enc, a->key) !=
	    0)
		goto out;
	memcpy(out, plain, SECURITY_CODE_DIGITS);
	out[SECURITY_CODE_DIGITS] = '\0';
	ok = code_digits_valid(out);
	if (!ok)
		sodium_memzero(out, 6);
out:
	sodium_memzero(plain, sizeof(plain));
	return ok;
}

bool account_security_code_check(const struct app *a, const struct user *u, char d1, char d2)
{
	char code[6];
	char want[2], got[2] = { d1, d2 };
	bool ok = false;

	if (u->sc_pos[0] < 1 || u->sc_pos[0] > SECURITY_CODE_DIGITS || u->sc_pos[1] < 1 ||
	    u->sc_pos[1] > SECURITY_CODE_DIGITS || u->sc_pos[0] == u->sc_pos[1])
		return false;
	if (!account_security_code_get(a, u, code))
		return false;
	want[0] = code[u->sc_pos[0] - 1];
	want[1] = code[u->sc_pos[1] - 1];
	ok = sodium_memcmp(want, got, 2) == 0;
	sodium_memzero(code, sizeof(code));
	sodium_memzero(want, sizeof(want));
	return ok;
}

void account_security_code_pick(struct user *u)
{
	int p1, p2;

	crypto_ready();
	p1 = 1 + (int)randombytes_uniform(SECURITY_CODE_DIGITS);
	p2 = 1 + (int)randombytes_uniform(SECURITY_CODE_DIGITS - 1);
	if (p2 >= p1)
		p2++;
	/* Ask in reading order: "the 2nd and the 4th digit". */
	u->sc_pos[0] = p1 < p2 ? p1 : p2;
	u->sc_pos[1] = p1 < p2 ? p2 : p1;
}

static void security_code_random(char out[6])
{
	crypto_ready();
	for (int i = 0; i < SECURITY_CODE_DIGITS; i++)
		out[i] = (char)('0' + randombytes_uniform(10));
	out[SECURITY_CODE_DIGITS] = '\0';
}

void account_security_code_new(char out[6])
{
	security_code_random(out);
}

void account_security_code_repick(struct user *u)
{
	int old0 = u->sc_pos[0], old1 = u->sc_pos[1];

	do
		account_security_code_pick(u);
	while (u->sc_pos[0] == old0 && u->sc_pos[1] == old1);
}

void account_security_code_decoy(const struct app *a, const char *username, int pos[2])
{
	unsigned char mac[crypto_auth_BYTES], sub[crypto_auth_KEYBYTES];
	char lower[USERNAME_MAX + 1];
	size_t n = 0;
	int p1, p2;

	crypto_ready();
	for (; username[n] && n < USERNAME_MAX; n++)
		lower[n] = (char)tolower((unsigned char)username[n]);
	crypto_kdf_derive_from_key(sub, sizeof(sub), 1, "pt_decoy", a->key);
	crypto_auth(mac, (const unsigned char *)lower, n, sub);
	p1 = 1 + mac[0] % SECURITY_CODE_DIGITS;
	p2 = 1 + mac[1] % (SECURITY_CODE_DIGITS - 1);
	if (p2 >= p1)
		p2++;
	pos[0] = p1 < p2 ? p1 : p2;
	pos[1] = p1 < p2 ? p2 : p1;
	sodium_memzero(sub, sizeof(sub));
}

/* ---- creating users ---- */

static bool username_valid(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n > USERNAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!isalnum(c) && c != '.' && c != '_' && c != '@' && c != '-')
			return false;
	}
	return true;
}

static bool printable_text(const char *s)
{
	size_t n = strlen(s);

	if (!utf8_valid_text(s, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20)
			return false;
	return true;
}

/* A plausible address: one '@' with text either side, a dot in the domain, no spaces. */
static bool email_valid(const char *s)
{
	const char *at = strchr(s, '@');

	if (!printable_text(s) || strchr(s, ' ') || !at || at == s || strchr(at + 1, '@'))
		return false;
	return strchr(at + 1, '.') && at[1] != '.' && s[strlen(s) - 1] != '.';
}

/* The user's scope matches its role and names something that exists. */
static enum err scope_check(struct store_conn *c, const struct user *u, struct errbuf *eb)
{
	struct establishment e;
	struct trust t;
	struct la la;
	enum err rc = ERR_OK;

	switch (role_scope(u->role)) {
	case SCOPE_ESTABLISHMENT:
		if (!u->establishment_id || u->trust_id || u->la_id)
			return errbuf_set(eb, ERR_INVALID,
					  "A %s belongs to one school: choose the school and no LA "
					  "or trust.",
					  u->role == ROLE_TEACHER ? "teacher" : "school admin");
		rc = store_establishment_get(c, u->establishment_id, &e);
		if (rc == ERR_NOT_FOUND)
			return errbuf_set(eb, ERR_INVALID, "The school chosen does not exist.");
		break;
	case SCOPE_TRUST:
		if (!u->trust_id || u->establishment_id || u->la_id)
			return errbuf_set(
				eb, ERR_INVALID,
				"A trust admin belongs to one trust: choose the trust and no "
				"school or LA.");
		rc = store_trust_get(c, u->trust_id, &t);
		if (rc == ERR_NOT_FOUND)
			return errbuf_set(eb, ERR_INVALID, "The trust chosen does not exist.");
		break;
	case SCOPE_LA:
		if (!u->la_id || u->establishment_id || u->trust_id)
			return errbuf_set(
				eb, ERR_INVALID,
				"An LA officer belongs to one local authority: choose the LA "
				"and no school or trust.");
		rc = store_la_get(c, u->la_id, &la);
		if (rc == ERR_NOT_FOUND)
			return errbuf_set(eb, ERR_INVALID,
					  "The local authority chosen does not exist.");
		break;
	case SCOPE_ALL:
		if (u->establishment_id || u->trust_id || u->la_id)
			return errbuf_set(eb, ERR_INVALID,
					  "A system admin sees everything: choose no school, LA or "
					  "trust.");
		break;
	default:
		return errbuf_set(eb, ERR_INVALID, "Unknown role.");
	}
	if (rc != ERR_OK)
		return errbuf_set(eb, rc, "the database could not be read: %s", err_str(rc));
	return ERR_OK;
}

enum err account_create(struct app *a, struct store_conn *c, const struct actor *who,
			struct user *u, const char *password, const char *security_code,
			char otp_out[17], char code_out[6], struct errbuf *eb)
{
	char otp[17] = "", code[6] = "";
	enum err rc;

	crypto_ready();
	if (otp_out)
		otp_out[0] = '\0';
	if (code_out)
		code_out[0] = '\0';
	if ((!password && !otp_out) || (!security_code && !code_out))
		BUG("account_create: nowhere to put a generated secret");
	if (!username_valid(u->username)) {
		rc = errbuf_set(
			eb, ERR_INVALID,
			"The username \"%.64s\" cannot be used: give 1 to %d letters, digits "
			"and . _ @ - (no spaces).",
			u->username, USERNAME_MAX);
		goto out;
	}
	if ((unsigned)u->role >= ROLE__MAX) {
		rc = errbuf_set(eb, ERR_INVALID, "Unknown role.");
		goto out;
	}
	if (!u->display_name[0])
		snprintf(u->display_name, sizeof(u->display_name), "%s", u->username);
	if (!printable_text(u->display_name)) {
		rc = errbuf_set(eb, ERR_INVALID,
				"The name contains something that is not text, or a line break.");
		goto out;
	}
	if (u->email[0] && !email_valid(u->email)) {
		rc = errbuf_set(
			eb, ERR_INVALID,
			"\"%.120s\" does not look like an email address (name@example.org).",
			u->email);
		goto out;
	}
	rc = scope_check(c, u, eb);
	if (rc != ERR_OK)
		goto out;
	if (security_code && !code_digits_valid(security_code)) {
		rc = errbuf_set(eb, ERR_INVALID,
				"The security code must be exactly %d digits, such as 40617.",
				SECURITY_CODE_DIGITS);
		goto out;
	}
	if (password) {
		rc = account_password_check(a, u->username, password, eb);
		if (rc != ERR_OK)
			goto out;
		rc = account_password_set(u, password, eb);
		u->must_change_password = false;
		u->pw_expires_at = 0;
	} else {
		account_one_time_password(otp);
		rc = account_password_set(u, otp, eb);
		u->must_change_password = true;
		u->pw_expires_at = app_now(a) + (int64_t)ONE_TIME_PW_HOURS * 3600;
	}
	if (rc != ERR_OK)
		goto out;
	if (!security_code)
		security_code_random(code);
	rc = account_security_code_set(a, u, security_code ? security_code : code, eb);
	if (rc != ERR_OK)
		goto out;
	u->sc_pos[0] = u->sc_pos[1] = 0;
	u->failed_logins = 0;
	u->locked_until = 0;
	u->last_login_at = 0;
	u->created_at = app_now(a);
	rc = store_user_add(c, who, u, eb);
	if (rc != ERR_OK)
		goto out;
	if (!password)
		memcpy(otp_out, otp, sizeof(otp));
	if (!security_code)
		memcpy(code_out, code, sizeof(code));
out:
	sodium_memzero(otp, sizeof(otp));
	sodium_memzero(code, sizeof(code));
	return rc;
}

/* ---- tokens ---- */

static void base32_encode(const unsigned char *in, size_t n, char *out)
{
	unsigned buf = 0;
	int bits = 0;
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		buf = (buf << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = base32_alphabet[(buf >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = base32_alphabet[(buf << (5 - bits)) & 31];
	out[o] = '\0';
}

static int base32_value(char c)
{
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= '2' && c <= '7')
		return c - '2' + 26;
	return -1;
}

void account_token_new(char text[TOKEN_TEXT_LEN + 1], unsigned char hash[32])
{
	unsigned char raw[TOKEN_BYTES];

	crypto_ready();
	randombytes_buf(raw, sizeof(raw));
	base32_encode(raw, sizeof(raw), text);
	sodium_memzero(raw, sizeof(raw));
	crypto_hash_sha256(hash, (const unsigned char *)text, TOKEN_TEXT_LEN);
}

bool account_token_hash(const char *text, unsigned char hash[32])
{
	int last;

	crypto_ready();
	if (!text)
		return false;
	for (int i = 0; i < TOKEN_TEXT_LEN; i++)
		if (base32_value(text[i]) < 0)
			return false;
	if (text[TOKEN_TEXT_LEN] != '\0')
		return false;
	/* 256 bits fill 51 characters and 1 bit of the 52nd; its other 4 are zero. */
	last = base32_value(text[TOKEN_TEXT_LEN - 1]);
	if (last & 15)
		return false;
	crypto_hash_sha256(hash, (const unsigned char *)text, TOKEN_TEXT_LEN);
	return true;
}

enum err account_api_token_create(struct app *a, struct store_conn *c, const struct actor *who,
				  int64_t user_id, int days, char text[TOKEN_TEXT_LEN + 1],
				  struct errbuf *eb)
{
	struct api_token t = { 0 };
	struct user u;
	enum err rc;

	text[0] = '\0';
	if (days < 0 || days > TOKEN_MAX_DAYS)
		return errbuf_set(eb, ERR_INVALID,
				  "A token can last 1 to %d days (or 0 for no expiry), not %d.",
				  TOKEN_MAX_DAYS, days);
	rc = store_user_get(c, user_id, &u);
	if (rc == ERR_NOT_FOUND)
		return errbuf_set(eb, ERR_INVALID, "There is no such user.");
	if (rc != ERR_OK)
		return errbuf_set(eb, rc, "the database could not be read: %s", err_str(rc));
	sodium_memzero(u.pw_hash, sizeof(u.pw_hash));
	if (u.disabled)
		return errbuf_set(eb, ERR_INVALID,
				  "The user %s is disabled: enable the account before giving it a "
				  "token.",
				  u.username);
	account_token_new(text, t.hash);
	t.user_id = user_id;
	t.created_at = app_now(a);
	t.expires_at = days ? t.created_at + (int64_t)days * 86400 : 0;
	t.revoked = false;
	rc = store_token_add(c, who, &t);
	if (rc != ERR_OK) {
		sodium_memzero(text, TOKEN_TEXT_LEN + 1);
		return errbuf_set(eb, rc, "the token could not be saved: %s", err_str(rc));
	}
	return ERR_OK;
}

enum err account_api_token_user(struct app *a, struct store_conn *c, const char *text,
				struct user *out)
{
	unsigned char hash[32];
	struct api_token t;
	enum err rc;

	if (!account_token_hash(text, hash))
		return ERR_NOT_FOUND;
	rc = store_token_get(c, hash, &t);
	if (rc != ERR_OK)
		return rc;
	if (t.revoked || (t.expires_at && app_now(a) >= t.expires_at))
		return ERR_DENIED;
	rc = store_user_get(c, t.user_id, out);
	if (rc != ERR_OK)
		return rc;
	if (out->disabled)
		return ERR_DENIED;
	/* Where the setting requires an authenticator app of this role, a token is
	 * no way around it: it works once the app is on, whenever it was made. */
	if (account_totp_required(a, out) && !account_totp_on(out))
		return ERR_LOCKED;
	return ERR_OK;
}

/* ---- authenticator app (TOTP) ---- */

/* u->totp_secret holds "v1:" and base32 of a 12-byte nonce and the 20-byte secret
 * XORed with ChaCha20 under a key derived from the server key. */
static const char totp_prefix[] = "v1:";
enum { TOTP_NONCE = crypto_stream_chacha20_ietf_NONCEBYTES };
_Static_assert(sizeof(totp_prefix) - 1 + ((TOTP_NONCE + TOTP_SECRET_BYTES) * 8 + 4) / 5 <
		       sizeof(((struct user *)0)->totp_secret),
	       "sealed TOTP secret fits struct user");

static void totp_subkey(const struct app *a, unsigned char sub[32], const char ctx[9])
{
	crypto_ready();
	crypto_kdf_derive_from_key(sub, 32, 2, ctx, a->key);
}

bool account_totp_required(const struct app *a, const struct user *u)
{
	return a->cfg.require_totp_admins &&
	       (u->role == ROLE_LA_OFFICER || u->role == ROLE_SYSADMIN);
}

bool account_totp_on(const struct user *u)
{
	return u->totp_secret[0] != '\0';
}

enum err account_totp_set(const struct app *a, struct user *u, const char *secret,
			  struct errbuf *eb)
{
	unsigned char raw[TOTP_NONCE + TOTP_SECRET_BYTES], key[TOTP_SECRET_BYTES + 1], sub[32];
	size_t n;

	if (!secret || !*secret) {
		memset(u->totp_secret, 0, sizeof(u->totp_secret));
		return ERR_OK;
	}
	n = totp_secret_decode(secret, key, sizeof(key));
	if (n != TOTP_SECRET_BYTES)
		return errbuf_set(eb, ERR_INVALID, "The authenticator key is not valid.");
	totp_subkey(a, sub, "pt_totp_");
	randombytes_buf(raw, TOTP_NONCE);
	crypto_stream_chacha20_ietf_xor(raw + TOTP_NONCE, key, TOTP_SECRET_BYTES, raw, sub);
	memcpy(u->totp_secret, totp_prefix, sizeof(totp_prefix));
	base32_encode(raw, sizeof(raw), u->totp_secret + sizeof(totp_prefix) - 1);
	sodium_memzero(key, sizeof(key));
	sodium_memzero(sub, sizeof(sub));
	return ERR_OK;
}

/* The raw secret of u into key; false when off or unreadable. */
static bool totp_key(const struct app *a, const struct user *u,
		     unsigned char key[TOTP_SECRET_BYTES])
{
	const size_t plen = sizeof(totp_prefix) - 1;
	unsigned char raw[TOTP_NONCE + TOTP_SECRET_BYTES], sub[32];
	const char *t = u->totp_secret;
	unsigned buf = 0;
	int bits = 0;
	size_t n = 0;

	if (strncmp(t, totp_prefix, plen) != 0)
		return false;
	for (const char *p = t + plen; *p && p < t + sizeof(u->totp_secret); p++) {
		int v = base32_value(*p);
		if (v < 0)
			return false;
		buf = (buf << 5) | (unsigned)v;
		bits += 5;
		if (bits >= 8) {
			if (n == sizeof(raw))
				return false;
			raw[n++] = (unsigned char)(buf >> (bits - 8));
			bits -= 8;
		}
	}
	if (n != sizeof(raw))
		return false;
	totp_subkey(a, sub, "pt_totp_");
	crypto_stream_chacha20_ietf_xor(key, raw + TOTP_NONCE, TOTP_SECRET_BYTES, raw, sub);
	sodium_memzero(sub, sizeof(sub));
	return true;
}

bool account_totp_verify(const struct app *a, const struct user *u, int64_t now, const char *code,
			 int64_t *step)
{
	unsigned char key[TOTP_SECRET_BYTES];
	char digits[TOTP_DIGITS + 1];
	size_t n = 0;
	bool ok;

	if (!account_totp_on(u) || !code || !totp_key(a, u, key))
		return false;
	/* People type "123 456" as apps show it. */
	for (const char *p = code; *p; p++) {
		if (*p == ' ')
			continue;
		if (n == TOTP_DIGITS) {
			n++;
			break;
		}
		digits[n++] = *p;
	}
	if (n != TOTP_DIGITS) {
		sodium_memzero(key, sizeof(key));
		return false;
	}
	digits[n] = '\0';
	ok = totp_verify(key, sizeof(key), now, digits, INT64_MIN, step);
	sodium_memzero(key, sizeof(key));
	return ok;
}

void account_totp_offer_sign(const struct app *a, int64_t user_id, const char *secret,
			     int64_t expires, char sig[65])
{
	unsigned char sub[32], mac[crypto_auth_hmacsha256_BYTES];
	char msg[160];
	int n;

	totp_subkey(a, sub, "pt_offer");
	n = snprintf(msg, sizeof(msg), "totp-offer|%lld|%s|%lld", (long long)user_id, secret,
		     (long long)expires);
	if (n < 0 || (size_t)n >= sizeof(msg))
		n = 0;
	crypto_auth_hmacsha256(mac, (const unsigned char *)msg, (size_t)n, sub);
	sodium_bin2hex(sig, 65, mac, sizeof(mac));
	sodium_memzero(sub, sizeof(sub));
}

bool account_totp_offer_check(const struct app *a, int64_t user_id, const char *secret,
			      int64_t expires, const char *sig, int64_t now)
{
	char want[65];
	bool ok;

	if (!sig || strlen(sig) != 64 || !secret || strlen(secret) > 64 || now >= expires)
		return false;
	account_totp_offer_sign(a, user_id, secret, expires, want);
	ok = sodium_memcmp(want, sig, 64) == 0;
	sodium_memzero(want, sizeof(want));
	return ok;
}

/* ---- unlocking ---- */

enum err account_unlock(struct app *a, struct store_conn *c, const struct actor *who,
			int64_t user_id, struct errbuf *eb)
{
	struct audit_entry e;
	struct user u;
	char key[THROTTLE_KEY_MAX], old[32];
	enum err rc;

	rc = store_begin(c, eb);
	if (rc != ERR_OK)
		return rc;
	rc = store_user_get(c, user_id, &u);
	if (rc == ERR_NOT_FOUND) {
		errbuf_set(eb, rc, "There is no such user.");
		goto out;
	}
	if (rc != ERR_OK) {
		errbuf_set(eb, rc, "the database could not be read: %s", err_str(rc));
		goto out;
	}
	snprintf(old, sizeof(old), "%lld", (long long)u.locked_until);
	u.locked_until = 0;
	u.failed_logins = 0;
	rc = store_user_sign_in_state(c, &u);
	throttle_key_user(key, u.id);
	if (rc == ERR_OK)
		rc = store_throttle_clear(c, key);
	if (rc == ERR_OK) {
		memset(&e, 0, sizeof(e));
		e.at = app_now(a);
		e.user_id = who ? who->user_id : 0;
		snprintf(e.actor, sizeof(e.actor), "%s", who && who->name ? who->name : "");
		snprintf(e.ip, sizeof(e.ip), "%s", who && who->ip ? who->ip : "");
		e.establishment_id = u.establishment_id;
		e.la_id = u.la_id;
		snprintf(e.action, sizeof(e.action), "user.unlock");
		snprintf(e.object, sizeof(e.object), "user %.58s", u.username);
		snprintf(e.field, sizeof(e.field), "locked_until");
		snprintf(e.old_value, sizeof(e.old_value), "%s", old);
		snprintf(e.new_value, sizeof(e.new_value), "0");
		rc = store_audit_add(c, &e);
	}
	if (rc != ERR_OK) {
		errbuf_set(eb, rc, "the account could not be unlocked: %s", err_str(rc));
		goto out;
	}
	rc = store_commit(c, eb);
	sodium_memzero(&u, sizeof(u));
	return rc;
out:
	store_rollback(c);
	sodium_memzero(&u, sizeof(u));
	return rc;
}
