/*
 * users: the "Users" pages of the maintenance area. A school admin manages the
 * users of their school, an LA officer those of the LA's schools and the LA's
 * officers, a system admin anyone (app/people.h decides who is within reach,
 * through the policy). Adding a user mails a welcome link; "Reset password"
 * mails a reset link: nobody here ever sees or chooses a password.
 */
#include "web/pages/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/people.h"
#include "base/log.h"
#include "core/access.h"
#include "web/csrf.h"
#include "web/html.h"
#include "web/routes.h"
#include "web/scope.h"

/* The role names in enum role order, as the forms send them. */
const char *const users_role_choices[] = { "teacher",	 "school-admin", "mat-admin",
					   "la-officer", "sysadmin",	 NULL };
_Static_assert(ROLE__MAX == 5, "users_role_choices covers enum role");

/* What the page says after a change (the ?done= of the redirect). */
const char *const users_done_choices[] = { "added",	 "saved",    "disabled", "enabled",
					   "reset-sent", "unlocked", NULL };
static const char *const done_text[] = {
	"The user was added. A welcome e-mail with a link to choose a password is on its way.",
	"The changes were saved.",
	"The account was disabled. The person was signed out everywhere.",
	"The account was enabled.",
	"A link to choose a new password was e-mailed to the person.",
	"The account was unlocked.",
};

static void when_write(struct strbuf *b, int64_t t)
{
	struct date d;
	char day[11], hhmm[8];
	int64_t secs;

	if (t <= 0) {
		html_text(b, "Never");
		return;
	}
	d = date_from_unix(t);
	date_format_dmy(d, day);
	secs = t % 86400;
	if (secs < 0)
		secs += 86400;
	snprintf(hhmm, sizeof(hhmm), " %02d:%02d", (int)(secs / 3600), (int)(secs / 60 % 60));
	html_text(b, day);
	html_text(b, hhmm);
}

/* "Alder Primary (8882001)", "Northshire (LA 888)", "Oak Trust", "Everywhere". */
static const char *where_of(struct request *req, const struct user *u)
{
	struct establishment e;
	struct trust t;
	struct la la;

	switch (role_scope(u->role)) {
	case SCOPE_ESTABLISHMENT:
		if (store_establishment_get(req->db, u->establishment_id, &e) == ERR_OK)
			return arena_printf(&req->arena, "%s (%07d)", e.name,
					    establishment_laestab(&e));
		break;
	case SCOPE_TRUST:
		if (store_trust_get(req->db, u->trust_id, &t) == ERR_OK)
			return arena_strdup(&req->arena, t.name);
		break;
	case SCOPE_LA:
		if (store_la_get(req->db, u->la_id, &la) == ERR_OK)
			return arena_printf(&req->arena, "%s (LA %03d)", la.name, la.code);
		break;
	case SCOPE_ALL:
	case SCOPE__MAX:
		return "Everywhere";
	}
	return "";
}

static const char *status_of(struct request *req, const struct user *u)
{
	if (u->disabled)
		return "Disabled";
	if (people_locked(req->app, u))
		return "Locked";
	return "Active";
}

static const char *user_href(struct request *req, int64_t id)
{
	return arena_printf(&req->arena, "/users/%lld", (long long)id);
}

static void error_summary(struct strbuf *b, const char *msg)
{
	if (!msg)
		return;
	html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
			    "<h2>There is a problem</h2>");
	html_elem(b, "p", msg);
	html_raw_trusted(b, "</div>\n");
}

static void done_notice(struct request *req)
{
	/* Only the pages (GET) take ?done=; a refused POST shows its own message. */
	int done = req->route->method == HTTP_GET && request_has(req, "done") ?
			   request_enum(req, "done") :
			   -1;
	struct strbuf *b = resp_body(req);

	if (done < 0 || (size_t)done >= sizeof(done_text) / sizeof(done_text[0]))
		return;
	html_raw_trusted(b, "<div class=\"notice\" role=\"status\">");
	html_elem(b, "p", done_text[done]);
	html_raw_trusted(b, "</div>\n");
}

