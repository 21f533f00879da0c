/*
 * reports (API): GET /api/v1/schools/:laestab/reports/eyfsp and .../phonics
 * ?academic_year=YYYY: the statutory summaries of app/report.h, the same JSON
 * as `pupiltrack report`. The dispatcher has resolved and authorised :laestab.
 * Issue 8c: .../reports/ks2, and the LA and trust tables (/api/v1/la/reports/
 * table, /api/v1/trust/reports/table) with the page's suppressed cells.
 */
#include "web/api/api.h"

#include <stdlib.h>

#include "app/app.h"
#include "app/report.h"
#include "app/report_table.h"
#include "core/calendar.h"
#include "web/pages/reports_la.h"

static int year_of(struct request *req)
{
	return request_has(req, "academic_year") ?
		       (int)request_int(req, "academic_year") :
		       academic_year_of(date_from_unix(app_now(req->app)));
}

void api_report_eyfsp_get(struct request *req)
{
	struct report_header h = { establishment_laestab(&req->estab), year_of(req) };
	struct report_eyfsp r;

	report_eyfsp_init(&r);
	if (report_eyfsp_of_school(req->db, &req->estab, h.academic_year, &r) != ERR_OK) {
		resp_json_error(req, 500, "The results could not be read. Try again later.");
		return;
	}
	resp_json_begin(req, 200);
	if (!report_eyfsp_json(resp_body(req), &h, &r)) {
		resp_reset(req);
		resp_json_error(req, 500, "The report could not be written.");
	}
}

void api_report_phonics_get(struct request *req)
{
	struct report_header h = { establishment_laestab(&req->estab), year_of(req) };
	struct report_phonics r;

	report_phonics_init(&r);
	if (report_phonics_of_school(req->db, &req->estab, h.academic_year, &r) != ERR_OK) {
		resp_json_error(req, 500, "The results could not be read. Try again later.");
		return;
	}
	resp_json_begin(req, 200);
	if (!report_phonics_json(resp_body(req), &h, &r)) {
		resp_reset(req);
		resp_json_error(req, 500, "The report could not be written.");
	}
}

/* ---- issue 8c: KS2 and the cross-school tables */

void api_report_ks2_get(struct request *req)
{
	struct report_ks2 r;
	int year = year_of(req);

	report_ks2_init(req->app->codes, &r);
	if (report_ks2_of_school(req->db, &req->estab, year, &r) != ERR_OK) {
		resp_json_error(req, 500, "The results could not be read. Try again later.");
		return;
	}
	resp_json_begin(req, 200);
	if (!report_ks2_json(resp_body(req), establishment_laestab(&req->estab), year, &r)) {
		resp_reset(req);
		resp_json_error(req, 500, "The report could not be written.");
	}
}

static void table_json(struct request *req, bool trust)
{
	int64_t la_id, trust_id;
	struct rtable t;

	if (reports_la_area(req, trust, &la_id, &trust_id) != ERR_OK) {
		resp_json_error(req, 404,
				trust ? "There is no such trust in your area." :
					"There is no such LA in your area.");
		return;
	}
	if ((request_enum(req, "by") == 1 ?
		     rtable_build_by_characteristic(req->app, req->db, la_id, trust_id,
						    reports_la_collection(req),
						    reports_la_year(req, "academic_year"), &t) :
		     rtable_build(req->app, req->db, la_id, trust_id, reports_la_collection(req),
				  reports_la_year(req, "academic_year"), &t)) != ERR_OK) {
		resp_json_error(req, 500, "The results could not be read. Try again later.");
		return;
	}
	resp_json_begin(req, 200);
	if (!rtable_json(resp_body(req), &t)) {
		resp_reset(req);
		resp_json_error(req, 500, "The report could not be written.");
	}
	rtable_free(&t);
}

void api_la_table_get(struct request *req)
{
	table_json(req, false);
}

void api_trust_table_get(struct request *req)
{
	table_json(req, true);
}

/* ---- GET /api/v1/la/reports/{eyfsp,phonics,ks2}?la=NNN&academic_year=YYYY: the
 * statutory summaries added up over every school of the LA (the LA officer's
 * own by default), the JSON of `pupiltrack report KIND --la NNN`. */

static void la_report(struct request *req, enum collection coll)
{
	struct report_header h = { 0, year_of(req) };
	struct establishment *list = NULL;
	struct report_eyfsp ey;
	struct report_phonics ph;
	struct report_ks2 ks2;
	int64_t la_id, trust_id;
	size_t n = 0;
	enum err rc;
	bool ok;

	if (reports_la_area(req, false, &la_id, &trust_id) != ERR_OK) {
		resp_json_error(req, 404, "There is no such LA in your area.");
		return;
	}
	report_eyfsp_init(&ey);
	report_phonics_init(&ph);
	report_ks2_init(req->app->codes, &ks2);
	rc = store_establishment_list(req->db, la_id, 0, &list, &n);
	for (size_t i = 0; i < n && rc == ERR_OK; i++)
		rc = coll == COLL_PHONICS ?
			     report_phonics_of_school(req->db, &list[i], h.academic_year, &ph) :
		     coll == COLL_KS2 ?
			     report_ks2_of_school(req->db, &list[i], h.academic_year, &ks2) :
			     report_eyfsp_of_school(req->db, &list[i], h.academic_year, &ey);
	free(list);
	if (rc != ERR_OK) {
		resp_json_error(req, 500, "The results could not be read. Try again later.");
		return;
	}
	resp_json_begin(req, 200);
	ok = coll == COLL_PHONICS ? report_phonics_json(resp_body(req), &h, &ph) :
	     coll == COLL_KS2	  ? report_ks2_json(resp_body(req), 0, h.academic_year, &ks2) :
				    report_eyfsp_json(resp_body(req), &h, &ey);
	if (!ok) {
		resp_reset(req);
		resp_json_error(req, 500, "The report could not be written.");
	}
}

void api_la_report_eyfsp_get(struct request *req)
{
	la_report(req, COLL_EYFSP);
}

void api_la_report_phonics_get(struct request *req)
{
	la_report(req, COLL_PHONICS);
}

void api_la_report_ks2_get(struct request *req)
{
	la_report(req, COLL_KS2);
}
