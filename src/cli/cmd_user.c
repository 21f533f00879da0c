/*
 * cmd_user: `pupiltrack user add`, `token create` and `demo-data`: the commands
 * that make sign-ins. Secrets they generate are printed once, to stdout, and
 * never logged.
 */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "app/account.h"
#include "app/app.h"
#include "app/demo.h"
#include "cli/cli.h"
#include "store/store.h"

enum {
	PASSWORD_LINE_MAX = 4096, /* bytes read by --password-stdin */
	TOKEN_DEFAULT_DAYS = 90,
};

static const struct actor cli_actor = { 0, "cli", "" };

static const char user_add_help[] =
	"Usage: pupiltrack user add --username U --role ROLE [SCOPE] [options]\n"
	"\n"
	"Adds a user. Without --password-stdin a one-time password is made: the user\n"
	"must change it at first sign-in, within 72 hours. A 5-digit security code is\n"
	"made unless --security-code is given. Both are printed once: pass them to the\n"
	"user by two different routes.\n"
	"\n"
	"Roles and the scope each needs:\n"
	"  teacher, school-admin   --establishment LAESTAB   (one school)\n"
	"  mat-admin               --trust NAME              (one academy trust)\n"
	"  la-officer              --la NNN                  (one local authority)\n"
	"  sysadmin                (none: sees everything)\n"
	"\n"
	"Options:\n"
	"  --username U           1 to 64 letters, digits and . _ @ -\n"
	"  --role ROLE            one of the roles above\n"
	"  --establishment LAESTAB, --la NNN, --trust NAME   the user's scope\n"
	"  --password-stdin       read the password from standard input (one line):\n"
	"                         at least 12 characters, not a common password\n"
	"  --security-code DDDDD  the 5-digit security code to use\n"
	"  --name \"Display Name\"  the name shown on screen and in the audit\n"
	"  --email E              for password resets\n"
	"  --db URL               sqlite:PATH or postgresql://... (default: $PUPILTRACK_DB,\n"
	"                         else sqlite:pupiltrack.db)\n"
	"  -h, --help             show this help\n"
	"\n"
	"Example: pupiltrack user add --username j.smith --role teacher --establishment 8881234\n";

/* Reads one line from stdin without echo when it is a terminal. The caller wipes buf. */
static int password_read(const struct cli_ctx *ctx, char *buf, size_t size)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	bool got;
	size_t n;

	if (tty) {
		fputs("Password: ", stderr);
		fflush(stderr);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	got = fgets(buf, (int)size, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!got) {
		buf[0] = '\0';
		if (ferror(stdin))
			return cli_usage_error(
				ctx, "the password could not be read from standard input");
		return CLI_EXIT_OK; /* empty input: the password rules say what to do */
	}
	n = strlen(buf);
	if (n && buf[n - 1] != '\n' && !feof(stdin)) {
		cli_error("the password line is longer than %d bytes", PASSWORD_LINE_MAX - 2);
		return CLI_EXIT_INVALID;
	}
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return CLI_EXIT_OK;
}

/* Resolves the scope options of user add into u; prints and returns an exit status. */
static int scope_resolve(struct store_conn *c, const char *estab, const char *la_code,
			 const char *trust, struct user *u, char *label, size_t label_size)
{
	char name[NAME_MAX_LEN + 1];
	struct errbuf eb = { "" };
	struct establishment e;
	struct trust t;
	struct la la;
	int laestab = 0, code = 0, ret;
	enum err rc;

	snprintf(label, label_size, "everything");
	if (estab) {
		rc = cli_parse_laestab(estab, &laestab, &eb);
		if (rc != ERR_OK)
			return cli_fail(rc, &eb);
		rc = store_establishment_get_by_laestab(c, laestab, &e);
		if (rc == ERR_NOT_FOUND) {
			cli_error("there is no school with LAESTAB %07d: add it first with "
				  "'pupiltrack establishment add'",
				  laestab);
			return CLI_EXIT_INVALID;
		}
		if (rc != ERR_OK)
			return cli_fail(rc, &eb);
		u->establishment_id = e.id;
		snprintf(label, label_size, "%s (%07d)", e.name, laestab);
	}
	if (la_code) {
		rc = cli_parse_la_code(la_code, &code, &eb);
		if (rc != ERR_OK)
			return cli_fail(rc, &eb);
		rc = store_la_get_by_code(c, code, &la);
		if (rc == ERR_NOT_FOUND) {
			cli_error("there is no LA %03d: add it first with 'pupiltrack la add'",
				  code);
			return CLI_EXIT_INVALID;
		}
		if (rc != ERR_OK)
			return cli_fail(rc, &eb);
		u->la_id = la.id;
		snprintf(label, label_size, "%s (%03d)", la.name, code);
	}
	if (trust) {
		rc = cli_parse_name("trust name", trust, name, &eb);
		if (rc != ERR_OK)
			return cli_fail(rc, &eb);
		ret = cli_trust_find(c, name, &t);
		if (ret)
			return ret;
		u->trust_id = t.id;
		snprintf(label, label_size, "%s", t.name);
	}
	return CLI_EXIT_OK;
}

