/*
 * reports (API): GET /api/v1/schools/:laestab/reports/eyfsp and .../phonics
 * ?academic_year=YYYY: the statutory summaries of app/report.h, the same JSON
 * as `pupiltrack report`. The dispatcher has resolved and authorised :laestab.
 * Issue 8c: .../reports/ks2, and the LA and trust tables (/api/v1/la/reports/
 * table, /api/v1/trust/reports/table) with the page's suppressed cells.
 */
#include "web/api/api.h"

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
	if (rtable_build(req->app, req->db, la_id, trust_id, reports_la_collection(req),
			 reports_la_year(req, "academic_year"), &t) != ERR_OK) {
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
