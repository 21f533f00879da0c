/*
 * static: serves web/static (see static.h). The request path is checked segment
 * by segment, then the resolved real path must be exactly the static root plus
 * that path, which rules out symlinks anywhere on the way.
 */
#include "web/static.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"
#include "base/xalloc.h"
#include "web/dispatch.h"
#include "web/server.h"

enum { STATIC_FILE_MAX = 4 * 1024 * 1024 };

static const struct {
	const char *ext;
	const char *type;
} types[] = {
	{ ".css", "text/css; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".woff2", "font/woff2" },
	{ ".txt", "text/plain; charset=utf-8" },
};

static const char *type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return NULL;
}

/* Letters, digits, '-', '_' and '.', not starting with '.'. */
static bool segment_ok(const char *s)
{
	if (!*s || *s == '.' || strlen(s) > 100)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.'))
			return false;
	return true;
}

void static_get(struct request *req)
{
	struct strbuf rel = STRBUF_INIT;
	char *root = NULL, *full = NULL, *real = NULL;
	const char *type = NULL;
	struct stat st;
	int fd = -1;

	/* segs[0] is "static". */
	if (req->nsegs < 2)
		goto out;
	for (size_t i = 1; i < req->nsegs; i++) {
		if (!segment_ok(req->segs[i]))
			goto out;
		strbuf_addc(&rel, '/');
		strbuf_adds(&rel, req->segs[i]);
	}
	type = type_of(req->segs[req->nsegs - 1]);
	if (!type)
		goto out;
	root = realpath(req->opts->static_dir, NULL);
	if (!root)
		goto out;
	{
		struct strbuf f = STRBUF_INIT;
		strbuf_adds(&f, root);
		strbuf_adds(&f, strbuf_str(&rel));
		full = strbuf_detach(&f, NULL);
	}
	real = realpath(full, NULL);
	if (!real || strcmp(real, full) != 0)
		goto out;
	fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > STATIC_FILE_MAX)
		goto out;
	resp_reset(req);
	for (;;) {
		char buf[16384];
		ssize_t got = read(fd, buf, sizeof(buf));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			log_warn("web: cannot read a static file");
			type = NULL;
			break;
		}
		if (got == 0)
			break;
		strbuf_add(resp_body(req), buf, (size_t)got);
	}
	if (type) {
		resp_status(req, 200);
		resp_content_type(req, type);
		req->resp.cacheable = true;
	}
out:
	if (!req->resp.cacheable) {
		resp_reset(req);
		dispatch_error(req, 404, NULL);
	}
	if (fd >= 0)
		close(fd);
	strbuf_release(&rel);
	free(root);
	free(full);
	free(real);
}