int cmd_user_add(struct cli_ctx *ctx, int argc, char **argv)
{
	enum {
		OPT_USERNAME = CLI_OPT_FIRST_OWN,
		OPT_ROLE,
		OPT_ESTAB,
		OPT_LA,
		OPT_TRUST,
		OPT_PW_STDIN,
		OPT_CODE,
		OPT_NAME,
		OPT_EMAIL,
	};
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "username", required_argument, NULL, OPT_USERNAME },
		{ "role", required_argument, NULL, OPT_ROLE },
		{ "establishment", required_argument, NULL, OPT_ESTAB },
		{ "la", required_argument, NULL, OPT_LA },
		{ "trust", required_argument, NULL, OPT_TRUST },
		{ "password-stdin", no_argument, NULL, OPT_PW_STDIN },
		{ "security-code", required_argument, NULL, OPT_CODE },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "email", required_argument, NULL, OPT_EMAIL },
		{ 0 },
	};
	const char *username = NULL, *role = NULL, *estab = NULL, *la = NULL, *trust = NULL;
	const char *code = NULL, *name = NULL, *email = NULL;
	char password[PASSWORD_LINE_MAX] = "", otp[17] = "", code_out[6] = "";
	char scope[NAME_MAX_LEN + 32];
	bool pw_stdin = false;
	struct errbuf eb = { "" };
	struct user u = { 0 };
	struct app *a = NULL;
	struct store_conn *c = NULL;
	int opt, ret = CLI_EXIT_OK;
	enum err rc;

	optind = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (opt) {
		case OPT_USERNAME:
			username = optarg;
			break;
		case OPT_ROLE:
			role = optarg;
			break;
		case OPT_ESTAB:
			estab = optarg;
			break;
		case OPT_LA:
			la = optarg;
			break;
		case OPT_TRUST:
			trust = optarg;
			break;
		case OPT_PW_STDIN:
			pw_stdin = true;
			break;
		case OPT_CODE:
			code = optarg;
			break;
		case OPT_NAME:
			name = optarg;
			break;
		case OPT_EMAIL:
			email = optarg;
			break;
		default:
			ret = cli_option_common(ctx, opt, argv, user_add_help);
			if (ret >= 0)
				goto out;
		}
	}
	ret = CLI_EXIT_OK;
	if (optind < argc) {
		ret = cli_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	if (!username || !role) {
		ret = cli_usage_error(ctx, "give --username and --role");
		goto out;
	}
	if ((estab != NULL) + (la != NULL) + (trust != NULL) > 1) {
		ret = cli_usage_error(ctx, "give only one of --establishment, --la and --trust");
		goto out;
	}
	if (strlen(username) > USERNAME_MAX) {
		cli_error("the username is too long: at most %d characters", USERNAME_MAX);
		ret = CLI_EXIT_INVALID;
		goto out;
	}
	snprintf(u.username, sizeof(u.username), "%s", username);
	if (!role_parse(role, &u.role)) {
		cli_error("unknown role '%s': use teacher, school-admin, mat-admin, la-officer or "
			  "sysadmin",
			  role);
		ret = CLI_EXIT_INVALID;
		goto out;
	}
	rc = ERR_OK;
	if (name)
		rc = cli_parse_name("display name", name, u.display_name, &eb);
	if (rc == ERR_OK && email && strlen(email) > NAME_MAX_LEN)
		rc = errbuf_set(&eb, ERR_INVALID,
				"the email address is too long: at most %d characters",
				NAME_MAX_LEN);
	if (rc != ERR_OK) {
		ret = cli_fail(rc, &eb);
		goto out;
	}
	if (email)
		snprintf(u.email, sizeof(u.email), "%s", email);
	if (pw_stdin) {
		ret = password_read(ctx, password, sizeof(password));
		if (ret)
			goto out;
	}
	ret = cli_open_ready(ctx, &a, &c);
	if (ret)
		goto out;
	ret = scope_resolve(c, estab, la, trust, &u, scope, sizeof(scope));
	if (ret)
		goto out;
	rc = account_create(a, c, &cli_actor, &u, pw_stdin ? password : NULL, code, otp, code_out,
			    &eb);
	if (rc != ERR_OK) {
		ret = cli_fail(rc, &eb);
		goto out;
	}
	printf("pupiltrack: added user %s (%s, %s)\n", u.username, role_name(u.role), scope);
	if (otp[0])
		printf("One-time password: %s\n"
		       "  (the user must change it at first sign-in; it expires in %d hours)\n",
		       otp, ONE_TIME_PW_HOURS);
	if (code_out[0])
		printf("Security code: %s\n", code_out);
	if (otp[0] || code_out[0])
		printf("These are shown only now: give them to the user by two different "
		       "routes.\n");
out:
	sodium_memzero(password, sizeof(password));
	sodium_memzero(otp, sizeof(otp));
	sodium_memzero(code_out, sizeof(code_out));
	sodium_memzero(u.pw_hash, sizeof(u.pw_hash));
	if (c)
		store_release(c);
	app_free(a);
	return ret;
}

