/*
 * transfers: moving a pupil between schools. A school asks for a pupil by UPN
 * (the pupil is on the tracker at another school); the pupil's current school,
 * or the local authority, confirms or refuses on this page. On confirmation the
 * pupil, with its interventions and history, belongs to the requesting school.
 * Neither school sees the other's data: the requester sees the UPN it typed and
 * the state of its request, the current school the requester's LAESTAB.
 */
#include "web/pages/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/xalloc.h"
#include "core/access.h"
#include "core/upn.h"
#include "web/csrf.h"
#include "web/html.h"

static const char *const done_text[] = {
	"The transfer was requested. The pupil's current school or the local authority "
	"will confirm it; the pupil then appears in your list.",
	"The transfer was confirmed: the pupil now belongs to the requesting school.",
	"The transfer was refused.",
};

static struct actor actor_of(const struct request *req)
{
	struct actor who = { req->user.id, req->user.username, req->client_ip };
	return who;
}

static const char *transfers_href(struct request *req)
{
	return arena_printf(&req->arena, "/schools/%07d/transfers",
			    establishment_laestab(&req->estab));
}

static void when_text(struct strbuf *b, int64_t t)
{
	char ts[21];

	date_format_timestamp(t, ts);
	html_text(b, ts);
}

/* done: index into done_text of the notice to show, -1 for none. */
static void page_write(struct request *req, const char *upn_value, const char *error, int done)
{
	struct resource_scope scope = access_scope_of_establishment(&req->estab);
	bool can_request = access_allowed(&req->user, ACT_PUPIL_WRITE, &scope);
	bool can_decide = access_allowed(&req->user, ACT_PUPIL_TRANSFER, &scope);
	struct transfer *list = NULL;
	struct strbuf *b;
	size_t n = 0, mine = 0, theirs = 0;

	if (store_transfer_list(req->db, req->estab.id, &list, &n) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (list[i].from_establishment_id == req->estab.id)
			theirs++;
		else
			mine++;
	}
	if (error)
		resp_status(req, 422);
	page_begin(req, "Pupil transfers", NAV_PUPILS);
	b = resp_body(req);
	html_open(b, "p", "class", "lead", NULL);
	html_text(b, req->estab.name);
	html_close(b, "p");
	if (done >= 0) {
		html_raw_trusted(b, "<p class=\"notice\" role=\"status\">");
		html_text(b, done_text[done]);
		html_raw_trusted(b, "</p>\n");
	}
	if (error) {
		html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
				    "<h2>There is a problem</h2><ul>");
		html_elem(b, "li", error);
		html_raw_trusted(b, "</ul></div>\n");
	}

	html_raw_trusted(b, "<h2>Requests for pupils of this school</h2>\n");
	if (!theirs) {
		html_elem(b, "p", "No other school has asked for a pupil of this school.");
	} else {
		html_raw_trusted(b,
				 "<div class=\"table-scroll\"><table class=\"data-table\">"
				 "<thead><tr><th scope=\"col\">Pupil</th><th scope=\"col\">UPN</th>"
				 "<th scope=\"col\">Requested by</th><th scope=\"col\">On</th>"
				 "<th scope=\"col\">Status</th></tr></thead><tbody>\n");
		for (size_t i = 0; i < n; i++) {
			const struct transfer *t = &list[i];
			struct establishment to;
			if (t->from_establishment_id != req->estab.id)
				continue;
			html_raw_trusted(b, "<tr><th scope=\"row\">");
			html_text(b, t->surname);
			html_text(b, ", ");
			html_text(b, t->forenames);
			html_raw_trusted(b, "</th><td class=\"upn\">");
			html_text(b, t->upn);
			html_raw_trusted(b, "</td><td>");
			/* Only the public LAESTAB: nothing else of another school. */
			if (store_establishment_get(req->db, t->to_establishment_id, &to) ==
			    ERR_OK) {
				html_text(b, "School ");
				html_int(b, establishment_laestab(&to));
			}
			html_raw_trusted(b, "</td><td>");
			when_text(b, t->requested_at);
			html_raw_trusted(b, "</td><td>");
			if (t->status == TRANSFER_PENDING && can_decide) {
				const char *base = arena_printf(&req->arena, "%s/%lld",
								transfers_href(req),
								(long long)t->id);
				html_open(b, "form", "method", "post", "action",
					  arena_printf(&req->arena, "%s/confirm", base), "class",
					  "inline", NULL);
				html_csrf_field(b, csrf_token(req));
				html_raw_trusted(b, "<button type=\"submit\" class=\"button\">"
						    "Confirm transfer</button></form> ");
				html_open(b, "form", "method", "post", "action",
					  arena_printf(&req->arena, "%s/refuse", base), "class",
					  "inline", NULL);
				html_csrf_field(b, csrf_token(req));
				html_raw_trusted(b, "<button type=\"submit\" class=\"button "
						    "secondary\">Refuse</button></form>");
			} else {
				html_text(b, transfer_status_name(t->status));
				if (t->decided_by[0]) {
					html_text(b, " by ");
					html_text(b, t->decided_by);
				}
			}
			html_raw_trusted(b, "</td></tr>\n");
		}
		html_raw_trusted(b, "</tbody></table></div>\n");
	}

	html_raw_trusted(b, "<h2>Pupils this school asked for</h2>\n");
	if (!mine) {
		html_elem(b, "p", "This school has not asked for any pupil.");
	} else {
		html_raw_trusted(b, "<div class=\"table-scroll\"><table class=\"data-table\">"
				    "<thead><tr><th scope=\"col\">UPN</th><th scope=\"col\">On</th>"
				    "<th scope=\"col\">Status</th></tr></thead><tbody>\n");
		for (size_t i = 0; i < n; i++) {
			const struct transfer *t = &list[i];
			if (t->from_establishment_id == req->estab.id)
				continue;
			html_raw_trusted(b, "<tr><td class=\"upn\">");
			html_text(b, t->upn);
			html_raw_trusted(b, "</td><td>");
			when_text(b, t->requested_at);
			html_raw_trusted(b, "</td><td>");
			html_text(b, t->status == TRANSFER_PENDING ?
					     "waiting for the pupil's current school" :
				     t->status == TRANSFER_CONFIRMED ?
					     "confirmed: the pupil is in your list" :
					     "refused by the pupil's current school or the local "
					     "authority");
			html_raw_trusted(b, "</td></tr>\n");
		}
		html_raw_trusted(b, "</tbody></table></div>\n");
	}

	if (can_request) {
		html_raw_trusted(b, "<h2>Ask for a pupil from another school</h2>\n");
		html_elem(b, "p",
			  "When a pupil joining you is already on the tracker at another school, "
			  "ask for a transfer instead of adding them again: their history and "
			  "interventions come with them.");
		html_open(b, "form", "method", "post", "action", transfers_href(req), NULL);
		html_csrf_field(b, csrf_token(req));
		html_form_field(b, &(struct html_field){ .name = "upn",
							 .label = "Unique Pupil Number",
							 .value = upn_value,
							 .error = error,
							 .required = true,
							 .maxlength = 13 });
		html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Request transfer"
				    "</button></form>\n");
	}
	page_end(req);
	free(list);
}

