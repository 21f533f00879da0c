/*
 * request: URI splitting, typed parameter validation and the response builders
 * (see request.h). Nothing here writes to the network; server.c does that.
 */
#include "web/request.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/utf8.h"
#include "base/xalloc.h"
#include "formats/json_read.h"
#include "formats/json_write.h"
#include "web/multipart.h"
#include "web/routes.h"

enum {
	PARAM_NAME_MAX = 64,	/* bytes of a parameter name */
	TEXT_DEFAULT_MAX = 200, /* characters of a text parameter without a declared max */
	INT_DEFAULT_MAX = 18,	/* digits of an int parameter without a declared max */
	PATH_SEGS_MAX = 32,	/* segments in a path */
};

static const char *const method_names[] = {
	[HTTP_GET] = "GET", [HTTP_HEAD] = "HEAD",   [HTTP_POST] = "POST",
	[HTTP_PUT] = "PUT", [HTTP_PATCH] = "PATCH", [HTTP_DELETE] = "DELETE",
};
_Static_assert(ARRAY_SIZE(method_names) == HTTP__MAX, "method names");

bool http_method_changes_state(enum http_method m)
{
	return m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH || m == HTTP_DELETE;
}

const char *http_method_name(enum http_method m)
{
	return (unsigned)m < HTTP__MAX ? method_names[m] : "?";
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decodes s[0..n) into the arena ('+' is a space when plus_space). NULL
 * for a malformed escape or a NUL byte. *outlen gets the decoded length. */
static char *decode(struct arena *a, const char *s, size_t n, bool plus_space, size_t *outlen)
{
	char *out = arena_alloc(a, n + 1);
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			int hi, lo;
			if (i + 2 >= n)
				return NULL;
			hi = hexval(s[i + 1]);
			lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				return NULL;
			c = (char)(hi * 16 + lo);
			i += 2;
		} else if (c == '+' && plus_space) {
			c = ' ';
		}
		if (c == '\0')
			return NULL;
		out[o++] = c;
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

bool request_parse_uri(struct request *req, const char *uri, char *msg, size_t msglen)
{
	const char *q, *p;
	size_t pathlen, nsegs = 0;
	struct strbuf joined;
	bool ok = false;

	strbuf_init(&joined, 0);
	if (!uri || uri[0] != '/') {
		snprintf(msg, msglen, "The address must start with a slash.");
		goto out;
	}
	q = strchr(uri, '?');
	pathlen = q ? (size_t)(q - uri) : strlen(uri);
	req->query = q ? arena_strdup(&req->arena, q + 1) : "";
	req->segs = arena_alloc(&req->arena, sizeof(char *) * PATH_SEGS_MAX);
	p = uri + 1;
	while (p < uri + pathlen) {
		const char *end = memchr(p, '/', (size_t)(uri + pathlen - p));
		size_t rawlen = end ? (size_t)(end - p) : (size_t)(uri + pathlen - p);
		size_t len;
		char *seg = decode(&req->arena, p, rawlen, false, &len);
		if (!seg || !utf8_valid_text(seg, len) || strchr(seg, '/') || strchr(seg, '\\') ||
		    memchr(seg, '\t', len) || memchr(seg, '\n', len) || memchr(seg, '\r', len)) {
			snprintf(msg, msglen, "The address is not well formed.");
			goto out;
		}
		if (nsegs == PATH_SEGS_MAX) {
			snprintf(msg, msglen, "The address has too many parts.");
			goto out;
		}
		req->segs[nsegs++] = seg;
		strbuf_addc(&joined, '/');
		strbuf_adds(&joined, seg);
		if (!end)
			break;
		p = end + 1;
		if (p == uri + pathlen) { /* trailing slash: an empty last segment */
			if (nsegs == PATH_SEGS_MAX) {
				snprintf(msg, msglen, "The address has too many parts.");
				goto out;
			}
			req->segs[nsegs++] = arena_strdup(&req->arena, "");
			strbuf_addc(&joined, '/');
		}
	}
	req->nsegs = nsegs;
	req->path = arena_strdup(&req->arena, joined.len ? strbuf_str(&joined) : "/");
	ok = true;
out:
	strbuf_release(&joined);
	return ok;
}

/* ---- parameters */

static bool name_is_plain(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		      *s == '-'))
			return false;
	return true;
}