/* The value of a select's digits; 0 for "(none)" or anything else. */
static int64_t digits_of(const char *s)
{
	int64_t v = 0;

	if (!s[0] || strlen(s) > 12)
		return 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (*p - '0');
	}
	return v;
}

static void option_write(struct strbuf *b, const char *value, const char *text, bool selected)
{
	html_open(b, "option", "value", value, "selected", selected ? "" : NULL, NULL);
	html_text(b, text);
	html_close(b, "option");
}

/* ---- the list ---- */

/* The "School" filter of the list, for those who manage more than one school. */
static void school_filter_write(struct request *req, int64_t chosen)
{
	struct establishment *schools = NULL;
	struct strbuf *b = resp_body(req);
	size_t n = 0;

	if (role_scope(req->user.role) == SCOPE_ESTABLISHMENT ||
	    scope_visible_schools(req, &schools, &n) != ERR_OK || n == 0)
		return;
	html_raw_trusted(b, "<form method=\"get\" action=\"/users\" class=\"filters\">"
			    "<div class=\"field\"><label for=\"school\">School</label>"
			    "<select id=\"school\" name=\"school\">");
	option_write(b, "", "All the users you manage", chosen == 0);
	for (size_t i = 0; i < n; i++) {
		struct resource_scope r = access_scope_of_establishment(&schools[i]);
		const char *num;
		if (!access_allowed(&req->user, ACT_USER_ADMIN, &r))
			continue;
		num = arena_printf(&req->arena, "%07d", establishment_laestab(&schools[i]));
		option_write(b, num, arena_printf(&req->arena, "%s (%s)", schools[i].name, num),
			     chosen == schools[i].id);
	}
	html_raw_trusted(b, "</select></div><button type=\"submit\" class=\"button secondary\">"
			    "Show</button></form>\n");
}