void transfers_get(struct request *req)
{
	if (!req->has_estab)
		BUG("transfers without an authorised establishment");
	/* ?upn= fills the request form in (the pupil form links here when the
	 * UPN typed is at another school). */
	page_write(req, request_text(req, "upn"), NULL, request_enum(req, "done"));
}

void transfer_request_post(struct request *req)
{
	const char *typed = request_text(req, "upn");
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	struct transfer t = { 0 };
	char upn[UPN_LEN + 8];
	struct pupil p;

	if (!req->has_estab)
		BUG("transfers without an authorised establishment");
	if (!upn_normalise(typed, upn, sizeof(upn)) || !upn_valid(upn)) {
		page_write(req, typed,
			   "Enter the pupil's Unique Pupil Number as it is on their record: "
			   "13 characters, starting with a letter.",
			   -1);
		return;
	}
	if (store_pupil_get_by_upn(req->db, upn, &p) != ERR_OK) {
		page_write(req, typed,
			   "No pupil with this UPN is on the tracker: add the pupil with "
			   "\"Add pupil\" instead.",
			   -1);
		return;
	}
	if (p.establishment_id == req->estab.id) {
		page_write(req, typed, "This pupil is already at this school.", -1);
		return;
	}
	t.pupil_id = p.id;
	t.from_establishment_id = p.establishment_id;
	t.to_establishment_id = req->estab.id;
	if (store_transfer_add(req->db, &who, &t, &eb) != ERR_OK) {
		page_write(req, typed,
			   eb.msg[0] ? arena_strdup(&req->arena, eb.msg) :
				       "The request could not be saved; try again.",
			   -1);
		return;
	}
	resp_redirect(req, arena_printf(&req->arena, "%s?done=requested", transfers_href(req)));
}

static void decide(struct request *req, bool confirm)
{
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	struct transfer t;
	enum err e;

	if (!req->has_estab)
		BUG("transfers without an authorised establishment");
	/* Only the pupil's current school's page decides on it. */
	if (store_transfer_get(req->db, request_int(req, "tid"), &t) != ERR_OK ||
	    t.from_establishment_id != req->estab.id) {
		page_error(req, 404, NULL);
		return;
	}
	e = store_transfer_decide(req->db, &who, t.id, confirm, &eb);
	if (e == ERR_CONFLICT) {
		page_write(req, "", arena_strdup(&req->arena, eb.msg), -1);
		return;
	}
	if (e != ERR_OK) {
		log_error("web: transfer %lld: %s", (long long)t.id, eb.msg);
		page_error(req, 500, NULL);
		return;
	}
	resp_redirect(req, arena_printf(&req->arena, "%s?done=%s", transfers_href(req),
					confirm ? "confirmed" : "refused"));
}

void transfer_confirm_post(struct request *req)
{
	decide(req, true);
}

void transfer_refuse_post(struct request *req)
{
	decide(req, false);
}