static const char token_create_help[] =
	"Usage: pupiltrack token create --username U [--days N] [--db URL]\n"
	"\n"
	"Creates an API token that carries the user's rights, and prints it on standard\n"
	"output (only the token, so a script can capture it). Only its hash is kept:\n"
	"it cannot be shown again. Send it as 'Authorization: Bearer TOKEN'.\n"
	"\n"
	"Options:\n"
	"  --username U   whose rights the token carries\n"
	"  --days N       days until it expires, 1 to 3650, or 0 for never (default 90)\n"
	"  --db URL       sqlite:PATH or postgresql://... (default: $PUPILTRACK_DB,\n"
	"                 else sqlite:pupiltrack.db)\n"
	"  -h, --help     show this help\n";

int cmd_token_create(struct cli_ctx *ctx, int argc, char **argv)
{
	enum { OPT_USERNAME = CLI_OPT_FIRST_OWN, OPT_DAYS };
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "username", required_argument, NULL, OPT_USERNAME },
		{ "days", required_argument, NULL, OPT_DAYS },
		{ 0 },
	};
	const char *username = NULL, *days_text = NULL;
	char token[TOKEN_TEXT_LEN + 1] = "";
	char expires[21];
	struct errbuf eb = { "" };
	struct user u;
	struct app *a = NULL;
	struct store_conn *c = NULL;
	int opt, ret = CLI_EXIT_OK;
	long days = TOKEN_DEFAULT_DAYS;
	enum err rc;

	optind = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (opt == OPT_USERNAME) {
			username = optarg;
		} else if (opt == OPT_DAYS) {
			days_text = optarg;
		} else {
			ret = cli_option_common(ctx, opt, argv, token_create_help);
			if (ret >= 0)
				goto out;
		}
	}
	ret = CLI_EXIT_OK;
	if (optind < argc) {
		ret = cli_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	if (!username) {
		ret = cli_usage_error(ctx, "give --username");
		goto out;
	}
	if (days_text) {
		rc = cli_parse_int("--days", days_text, 0, 3650, &days, &eb);
		if (rc != ERR_OK) {
			ret = cli_fail(rc, &eb);
			goto out;
		}
	}
	ret = cli_open_ready(ctx, &a, &c);
	if (ret)
		goto out;
	rc = store_user_get_by_username(c, username, &u);
	if (rc == ERR_NOT_FOUND) {
		cli_error("there is no user '%s'", username);
		ret = CLI_EXIT_INVALID;
		goto out;
	}
	if (rc != ERR_OK) {
		ret = cli_fail(rc, &eb);
		goto out;
	}
	sodium_memzero(u.pw_hash, sizeof(u.pw_hash));
	rc = account_api_token_create(a, c, &cli_actor, u.id, (int)days, token, &eb);
	if (rc != ERR_OK) {
		ret = cli_fail(rc, &eb);
		goto out;
	}
	printf("%s\n", token);
	fflush(stdout);
	if (days) {
		date_format_timestamp(app_now(a) + days * 86400, expires);
		fprintf(stderr, "pupiltrack: token for %s, expires %s; it is not shown again\n",
			u.username, expires);
	} else {
		fprintf(stderr, "pupiltrack: token for %s, never expires; it is not shown again\n",
			u.username);
	}
out:
	sodium_memzero(token, sizeof(token));
	if (c)
		store_release(c);
	app_free(a);
	return ret;
}

