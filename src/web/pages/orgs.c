/*
 * orgs: the "Organisations" page of a system admin: local authorities, trusts
 * and schools, listed, with a form to add each. The same checks as the command
 * line (app/people.h), then one audited change through the store.
 */
#include "web/pages/pages.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/people.h"
#include "base/log.h"
#include "web/csrf.h"
#include "web/html.h"
#include "web/routes.h"

const char *const orgs_done_choices[] = { "la", "trust", "school", NULL };
static const char *const done_text[] = {
	"The local authority was added.",
	"The trust was added.",
	"The school was added.",
};

/* What was typed into the form that failed, to show it again. */
struct org_form {
	const char *error;				    /* message, NULL = none */
	const char *la_code, *la_name;			    /* LA form */
	const char *trust_name;				    /* trust form */
	const char *laestab, *school_name, *urn, *trust_id; /* school form */
};

static void las_write(struct request *req, struct strbuf *b, const struct la *las, size_t n)
{
	html_elem(b, "h2", "Local authorities");
	if (n == 0) {
		html_elem(b, "p", "There are no local authorities yet.");
		return;
	}
	html_raw_trusted(b, "<table class=\"data-table\"><thead><tr><th scope=\"col\">LA number"
			    "</th><th scope=\"col\">Name</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		html_raw_trusted(b, "<tr><td>");
		html_text(b, arena_printf(&req->arena, "%03d", las[i].code));
		html_raw_trusted(b, "</td>");
		html_elem(b, "td", las[i].name);
		html_raw_trusted(b, "</tr>\n");
	}
	html_raw_trusted(b, "</tbody></table>\n");
}

static void trusts_write(struct strbuf *b, const struct trust *trusts, size_t n)
{
	html_elem(b, "h2", "Trusts");
	if (n == 0) {
		html_elem(b, "p", "There are no trusts yet.");
		return;
	}
	html_raw_trusted(b, "<ul>");
	for (size_t i = 0; i < n; i++)
		html_elem(b, "li", trusts[i].name);
	html_raw_trusted(b, "</ul>\n");
}

static const char *trust_name_of(const struct trust *trusts, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (trusts[i].id == id)
			return trusts[i].name;
	return "";
}

static void schools_write(struct request *req, struct strbuf *b, const struct establishment *e,
			  size_t n, const struct trust *trusts, size_t ntrusts)
{
	html_elem(b, "h2", "Schools");
	if (n == 0) {
		html_elem(b, "p", "There are no schools yet.");
		return;
	}
	html_raw_trusted(b, "<table class=\"data-table\"><thead><tr><th scope=\"col\">School</th>"
			    "<th scope=\"col\">LAESTAB</th><th scope=\"col\">URN</th>"
			    "<th scope=\"col\">Trust</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		html_raw_trusted(b, "<tr><th scope=\"row\">");
		html_text(b, e[i].name);
		html_raw_trusted(b, "</th><td>");
		html_text(b, arena_printf(&req->arena, "%07d", establishment_laestab(&e[i])));
		html_raw_trusted(b, "</td><td>");
		if (e[i].urn)
			html_text(b, arena_printf(&req->arena, "%06d", e[i].urn));
		html_raw_trusted(b, "</td>");
		html_elem(b, "td", trust_name_of(trusts, ntrusts, e[i].trust_id));
		html_raw_trusted(b, "</tr>\n");
	}
	html_raw_trusted(b, "</tbody></table>\n");
}

