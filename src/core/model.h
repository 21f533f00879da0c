/*
 * model: the plain records that pass between store, app and web. Transparent
 * structs with bounded text fields, so copying one never allocates.
 * Text fields hold UTF-8 and are always NUL-terminated.
 */
#ifndef PT_CORE_MODEL_H
#define PT_CORE_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "core/role.h"

enum {
	NAME_MAX_LEN = 120,    /* bytes, names of LAs, trusts, schools */
	PERSON_NAME_MAX = 100, /* bytes, surname / forenames */
	USERNAME_MAX = 64,     /* bytes */
	PW_HASH_MAX = 128,     /* libsodium crypto_pwhash_STRBYTES */
	NOTE_MAX_LEN = 1000,   /* bytes, free-text notes */
	CLASS_COUNT = 20,      /* class names per establishment */
	CUSTOM_COUNT = 6,      /* custom filters per establishment / pupil */
};

struct la {
	int64_t id;		     /* database id */
	int code;		     /* 3-digit LA number, 100..999 (e.g. 888) */
	char name[NAME_MAX_LEN + 1]; /* "Demo LA" */
};

struct trust {
	int64_t id;		     /* database id */
	char name[NAME_MAX_LEN + 1]; /* unique */
};

struct establishment {
	int64_t id;		     /* database id */
	int64_t la_id;		     /* owning LA */
	int la_code;		     /* copy of the LA's 3-digit number */
	int estab;		     /* 4-digit DfE establishment number */
	int urn;		     /* 6-digit URN, 0 when unknown */
	char name[NAME_MAX_LEN + 1]; /* school name */
	int64_t trust_id;	     /* 0 when not in a trust */
	/* The version of its pupils' records (pupil_version) when it was read
	 * with the session's look-up; 0 when read otherwise. The store serves a
	 * grid's pupils from memory while it is unchanged (store_batch.h). */
	int64_t pupils_version;
};

/* The 7-digit LAESTAB, e.g. 8881234. */
static inline int establishment_laestab(const struct establishment *e)
{
	return e->la_code * 10000 + e->estab;
}

struct user {
	int64_t id;			     /* database id */
	char username[USERNAME_MAX + 1];     /* unique, case-insensitive */
	char display_name[NAME_MAX_LEN + 1]; /* shown in the header and the audit */
	char email[NAME_MAX_LEN + 1];	     /* for password resets; may be "" */
	enum role role;			     /* what the user may do */
	int64_t establishment_id;	     /* scope for teacher and school admin, else 0 */
	int64_t trust_id;		     /* scope for MAT admin, else 0 */
	int64_t la_id;			     /* scope for LA officer, else 0 */
	char pw_hash[PW_HASH_MAX + 1];	     /* argon2id string; "" when none set */
	int64_t pw_expires_at;		     /* one-time password expiry (Unix), 0 = none */
	bool must_change_password;	     /* one-time password in use */
	unsigned char sc_enc[64];	     /* security code, encrypted with the server key */
	int sc_enc_len;			     /* bytes used in sc_enc; 0 = none */
	int sc_pos[2];			     /* digit positions (1..5) asked next; 0 = unset */
	bool sc_shown;			     /* the code was shown at first sign-in */
	int failed_logins;		     /* since the last successful sign-in */
	int64_t locked_until;		     /* Unix time; 0 = not locked */
	int64_t last_login_at;		     /* Unix time; 0 = never */
	bool disabled;			     /* disabled users cannot sign in or use tokens */
	char totp_secret[64];		     /* base32 secret, "" when TOTP is off */
	int64_t created_at;		     /* Unix time */
};

enum gender { GENDER_UNKNOWN, GENDER_MALE, GENDER_FEMALE, GENDER__MAX };

struct pupil {
	int64_t id;			     /* database id */
	int64_t establishment_id;	     /* current school */
	char upn[14];			     /* 13-character UPN */
	char surname[PERSON_NAME_MAX + 1];   /* legal surname */
	char forenames[PERSON_NAME_MAX + 1]; /* forenames */
	struct date dob;		     /* date of birth */
	enum gender gender;		     /* M / F */
	char postcode[9];		     /* e.g. "PR1 0LD" */
	char ethnicity[5];		     /* main or extended code, e.g. "WBRI" */
	char sen;			     /* 'N', 'K', 'E' */
	char sen_notes[NOTE_MAX_LEN + 1];    /* free text */
	int class_no;			     /* 1..20, 0 = none */
	int year_override;		     /* YEAR_NONE or a year group (see calendar.h) */
	bool disadvantaged;		     /* DfE disadvantaged */
	bool eal;			     /* English as an additional language */
	bool pupil_premium;		     /* pupil premium */
	bool fsm;			     /* free school meals */
	bool custom[CUSTOM_COUNT];	     /* custom filters 1-6 */
	bool include_in_data;		     /* counted in reports */
	bool archived;			     /* left the school */
	int64_t version;		     /* optimistic-lock counter */
};

#endif