static const char demo_data_help[] =
	"Usage: pupiltrack demo-data [--db URL]\n"
	"\n"
	"Migrates the database, then loads demonstration data: Demo LA (888) with three\n"
	"schools, Other Demo LA (889) with one, Demo Learning Trust, a user of every\n"
	"role and about 90 made-up pupils per school. Running it again changes nothing.\n"
	"Prints the demo sign-ins. For trying pupiltrack out: the demo passwords are\n"
	"public, so never load this into a database with real pupils.\n"
	"\n"
	"Options:\n"
	"  --db URL       sqlite:PATH or postgresql://... (default: $PUPILTRACK_DB,\n"
	"                 else sqlite:pupiltrack.db)\n"
	"  -h, --help     show this help\n";

int cmd_demo_data(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct demo_login *logins;
	struct demo_result r = { 0 };
	struct errbuf eb = { "" };
	struct app *a = NULL;
	struct store_conn *c = NULL;
	int ret = CLI_EXIT_OK;
	size_t n;
	enum err rc;

	ret = cli_options_only(ctx, argc, argv, demo_data_help);
	if (ret >= 0)
		return ret;
	ret = CLI_EXIT_OK;
	if (optind < argc) {
		ret = cli_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	ret = cli_app_open(ctx, 1, &a);
	if (ret)
		goto out;
	rc = store_migrate(a->store, NULL, &eb);
	if (rc != ERR_OK) {
		cli_fail(rc, &eb);
		ret = CLI_EXIT_USAGE;
		goto out;
	}
	c = store_acquire(a->store);
	rc = app_demo_load(a, c, &r, &eb);
	if (rc != ERR_OK) {
		cli_fail(rc, &eb);
		ret = CLI_EXIT_USAGE;
		goto out;
	}
	if (demo_result_changed(&r))
		printf("pupiltrack: demo data loaded: %d LA%s, %d trust%s, %d school%s, %d user%s, "
		       "%ld pupil%s\n",
		       r.las_added, r.las_added == 1 ? "" : "s", r.trusts_added,
		       r.trusts_added == 1 ? "" : "s", r.establishments_added,
		       r.establishments_added == 1 ? "" : "s", r.users_added,
		       r.users_added == 1 ? "" : "s", r.pupils_added,
		       r.pupils_added == 1 ? "" : "s");
	else
		printf("pupiltrack: the demo data is loaded already: nothing changed\n");
	printf("\nDemo sign-ins (demo only: these passwords are public):\n");
	printf("%-15s %-23s %-6s %-13s %s\n", "USERNAME", "PASSWORD", "CODE", "ROLE", "SCOPE");
	logins = app_demo_logins(&n);
	for (size_t i = 0; i < n; i++)
		printf("%-15s %-23s %-6s %-13s %s\n", logins[i].username, logins[i].password,
		       logins[i].security_code, role_name(logins[i].role), logins[i].scope);
out:
	if (c)
		store_release(c);
	app_free(a);
	return ret;
}