static void forms_write(struct request *req, struct strbuf *b, const struct org_form *f,
			const struct trust *trusts, size_t ntrusts)
{
	html_elem(b, "h2", "Add a local authority");
	html_open(b, "form", "method", "post", "action", "/organisations/las", "novalidate", "",
		  NULL);
	html_csrf_field(b, csrf_token(req));
	html_form_field(b, &(struct html_field){ .name = "code",
						 .label = "LA number",
						 .hint = "The 3-digit DfE number, 100 to 999.",
						 .value = f->la_code,
						 .required = true,
						 .maxlength = 3 });
	html_form_field(b, &(struct html_field){ .name = "name",
						 .label = "Name",
						 .value = f->la_name,
						 .required = true,
						 .maxlength = NAME_MAX_LEN });
	html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Add LA</button></form>\n");

	html_elem(b, "h2", "Add a trust");
	html_open(b, "form", "method", "post", "action", "/organisations/trusts", "novalidate", "",
		  NULL);
	html_csrf_field(b, csrf_token(req));
	html_form_field(b, &(struct html_field){ .name = "name",
						 .label = "Name",
						 .value = f->trust_name,
						 .required = true,
						 .maxlength = NAME_MAX_LEN });
	html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Add trust</button></form>\n");

	html_elem(b, "h2", "Add a school");
	html_open(b, "form", "method", "post", "action", "/organisations/schools", "novalidate", "",
		  NULL);
	html_csrf_field(b, csrf_token(req));
	html_form_field(b, &(struct html_field){ .name = "laestab",
						 .label = "LAESTAB",
						 .hint = "7 digits: the LA number then the 4-digit "
							 "establishment number (e.g. 8881234).",
						 .value = f->laestab,
						 .required = true,
						 .maxlength = 8 });
	html_form_field(b, &(struct html_field){ .name = "name",
						 .label = "Name",
						 .value = f->school_name,
						 .required = true,
						 .maxlength = NAME_MAX_LEN });
	html_form_field(
		b, &(struct html_field){ .name = "urn",
					 .label = "URN (optional)",
					 .hint = "The school's 6-digit unique reference number.",
					 .value = f->urn,
					 .maxlength = 6 });
	html_raw_trusted(b,
			 "<div class=\"field\"><label for=\"trust\">Trust (optional)</label>"
			 "<select id=\"trust\" name=\"trust\"><option value=\"\">(none)</option>");
	for (size_t i = 0; i < ntrusts; i++) {
		const char *id = arena_printf(&req->arena, "%lld", (long long)trusts[i].id);
		html_open(b, "option", "value", id, "selected",
			  f->trust_id && strcmp(f->trust_id, id) == 0 ? "" : NULL, NULL);
		html_text(b, trusts[i].name);
		html_close(b, "option");
	}
	html_raw_trusted(b, "</select></div>\n<button type=\"submit\" class=\"button\">Add school"
			    "</button></form>\n");
}

static void page_write(struct request *req, const struct org_form *f)
{
	struct la *las = NULL;
	struct trust *trusts = NULL;
	struct establishment *schools = NULL;
	size_t nlas = 0, ntrusts = 0, nschools = 0;
	struct strbuf *b;
	int done;

	if (store_la_list(req->db, &las, &nlas) != ERR_OK ||
	    store_trust_list(req->db, &trusts, &ntrusts) != ERR_OK ||
	    store_establishment_list(req->db, 0, 0, &schools, &nschools) != ERR_OK) {
		page_error(req, 500, NULL);
		goto out;
	}
	page_begin(req, "Organisations", NAV_MAINTENANCE);
	b = resp_body(req);
	if (f->error) {
		html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
				    "<h2>There is a problem</h2>");
		html_elem(b, "p", f->error);
		html_raw_trusted(b, "</div>\n");
	}
	done = req->route->method == HTTP_GET && request_has(req, "done") ?
		       request_enum(req, "done") :
		       -1;
	if (done >= 0 && (size_t)done < sizeof(done_text) / sizeof(done_text[0])) {
		html_raw_trusted(b, "<div class=\"notice\" role=\"status\">");
		html_elem(b, "p", done_text[done]);
		html_raw_trusted(b, "</div>\n");
	}
	las_write(req, b, las, nlas);
	trusts_write(b, trusts, ntrusts);
	schools_write(req, b, schools, nschools, trusts, ntrusts);
	forms_write(req, b, f, trusts, ntrusts);
	page_end(req);
out:
	free(las);
	free(trusts);
	free(schools);
}

void orgs_get(struct request *req)
{
	struct org_form f;
	memset(&f, 0, sizeof(f));
	page_write(req, &f);
}

static struct actor actor_of(struct request *req)
{
	struct actor who = { req->user.id, req->user.username, req->client_ip };
	return who;
}