static int spec_index(const struct route *r, const char *name)
{
	for (size_t i = 0; r && i < r->nparams; i++)
		if (strcmp(r->params[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* The family (param_spec.many) whose prefix starts name, or -1. */
static int family_index(const struct route *r, const char *name)
{
	for (size_t i = 0; r && i < r->nparams; i++) {
		size_t n = strlen(r->params[i].name);
		if (r->params[i].many > 0 && !r->params[i].in_path &&
		    strncmp(r->params[i].name, name, n) == 0 && name[n])
			return (int)i;
	}
	return -1;
}

/* How many fields a request of route r may send: the default plus its families,
 * never more than the hard maximum. */
static int params_limit(const struct route *r)
{
	int64_t n = PARAMS_DEFAULT_MAX;

	for (size_t i = 0; r && i < r->nparams; i++)
		if (r->params[i].many > 0)
			n += r->params[i].many;
	return n > PARAMS_HARD_MAX ? PARAMS_HARD_MAX : (int)n;
}

static bool parse_int(const char *s, int64_t *out)
{
	int64_t v = 0;
	bool neg = false;
	if (*s == '-') {
		neg = true;
		s++;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		if (v > (INT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (*s - '0');
	}
	*out = neg ? -v : v;
	return true;
}

/* Validates one raw value against its spec into val. False with msg set. */
static bool check_value(const struct param_spec *sp, const char *raw, size_t rawlen,
			struct param_value *val, char *msg, size_t msglen)
{
	int max = sp->max_len;
	size_t chars;

	if (!utf8_valid_text(raw, rawlen)) {
		snprintf(msg, msglen, "The parameter \"%s\" is not valid text.", sp->name);
		return false;
	}
	chars = utf8_length(raw, rawlen);
	if (max <= 0)
		max = sp->type == PARAM_INT  ? INT_DEFAULT_MAX :
		      sp->type == PARAM_DATE ? 10 :
					       TEXT_DEFAULT_MAX;
	if (chars > (size_t)max || rawlen > (size_t)max * 4) {
		snprintf(msg, msglen, "The parameter \"%s\" is too long: at most %d characters.",
			 sp->name, max);
		return false;
	}
	val->present = true;
	val->text = raw;
	switch (sp->type) {
	case PARAM_TEXT:
		return true;
	case PARAM_INT:
		if (!parse_int(raw, &val->i)) {
			snprintf(msg, msglen, "The parameter \"%s\" must be a whole number.",
				 sp->name);
			return false;
		}
		if (sp->min < sp->max && (val->i < sp->min || val->i > sp->max)) {
			snprintf(msg, msglen,
				 "The parameter \"%s\" must be between %" PRId64 " and %" PRId64
				 ".",
				 sp->name, sp->min, sp->max);
			return false;
		}
		return true;
	case PARAM_DATE:
		if (!date_parse_iso(raw, &val->d) && !date_parse_dmy(raw, &val->d)) {
			snprintf(msg, msglen, "The parameter \"%s\" must be a date (dd/mm/yyyy).",
				 sp->name);
			return false;
		}
		return true;
	case PARAM_BOOL:
		if (!strcmp(raw, "on") || !strcmp(raw, "1") || !strcmp(raw, "true") ||
		    !strcmp(raw, "yes")) {
			val->b = true;
			return true;
		}
		if (!*raw || !strcmp(raw, "0") || !strcmp(raw, "false") || !strcmp(raw, "no")) {
			val->b = false;
			return true;
		}
		snprintf(msg, msglen, "The parameter \"%s\" must be yes or no.", sp->name);
		return false;
	case PARAM_ENUM:
		for (int i = 0; sp->choices && sp->choices[i]; i++) {
			if (strcmp(raw, sp->choices[i]) == 0) {
				val->choice = i;
				return true;
			}
		}
		snprintf(msg, msglen, "The parameter \"%s\" is not one of the allowed values.",
			 sp->name);
		return false;
	case PARAM__MAX:
		break;
	}
	BUG("param type");
}

/* Adds one field named name to the family idx. False with msg set. */
static bool family_add(struct request *req, int idx, const char *name, const char *value,
		       size_t vlen, char *msg, size_t msglen)
{
	const struct param_spec *sp = &req->route->params[idx];
	struct param_value *pv = &req->params[idx];
	struct param_value one = { 0 };
	struct param_spec named;

	for (size_t k = 0; k < pv->nfields; k++) {
		if (strcmp(pv->fields[k].name, name) == 0) {
			snprintf(msg, msglen, "The field \"%s\" was given more than once.", name);
			return false;
		}
	}
	if (pv->nfields >= (size_t)sp->many) {
		snprintf(msg, msglen,
			 "The form sent more than %d entries at once, more than this page "
			 "takes: save the list in smaller parts.",
			 sp->many);
		return false;
	}
	named = *sp;
	named.name = name;
	if (!check_value(&named, value, vlen, &one, msg, msglen))
		return false;
	if (!pv->fields)
		pv->fields = arena_alloc(&req->arena, sizeof(*pv->fields) * (size_t)sp->many);
	pv->fields[pv->nfields].name = name;
	pv->fields[pv->nfields].rest = name + strlen(sp->name);
	pv->fields[pv->nfields].text = one.text;
	pv->nfields++;
	pv->present = true;
	return true;
}

/* Parses "a=1&b=2" (query string or form body) into the declared params. */
static bool parse_pairs(struct request *req, const char *s, size_t n, bool is_form, int *count,
			char *msg, size_t msglen)
{
	const struct route *r = req->route;
	char unknown[160] = ""; /* names of undeclared parameters, all named in one answer */
	int nunknown = 0;
	size_t i = 0;

	while (i < n) {
		const char *amp = memchr(s + i, '&', n - i);
		size_t end = amp ? (size_t)(amp - s) : n;
		const char *eq = memchr(s + i, '=', end - i);
		size_t nlen = eq ? (size_t)(eq - (s + i)) : end - i;
		size_t namelen, vlen;
		char *name, *value;
		int idx;

		if (end == i) { /* empty piece, as in "a=1&&b=2" */
			i = end + 1;
			continue;
		}
		if (++*count > params_limit(r)) {
			snprintf(msg, msglen,
				 "The request sent more than %d fields, more than this page "
				 "takes: send fewer at a time.",
				 params_limit(r));
			return false;
		}
		if (nlen > PARAM_NAME_MAX * 3) {
			snprintf(msg, msglen, "This page does not take a parameter of that name.");
			return false;
		}
		name = decode(&req->arena, s + i, nlen, true, &namelen);
		value = eq ? decode(&req->arena, eq + 1, end - (size_t)(eq + 1 - s), true, &vlen) :
			     arena_strdup(&req->arena, "");
		if (!eq)
			vlen = 0;
		if (!name || !value) {
			snprintf(msg, msglen, "A parameter is not well formed.");
			return false;
		}
		if (!name_is_plain(name) || namelen > PARAM_NAME_MAX) {
			snprintf(msg, msglen, "This page does not take a parameter of that name.");
			return false;
		}
		if (is_form && strcmp(name, "csrf") == 0 &&
		    http_method_changes_state(req->method)) {
			if (req->csrf_sent) {
				snprintf(msg, msglen,
					 "The parameter \"csrf\" was given more than once.");
				return false;
			}
			req->csrf_sent = value;
			i = end + 1;
			continue;
		}
		idx = spec_index(r, name);
		if (idx < 0 && is_form && (idx = family_index(r, name)) >= 0) {
			if (!family_add(req, idx, name, value, vlen, msg, msglen))
				return false;
			i = end + 1;
			continue;
		}
		if (idx < 0 || r->params[idx].in_path || r->params[idx].many > 0) {
			size_t used = strlen(unknown);
			snprintf(unknown + used, sizeof(unknown) - used, "%s\"%s\"",
				 nunknown ? ", " : "", name);
			nunknown++;
			i = end + 1;
			continue;
		}
		if (req->params[idx].present) {
			snprintf(msg, msglen, "The parameter \"%s\" was given more than once.",
				 name);
			return false;
		}
		if (!check_value(&r->params[idx], value, vlen, &req->params[idx], msg, msglen))
			return false;
		i = end + 1;
	}
	if (nunknown) {
		snprintf(msg, msglen, "This page does not take %s called %s.",
			 nunknown == 1 ? "a parameter" : "the parameters", unknown);
		return false;
	}
	return true;
}

/* The raw value of the route's ":name" segment in the path, NULL when the
 * route has none. */
const char *request_path_segment(const struct request *req, const char *name)
{
	const char *p = req->route ? req->route->pattern : "";
	size_t seg = 0, n = strlen(name);

	while (*p == '/') {
		const char *start = ++p;
		const char *end = strchr(start, '/');
		size_t len = end ? (size_t)(end - start) : strlen(start);
		if (len == n + 1 && start[0] == ':' && memcmp(start + 1, name, n) == 0)
			return seg < req->nsegs ? req->segs[seg] : NULL;
		seg++;
		p = start + len;
	}
	return NULL;
}

bool request_query_raw(const struct request *req, const char *name, char *buf, size_t cap)
{
	size_t n = strlen(name);

	for (const char *p = req->query; *p; p += strcspn(p, "&"), p += *p == '&') {
		size_t len;
		if (strncmp(p, name, n) != 0 || p[n] != '=')
			continue;
		len = strcspn(p + n + 1, "&");
		if (len >= cap)
			return false;
		memcpy(buf, p + n + 1, len);
		buf[len] = '\0';
		return true;
	}
	return false;
}

/* Takes the values of ":name" segments of the route's pattern. */
static bool parse_path_params(struct request *req, char *msg, size_t msglen)
{
	const struct route *r = req->route;
	const char *p = r->pattern;
	size_t seg = 0;

	while (*p == '/') {
		const char *start = ++p;
		const char *end = strchr(start, '/');
		size_t len = end ? (size_t)(end - start) : strlen(start);
		if (len > 1 && start[0] == ':') {
			char name[PARAM_NAME_MAX + 1];
			int idx;
			snprintf(name, sizeof(name), "%.*s", (int)(len - 1), start + 1);
			idx = spec_index(r, name);
			if (idx < 0 || !r->params[idx].in_path || seg >= req->nsegs)
				BUG("route pattern parameter is not declared in_path");
			if (!check_value(&r->params[idx], req->segs[seg], strlen(req->segs[seg]),
					 &req->params[idx], msg, msglen))
				return false;
		}
		seg++;
		p = start + len;
	}
	return true;
}

static bool is_form_type(const char *ct)
{
	static const char form[] = "application/x-www-form-urlencoded";
	size_t n = strlen(form);
	if (!ct || strncasecmp(ct, form, n) != 0)
		return false;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

/* A multipart/form-data body (RF_UPLOAD routes): the one file part goes to
 * req->upload; each plain field is checked exactly as a form field, by handing
 * it to parse_pairs percent-encoded. */
static bool parse_multipart(struct request *req, int *count, char *msg, size_t msglen)
{
	struct multipart_part *parts = NULL;
	size_t n = 0;

	if (!multipart_parse(&req->arena, request_header(req, "Content-Type"), req->body.buf,
			     req->body.len, &parts, &n, msg, msglen))
		return false;
	for (size_t i = 0; i < n; i++) {
		struct strbuf sb;
		bool ok;

		if (parts[i].filename) {
			char *copy;
			struct upload_part *up;
			if (req->upload && !(req->route->flags & RF_UPLOADS)) {
				snprintf(msg, msglen, "Send one file at a time.");
				return false;
			}
			if (!req->uploads)
				req->uploads = arena_alloc(&req->arena, n * sizeof(*req->uploads));
			up = &req->uploads[req->nuploads++];
			up->name = parts[i].filename;
			up->data = parts[i].data;
			up->len = parts[i].len;
			if (req->upload)
				continue;
			copy = arena_alloc(&req->arena, parts[i].len + 1);
			memcpy(copy, parts[i].data, parts[i].len);
			copy[parts[i].len] = '\0';
			req->upload = copy;
			req->upload_len = parts[i].len;
			req->upload_name = parts[i].filename;
			continue;
		}
		strbuf_init(&sb, 0);
		for (const char *s = parts[i].name; *s; s++)
			strbuf_addf(&sb, "%%%02X", (unsigned char)*s);
		strbuf_addc(&sb, '=');
		for (size_t k = 0; k < parts[i].len; k++)
			strbuf_addf(&sb, "%%%02X", (unsigned char)parts[i].data[k]);
		ok = !sb.over &&
		     parse_pairs(req, sb.buf ? sb.buf : "", sb.len, true, count, msg, msglen);
		if (sb.over)
			snprintf(msg, msglen, "A field of the upload is too long.");
		strbuf_release(&sb);
		if (!ok)
			return false;
	}
	return true;
}

static bool is_json_type(const char *ct)
{
	static const char *const types[] = { "application/json", "application/merge-patch+json" };
	for (size_t i = 0; ct && i < ARRAY_SIZE(types); i++) {
		size_t n = strlen(types[i]);
		if (strncasecmp(ct, types[i], n) == 0 &&
		    (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' '))
			return true;
	}
	return false;
}

/* One JSON member as a percent-encoded form pair, appended to the strbuf ctx. */
static bool json_pair(void *ctx, const char *name, const char *value, size_t value_len,
		      enum json_scalar kind, char *msg, size_t msglen)
{
	struct strbuf *sb = ctx;

	(void)kind;
	(void)msg;
	(void)msglen;
	if (sb->len)
		strbuf_addc(sb, '&');
	for (const char *s = name; *s; s++)
		strbuf_addf(sb, "%%%02X", (unsigned char)*s);
	strbuf_addc(sb, '=');
	for (size_t k = 0; k < value_len; k++)
		strbuf_addf(sb, "%%%02X", (unsigned char)value[k]);
	return true;
}

/* A flat JSON object body (RF_JSON routes, issue 4c): every member is checked
 * exactly as a form field, by handing them all to parse_pairs percent-encoded
 * (so that every unknown name is named at once). */
static bool parse_json(struct request *req, int *count, char *msg, size_t msglen)
{
	struct strbuf sb;
	char why[200];
	bool ok;

	strbuf_init(&sb, 0);
	if (!json_read_flat_object(req->body.buf, req->body.len, json_pair, &sb, why,
				   sizeof(why))) {
		snprintf(msg, msglen, "The JSON body is not right: %s.", why);
		strbuf_release(&sb);
		return false;
	}
	ok = parse_pairs(req, sb.buf ? sb.buf : "", sb.len, true, count, msg, msglen);
	strbuf_release(&sb);
	return ok;
}

bool request_parse_params(struct request *req, char *msg, size_t msglen)
{
	const struct route *r = req->route;
	int count = 0;

	if (!r)
		BUG("request_parse_params without a route");
	req->params = arena_alloc(&req->arena, sizeof(*req->params) * (r->nparams + 1));
	for (size_t i = 0; i < r->nparams; i++)
		req->params[i].text = "";
	if (!parse_path_params(req, msg, msglen))
		return false;
	if (!parse_pairs(req, req->query, strlen(req->query), false, &count, msg, msglen))
		return false;
	if (req->body.len && (r->flags & RF_UPLOAD) &&
	    multipart_is_type(request_header(req, "Content-Type"))) {
		if (!parse_multipart(req, &count, msg, msglen))
			return false;
	} else if (req->body.len && (r->flags & RF_JSON) &&
		   is_json_type(request_header(req, "Content-Type"))) {
		if (!parse_json(req, &count, msg, msglen))
			return false;
	} else if (req->body.len) {
		if (!is_form_type(request_header(req, "Content-Type"))) {
			snprintf(msg, msglen, "This page accepts only form data.");
			return false;
		}
		if (!parse_pairs(req, req->body.buf, req->body.len, true, &count, msg, msglen))
			return false;
	}
	for (size_t i = 0; i < r->nparams; i++) {
		if (r->params[i].required && !req->params[i].present) {
			snprintf(msg, msglen, "The parameter \"%s\" is missing.",
				 r->params[i].name);
			return false;
		}
	}
	return true;
}

static const struct param_value *value_of(const struct request *req, const char *name,
					  enum param_type type)
{
	int idx = spec_index(req->route, name);
	if (idx < 0 || !req->params)
		BUG("handler asked for a parameter its route does not declare");
	if (req->route->params[idx].type != type && type != PARAM__MAX)
		BUG("handler asked for a parameter as the wrong type");
	return &req->params[idx];
}

bool request_has(const struct request *req, const char *name)
{
	return value_of(req, name, PARAM__MAX)->present;
}

int64_t request_int(const struct request *req, const char *name)
{
	return value_of(req, name, PARAM_INT)->i;
}

const char *request_text(const struct request *req, const char *name)
{
	return value_of(req, name, PARAM__MAX)->text;
}

bool request_bool(const struct request *req, const char *name)
{
	return value_of(req, name, PARAM_BOOL)->b;
}

struct date request_date(const struct request *req, const char *name)
{
	return value_of(req, name, PARAM_DATE)->d;
}

int request_enum(const struct request *req, const char *name)
{
	const struct param_value *v = value_of(req, name, PARAM_ENUM);
	return v->present ? v->choice : -1;
}

size_t request_fields(const struct request *req, const char *name, const struct param_field **out)
{
	const struct param_value *v = value_of(req, name, PARAM__MAX);
	int idx = spec_index(req->route, name);

	if (req->route->params[idx].many <= 0)
		BUG("handler asked for the fields of a parameter that is not a family");
	*out = v->fields;
	return v->nfields;
}

/* ---- response */

void resp_status(struct request *req, int status)
{
	req->resp.status = status;
}

struct strbuf *resp_body(struct request *req)
{
	return &req->resp.body;
}

void resp_content_type(struct request *req, const char *content_type)
{
	req->resp.content_type = content_type;
}

void resp_header(struct request *req, const char *name, const char *value)
{
	if (strpbrk(value, "\r\n") || strpbrk(name, "\r\n: "))
		BUG("response header with CR/LF");
	if (req->resp.nheaders == RESP_HEADERS_MAX)
		BUG("too many response headers");
	req->resp.headers[req->resp.nheaders].name = name;
	req->resp.headers[req->resp.nheaders].value = arena_strdup(&req->arena, value);
	req->resp.nheaders++;
}

void resp_redirect(struct request *req, const char *local_path)
{
	if (!local_path || local_path[0] != '/' || local_path[1] == '/' || local_path[1] == '\\' ||
	    strpbrk(local_path, "\r\n"))
		local_path = "/";
	req->resp.status = 303;
	resp_header(req, "Location", local_path);
	strbuf_reset(&req->resp.body);
	resp_content_type(req, "text/plain; charset=utf-8");
	strbuf_adds(&req->resp.body, "See other.\n");
}

void resp_text(struct request *req, int status, const char *text)
{
	req->resp.status = status;
	resp_content_type(req, "text/plain; charset=utf-8");
	strbuf_reset(&req->resp.body);
	strbuf_adds(&req->resp.body, text);
}

void resp_json_begin(struct request *req, int status)
{
	req->resp.status = status;
	resp_content_type(req, "application/json; charset=utf-8");
	strbuf_reset(&req->resp.body);
}

void resp_json_error(struct request *req, int status, const char *message)
{
	struct json_write j;
	resp_json_begin(req, status);
	json_write_init(&j, &req->resp.body);
	json_object_begin(&j);
	json_kv_string(&j, "error", message);
	json_object_end(&j);
}

void resp_reset(struct request *req)
{
	size_t kept = 0;
	strbuf_reset(&req->resp.body);
	req->resp.status = 200;
	req->resp.content_type = NULL;
	/* Set-Cookie survives: an error page after a sign-out still clears the cookie. */
	for (size_t i = 0; i < req->resp.nheaders; i++)
		if (strcmp(req->resp.headers[i].name, "Set-Cookie") == 0)
			req->resp.headers[kept++] = req->resp.headers[i];
	req->resp.nheaders = kept;
}