void users_get(struct request *req)
{
	const char *school = request_text(req, "school");
	struct user *list = NULL;
	struct establishment e;
	int64_t establishment_id = 0;
	struct strbuf *b;
	size_t n = 0;

	/* One school's users; a school that is unknown or out of reach lists no one. */
	if (school[0])
		establishment_id = store_establishment_get_by_laestab(
					   req->db, (int)digits_of(school), &e) == ERR_OK ?
					   e.id :
					   -1;
	if (people_list(req->db, &req->user, establishment_id, &list, &n) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	page_begin(req, "Users", NAV_MAINTENANCE);
	b = resp_body(req);
	done_notice(req);
	html_raw_trusted(b, "<p><a class=\"button\" href=\"/users/new\">Add a user</a></p>\n");
	school_filter_write(req, establishment_id);
	if (n == 0) {
		html_elem(b, "p", "There are no users you can manage here.");
		goto out;
	}
	html_raw_trusted(b, "<table class=\"data-table\"><caption class=\"visually-hidden\">"
			    "Users</caption><thead><tr><th scope=\"col\">Username</th>"
			    "<th scope=\"col\">Name</th><th scope=\"col\">Role</th>"
			    "<th scope=\"col\">Where</th><th scope=\"col\">Status</th>"
			    "<th scope=\"col\">Last sign-in (UTC)</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct user *u = &list[i];
		html_raw_trusted(b, "<tr><th scope=\"row\">");
		html_open(b, "a", "href", user_href(req, u->id), NULL);
		html_text(b, u->username);
		html_close(b, "a");
		html_raw_trusted(b, "</th>");
		html_elem(b, "td", u->display_name);
		html_elem(b, "td", role_label(u->role));
		html_elem(b, "td", where_of(req, u));
		html_elem(b, "td", status_of(req, u));
		html_raw_trusted(b, "<td>");
		when_write(b, u->last_login_at);
		html_raw_trusted(b, "</td></tr>\n");
	}
	html_raw_trusted(b, "</tbody></table>\n");
out:
	page_end(req);
	free(list);
}

/* ---- adding ---- */

/* The roles the signed-in user may give to a new account: those whose scope kind
 * they can reach under the policy. */
static bool role_offered(const struct user *actor, enum role r)
{
	switch (role_scope(actor->role)) {
	case SCOPE_ALL:
		return access_role_may(actor->role, ACT_USER_ADMIN);
	case SCOPE_LA:
		return role_scope(r) == SCOPE_ESTABLISHMENT || role_scope(r) == SCOPE_LA;
	case SCOPE_ESTABLISHMENT:
		return role_scope(r) == SCOPE_ESTABLISHMENT;
	case SCOPE_TRUST:
	case SCOPE__MAX:
		break;
	}
	return false;
}

struct add_form {
	const char *username, *display_name, *email; /* as typed */
	int role;				     /* enum role, -1 = none chosen */
	int64_t laestab, la_code, trust_id;	     /* chosen scope, 0 = none */
	const char *error;			     /* message, NULL = none */
};

static void select_open(struct strbuf *b, const char *name, const char *label, const char *hint)
{
	html_raw_trusted(b, "<div class=\"field\">");
	html_open(b, "label", "for", name, NULL);
	html_text(b, label);
	html_close(b, "label");
	if (hint) {
		html_open(b, "p", "class", "hint", NULL);
		html_text(b, hint);
		html_close(b, "p");
	}
	html_open(b, "select", "id", name, "name", name, NULL);
}

static void add_form_write(struct request *req, const struct add_form *f)
{
	struct establishment *schools = NULL;
	size_t nschools = 0;
	struct strbuf *b;
	char num[24];

	page_begin(req, "Add a user", NAV_MAINTENANCE);
	b = resp_body(req);
	error_summary(b, f->error);
	html_elem(b, "p",
		  "The new user gets an e-mail with a link to choose their own password. "
		  "Nobody else ever sees it.");
	html_open(b, "form", "method", "post", "action", "/users", "novalidate", "", NULL);
	html_csrf_field(b, csrf_token(req));
	html_form_field(b, &(struct html_field){ .name = "username",
						 .label = "Username",
						 .value = f->username,
						 .hint = "Letters, digits and . _ @ - (no spaces).",
						 .required = true,
						 .maxlength = USERNAME_MAX });
	html_form_field(b, &(struct html_field){ .name = "display_name",
						 .label = "Full name",
						 .value = f->display_name,
						 .maxlength = NAME_MAX_LEN });
	html_form_field(b, &(struct html_field){ .name = "email",
						 .label = "E-mail address",
						 .type = "email",
						 .value = f->email,
						 .required = true,
						 .maxlength = NAME_MAX_LEN });
	select_open(b, "role", "Role", NULL);
	for (int r = 0; r < ROLE__MAX; r++)
		if (role_offered(&req->user, (enum role)r))
			option_write(b, users_role_choices[r], role_label((enum role)r),
				     r == f->role);
	html_raw_trusted(b, "</select></div>\n");

	if (scope_visible_schools(req, &schools, &nschools) == ERR_OK && nschools) {
		select_open(b, "school", "School", "For a teacher or a school admin.");
		option_write(b, "", "(none)", f->laestab == 0);
		for (size_t i = 0; i < nschools; i++) {
			struct resource_scope r = access_scope_of_establishment(&schools[i]);
			if (!access_allowed(&req->user, ACT_USER_ADMIN, &r))
				continue;
			snprintf(num, sizeof(num), "%d", establishment_laestab(&schools[i]));
			option_write(
				b, num, arena_printf(&req->arena, "%s (%s)", schools[i].name, num),
				f->laestab == establishment_laestab(&schools[i]) || nschools == 1);
		}
		html_raw_trusted(b, "</select></div>\n");
	}
	if (role_offered(&req->user, ROLE_LA_OFFICER)) {
		struct la *las = NULL;
		size_t nlas = 0;
		if (store_la_list(req->db, &las, &nlas) == ERR_OK) {
			select_open(b, "la", "Local authority", "For an LA officer.");
			option_write(b, "", "(none)", f->la_code == 0);
			for (size_t i = 0; i < nlas; i++) {
				struct resource_scope r = { 0, 0, las[i].id };
				if (!access_allowed(&req->user, ACT_USER_ADMIN, &r))
					continue;
				snprintf(num, sizeof(num), "%03d", las[i].code);
				option_write(b, num,
					     arena_printf(&req->arena, "%s (%s)", las[i].name, num),
					     f->la_code == las[i].code);
			}
			html_raw_trusted(b, "</select></div>\n");
		}
		free(las);
	}
	if (role_offered(&req->user, ROLE_MAT_ADMIN)) {
		struct trust *trusts = NULL;
		size_t ntrusts = 0;
		if (store_trust_list(req->db, &trusts, &ntrusts) == ERR_OK) {
			select_open(b, "trust", "Trust", "For a trust (MAT) admin.");
			option_write(b, "", "(none)", f->trust_id == 0);
			for (size_t i = 0; i < ntrusts; i++) {
				snprintf(num, sizeof(num), "%lld", (long long)trusts[i].id);
				option_write(b, num, trusts[i].name, f->trust_id == trusts[i].id);
			}
			html_raw_trusted(b, "</select></div>\n");
		}
		free(trusts);
	}
	html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Add user</button></form>\n");
	html_raw_trusted(b, "<p><a href=\"/users\">Back to the users</a></p>\n");
	page_end(req);
}

void user_new_get(struct request *req)
{
	struct add_form f = { "", "", "", -1, 0, 0, 0, NULL };
	add_form_write(req, &f);
}

/* Fills u's scope from the form for its role; false with f->error set. */
static bool scope_from_form(struct request *req, struct add_form *f, struct user *u)
{
	struct establishment e;
	struct la la;

	switch (role_scope(u->role)) {
	case SCOPE_ESTABLISHMENT:
		if (!f->laestab && role_scope(req->user.role) == SCOPE_ESTABLISHMENT) {
			u->establishment_id = req->user.establishment_id;
			return true;
		}
		if (!f->laestab ||
		    store_establishment_get_by_laestab(req->db, (int)f->laestab, &e) != ERR_OK) {
			f->error = "Choose the school the person works at.";
			return false;
		}
		u->establishment_id = e.id;
		return true;
	case SCOPE_LA:
		if (!f->la_code && role_scope(req->user.role) == SCOPE_LA) {
			u->la_id = req->user.la_id;
			return true;
		}
		if (!f->la_code || store_la_get_by_code(req->db, (int)f->la_code, &la) != ERR_OK) {
			f->error = "Choose the local authority of the LA officer.";
			return false;
		}
		u->la_id = la.id;
		return true;
	case SCOPE_TRUST:
		if (!f->trust_id) {
			f->error = "Choose the trust of the trust admin.";
			return false;
		}
		u->trust_id = f->trust_id;
		return true;
	case SCOPE_ALL:
	case SCOPE__MAX:
		break;
	}
	return true;
}

void user_add_post(struct request *req)
{
	struct add_form f;
	struct errbuf eb = { "" };
	struct user u;
	enum err rc = ERR_INVALID;

	f.username = request_text(req, "username");
	f.display_name = request_text(req, "display_name");
	f.email = request_text(req, "email");
	f.role = request_enum(req, "role");
	f.laestab = digits_of(request_text(req, "school"));
	f.la_code = digits_of(request_text(req, "la"));
	f.trust_id = digits_of(request_text(req, "trust"));
	f.error = NULL;

	memset(&u, 0, sizeof(u));
	snprintf(u.username, sizeof(u.username), "%s", f.username);
	snprintf(u.display_name, sizeof(u.display_name), "%s", f.display_name);
	snprintf(u.email, sizeof(u.email), "%s", f.email);
	if (f.role < 0 || !role_offered(&req->user, (enum role)f.role)) {
		f.error = "Choose one of the roles offered.";
		goto again;
	}
	u.role = (enum role)f.role;
	if (!scope_from_form(req, &f, &u))
		goto again;
	rc = people_add(req->app, req->db, &req->user, req->client_ip, &u, &eb);
	if (rc != ERR_OK) {
		if (rc == ERR_IO)
			log_error("web: adding user %s: %s", u.username, eb.msg);
		f.error = arena_strdup(&req->arena,
				       eb.msg[0] ? eb.msg :
						   "The user could not be added. Try again.");
		goto again;
	}
	resp_redirect(req, arena_printf(&req->arena, "/users/%lld?done=added", (long long)u.id));
	return;
again:
	resp_status(req, page_refused_status(rc));
	add_form_write(req, &f);
}

/* ---- one user ---- */

static void action_button(struct request *req, int64_t id, const char *what, const char *label,
			  const char *hint)
{
	struct strbuf *b = resp_body(req);

	html_open(b, "form", "method", "post", "action",
		  arena_printf(&req->arena, "/users/%lld/%s", (long long)id, what), "class",
		  "inline-action", NULL);
	html_csrf_field(b, csrf_token(req));
	html_open(b, "button", "type", "submit", "class", "button secondary", NULL);
	html_text(b, label);
	html_close(b, "button");
	if (hint) {
		html_open(b, "span", "class", "hint", NULL);
		html_text(b, hint);
		html_close(b, "span");
	}
	html_close(b, "form");
	html_raw_trusted(b, "\n");
}

/* The page of one account: details, the edit form, the actions. */
static void user_page(struct request *req, const struct user *u, const char *error,
		      const char *name_value, const char *email_value)
{
	struct strbuf *b;

	page_begin(req, u->display_name[0] ? u->display_name : u->username, NAV_MAINTENANCE);
	b = resp_body(req);
	error_summary(b, error);
	done_notice(req);
	html_raw_trusted(b, "<dl class=\"summary\">");
	html_elem(b, "dt", "Username");
	html_elem(b, "dd", u->username);
	html_elem(b, "dt", "Role");
	html_elem(b, "dd", role_label(u->role));
	html_elem(b, "dt", "Where");
	html_elem(b, "dd", where_of(req, u));
	html_elem(b, "dt", "Status");
	html_elem(b, "dd", status_of(req, u));
	html_elem(b, "dt", "Last sign-in (UTC)");
	html_raw_trusted(b, "<dd>");
	when_write(b, u->last_login_at);
	html_raw_trusted(b, "</dd>");
	html_elem(b, "dt", "Failed sign-ins since");
	html_raw_trusted(b, "<dd>");
	html_int(b, u->failed_logins);
	html_raw_trusted(b, "</dd></dl>\n");

	html_elem(b, "h2", "Details");
	html_open(b, "form", "method", "post", "action", user_href(req, u->id), "novalidate", "",
		  NULL);
	html_csrf_field(b, csrf_token(req));
	html_form_field(b, &(struct html_field){ .name = "display_name",
						 .label = "Full name",
						 .value = name_value ? name_value : u->display_name,
						 .required = true,
						 .maxlength = NAME_MAX_LEN });
	html_form_field(b, &(struct html_field){ .name = "email",
						 .label = "E-mail address",
						 .type = "email",
						 .value = email_value ? email_value : u->email,
						 .required = true,
						 .maxlength = NAME_MAX_LEN });
	select_open(b, "role", "Role", NULL);
	for (int r = 0; r < ROLE__MAX; r++)
		if (r == (int)u->role ||
		    (role_scope((enum role)r) == role_scope(u->role) && u->id != req->user.id))
			option_write(b, users_role_choices[r], role_label((enum role)r),
				     r == (int)u->role);
	html_raw_trusted(b, "</select></div>\n<button type=\"submit\" class=\"button\">Save "
			    "changes</button></form>\n");

	html_elem(b, "h2", "Account");
	if (!u->disabled)
		action_button(req, u->id, "reset", "Send a password reset link",
			      "The person chooses a new password through a link sent to their "
			      "e-mail address.");
	if (people_locked(req->app, u) || u->failed_logins > 0)
		action_button(req, u->id, "unlock", "Unlock", NULL);
	if (u->disabled)
		action_button(req, u->id, "enable", "Enable the account", NULL);
	else if (u->id != req->user.id)
		action_button(req, u->id, "disable", "Disable the account",
			      "The person is signed out at once and cannot sign in or use API "
			      "tokens until enabled again.");
	html_raw_trusted(b, "<p><a href=\"/users\">Back to the users</a></p>\n");
	page_end(req);
}

/* The account of the :user path parameter, or a 404 (missing and out of reach
 * answer the same). */
static bool target_load(struct request *req, struct user *out)
{
	enum err rc = people_get(req->db, &req->user, request_int(req, "user"), out);

	if (rc == ERR_NOT_FOUND) {
		page_error(req, 404, NULL);
		return false;
	}
	if (rc != ERR_OK) {
		page_error(req, 500, NULL);
		return false;
	}
	return true;
}

void user_get(struct request *req)
{
	struct user u;

	if (target_load(req, &u))
		user_page(req, &u, NULL, NULL, NULL);
}

/* After a use case: the redirect on success, the page with the message on a
 * refusal (422, or 409 when there was nothing to change), 404 when the account
 * went out of reach. */
static void after(struct request *req, int64_t id, enum err rc, const struct errbuf *eb,
		  const char *done, const char *name_value, const char *email_value)
{
	struct user u;

	if (rc == ERR_OK) {
		resp_redirect(req, arena_printf(&req->arena, "/users/%lld?done=%s", (long long)id,
						done));
		return;
	}
	if (rc == ERR_NOT_FOUND) {
		page_error(req, 404, NULL);
		return;
	}
	if (!target_load(req, &u))
		return;
	if (rc == ERR_IO)
		log_error("web: managing user %lld: %s", (long long)id, eb->msg);
	resp_status(req, page_refused_status(rc));
	user_page(req, &u,
		  eb->msg[0] ? arena_strdup(&req->arena, eb->msg) :
			       "The change could not be made. Try again.",
		  name_value, email_value);
}

void user_edit_post(struct request *req)
{
	int64_t id = request_int(req, "user");
	const char *name = request_text(req, "display_name");
	const char *email = request_text(req, "email");
	int role = request_enum(req, "role");
	struct errbuf eb = { "" };
	struct user u;
	enum err rc;

	if (role < 0) {
		if (!target_load(req, &u))
			return;
		role = (int)u.role;
	}
	rc = people_edit(req->app, req->db, &req->user, req->client_ip, id, name, email,
			 (enum role)role, &eb);
	after(req, id, rc, &eb, "saved", name, email);
}

static void state_post(struct request *req, bool disabled)
{
	int64_t id = request_int(req, "user");
	struct errbuf eb = { "" };
	enum err rc = people_set_disabled(req->app, req->db, &req->user, req->client_ip, id,
					  disabled, &eb);
	after(req, id, rc, &eb, disabled ? "disabled" : "enabled", NULL, NULL);
}

void user_disable_post(struct request *req)
{
	state_post(req, true);
}

void user_enable_post(struct request *req)
{
	state_post(req, false);
}

void user_reset_post(struct request *req)
{
	int64_t id = request_int(req, "user");
	struct errbuf eb = { "" };
	enum err rc = people_reset(req->app, req->db, &req->user, req->client_ip, id, &eb);
	after(req, id, rc, &eb, "reset-sent", NULL, NULL);
}

void user_unlock_post(struct request *req)
{
	int64_t id = request_int(req, "user");
	struct errbuf eb = { "" };
	enum err rc = people_unlock(req->app, req->db, &req->user, req->client_ip, id, &eb);
	after(req, id, rc, &eb, "unlocked", NULL, NULL);
}