/* The page again with the message of a refused change. */
static void refused(struct request *req, struct org_form *f, enum err rc, const struct errbuf *eb)
{
	if (rc == ERR_IO)
		log_error("web: adding an organisation: %s", eb->msg);
	f->error = arena_strdup(&req->arena,
				eb->msg[0] ? eb->msg : "It could not be added. Try again.");
	resp_status(req, page_refused_status(rc));
	page_write(req, f);
}

void org_la_post(struct request *req)
{
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	struct org_form f;
	struct la la;
	enum err rc;

	memset(&f, 0, sizeof(f));
	memset(&la, 0, sizeof(la));
	f.la_code = request_text(req, "code");
	f.la_name = request_text(req, "name");
	rc = people_org_la_code(f.la_code, &la.code, &eb);
	if (rc == ERR_OK)
		rc = people_org_name("LA name", f.la_name, la.name, &eb);
	if (rc == ERR_OK)
		rc = store_la_add(req->db, &who, &la, &eb);
	if (rc == ERR_CONFLICT)
		errbuf_set(&eb, rc, "There is an LA %03d already.", la.code);
	if (rc != ERR_OK) {
		refused(req, &f, rc, &eb);
		return;
	}
	resp_redirect(req, "/organisations?done=la");
}

void org_trust_post(struct request *req)
{
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	struct org_form f;
	struct trust t;
	enum err rc;

	memset(&f, 0, sizeof(f));
	memset(&t, 0, sizeof(t));
	f.trust_name = request_text(req, "name");
	rc = people_org_name("trust name", f.trust_name, t.name, &eb);
	if (rc == ERR_OK)
		rc = store_trust_add(req->db, &who, &t, &eb);
	if (rc == ERR_CONFLICT)
		errbuf_set(&eb, rc, "There is a trust called \"%s\" already.", t.name);
	if (rc != ERR_OK) {
		refused(req, &f, rc, &eb);
		return;
	}
	resp_redirect(req, "/organisations?done=trust");
}

void org_school_post(struct request *req)
{
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	struct establishment e;
	struct org_form f;
	struct trust t;
	struct la la;
	int laestab = 0;
	enum err rc;

	memset(&f, 0, sizeof(f));
	memset(&e, 0, sizeof(e));
	f.laestab = request_text(req, "laestab");
	f.school_name = request_text(req, "name");
	f.urn = request_text(req, "urn");
	f.trust_id = request_text(req, "trust");
	rc = people_org_laestab(f.laestab, &laestab, &eb);
	if (rc == ERR_OK)
		rc = people_org_name("school name", f.school_name, e.name, &eb);
	if (rc == ERR_OK)
		rc = people_org_urn(f.urn, &e.urn, &eb);
	if (rc == ERR_OK) {
		rc = store_la_get_by_code(req->db, laestab / 10000, &la);
		if (rc == ERR_NOT_FOUND)
			rc = errbuf_set(&eb, ERR_INVALID,
					"There is no LA %03d, the first 3 digits of LAESTAB %07d: "
					"add the LA first.",
					laestab / 10000, laestab);
	}
	if (rc == ERR_OK && f.trust_id[0]) {
		int64_t id = 0;
		for (const char *p = f.trust_id; *p && id >= 0; p++)
			id = *p >= '0' && *p <= '9' && id < INT64_MAX / 10 ? id * 10 + (*p - '0') :
									     -1;
		rc = id > 0 ? store_trust_get(req->db, id, &t) : ERR_NOT_FOUND;
		if (rc == ERR_NOT_FOUND)
			rc = errbuf_set(&eb, ERR_INVALID, "The trust chosen does not exist.");
		e.trust_id = t.id;
	}
	if (rc == ERR_OK) {
		e.la_id = la.id;
		e.la_code = la.code;
		e.estab = laestab % 10000;
		rc = store_establishment_add(req->db, &who, &e, &eb);
		if (rc == ERR_CONFLICT)
			errbuf_set(&eb, rc, "There is a school %07d already.", laestab);
	}
	if (rc != ERR_OK) {
		refused(req, &f, rc, &eb);
		return;
	}
	resp_redirect(req, "/organisations?done=school");
}
