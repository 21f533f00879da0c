/*
 * reports (API): GET /api/v1/schools/:laestab/reports/eyfsp and .../phonics
 * ?academic_year=YYYY: the statutory summaries of app/report.h, the same JSON
 * as `pupiltrack report`. The dispatcher has resolved and authorised :laestab.
 */
#include "web/api/api.h"

#include "app/app.h"
#include "app/report.h"
#include "core/calendar.h"

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
