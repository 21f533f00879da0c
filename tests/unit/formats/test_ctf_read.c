/*
 * test_ctf_read: ctf_read_stream, the CTF reader that streams. Every shared
 * fixture gives the same problems (codes, FILE:LINE:COL, messages) from memory,
 * from a file and from a pipe as ctf_read + statutory_check; a generated file of
 * 5,000 pupils through a pipe reaches the sink pupil by pupil while its writer
 * is still writing (the file is not held), with the problems located deep in
 * it exactly as when read whole; the byte cap on a stream and on a file;
 * hostile inputs refused from a file descriptor as from memory; a sink that
 * stops; a Header out of place.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/xalloc.h"
#include "core/statutory.h"
#include "core/upn.h"
#include "formats/ctf_read.h"
#include "testutil/testutil.h"

static struct codes *shipped_codes(void)
{
	char *path = tu_source_path("data/ctf-codes-2025.tsv");
	size_t len = 0;
	char *text = tu_read_file(path, &len);
	struct problem_list pl;
	struct codes *c = NULL;

	assert_non_null(text);
	problem_list_init(&pl);
	assert_int_equal(codes_parse(text, len, path, &c, &pl), ERR_OK);
	problem_list_release(&pl);
	free(text);
	free(path);
	return c;
}

static void print_problems(const char *what, const struct problem_list *pl)
{
	char line[PROBLEM_LINE_MAX];

	fprintf(stderr, "%s: %zu problems\n", what, pl->count);
	for (size_t i = 0; i < pl->count; i++)
		fprintf(stderr, "  %s\n", problem_format_line(&pl->items[i], line));
}

/* ---- where the bytes come from ---- */

enum source { SRC_MEMORY, SRC_FILE, SRC_PIPE, SRC_TRICKLE, SRC__MAX };
static const char *const source_names[] = { "memory", "file", "pipe", "pipe, 1 byte a write" };

/* A child process writing text[len] into a pipe, piece bytes a write; *rfd
 * gets the reading end. */
static pid_t pipe_writer(const char *text, size_t len, size_t piece, int *rfd)
{
	int fds[2];
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		size_t done = 0;
		close(fds[0]);
		signal(SIGPIPE, SIG_DFL);
		while (done < len) {
			size_t n = len - done < piece ? len - done : piece;
			ssize_t w = write(fds[1], text + done, n);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				_exit(1);
			done += (size_t)w;
		}
		_exit(0);
	}
	close(fds[1]);
	*rfd = fds[0];
	return pid;
}

/* A file holding text[len], opened for reading. */
static int temp_file(const char *text, size_t len)
{
	char *dir = tu_temp_dir("ctf_read");
	char path[512];
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "%s/in.xml", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	unlink(path);
	rmdir(dir);
	free(dir);
	return fd;
}

/* ---- a sink running the stream rule engine ---- */

struct run {
	struct stat_stream_check check;
	struct problem_list read_pl, rule_pl; /* the reader's, the rules' */
	size_t pupils, headers;
	size_t stop_at;		/* stop after this many pupils; 0 = never */
	pid_t writer;		/* the pipe's writer, or 0 */
	bool writer_done_first; /* the writer had finished at the first pupil */
	bool writer_reaped;	/* waited for at the first pupil */
	enum err rc;
};

static bool on_header(void *ctx, const struct stat_return *r)
{
	struct run *run = ctx;

	assert_int_equal(r->npupils, 0);
	run->headers++;
	statutory_stream_header(&run->check, r);
	return true;
}

static bool on_pupil(void *ctx, const struct stat_return *r, const struct stat_pupil *p)
{
	struct run *run = ctx;
	int status;

	if (++run->pupils == 1 && run->writer > 0) {
		pid_t w = waitpid(run->writer, &status, WNOHANG);
		run->writer_done_first = w == run->writer;
		run->writer_reaped = w == run->writer;
	}
	statutory_stream_pupil(&run->check, r, p);
	return !(run->stop_at && run->pupils >= run->stop_at);
}

/* Streams text[len] from src into the rule engine. The problems a user sees
 * are the reader's when it failed, else the rules' (as cli_validate_ctf). */
static void run_stream(struct run *run, enum source src, const char *text, size_t len,
		       const char *name, const struct ctf_read_options *opt,
		       const struct codes *codes)
{
	struct ctf_sink sink = { run, on_header, on_pupil };
	struct ctf_input in = { .text = NULL, .len = 0, .fd = -1 };
	struct stat_return end;
	size_t stop_at = run->stop_at;
	int status;

	memset(run, 0, sizeof(*run));
	run->stop_at = stop_at;
	problem_list_init(&run->read_pl);
	problem_list_init(&run->rule_pl);
	statutory_stream_begin(&run->check, codes, NULL, &run->rule_pl);
	if (src == SRC_MEMORY) {
		in.text = text;
		in.len = len;
	} else if (src == SRC_FILE) {
		in.fd = temp_file(text, len);
	} else {
		run->writer = pipe_writer(text, len, src == SRC_TRICKLE ? 1 : 4096, &in.fd);
	}
	run->rc = ctf_read_stream(&in, name, opt, &sink, &run->read_pl);
	if (run->rc == ERR_OK) {
		stat_return_init(&end);
		snprintf(end.source, sizeof(end.source), "%s", name);
		statutory_stream_end(&run->check, &end);
	}
	statutory_stream_release(&run->check);
	if (in.fd >= 0)
		close(in.fd);
	if (run->writer > 0 && !run->writer_reaped)
		assert_int_equal(waitpid(run->writer, &status, 0), run->writer);
}

static const struct problem_list *shown(const struct run *run)
{
	return run->rc == ERR_OK ? &run->rule_pl : &run->read_pl;
}

static void run_release(struct run *run)
{
	problem_list_release(&run->read_pl);
	problem_list_release(&run->rule_pl);
}

/* What ctf_read + statutory_check give: the reference. */
struct whole {
	struct stat_return r;
	struct problem_list pl;
	enum err rc;
};

static void read_whole(struct whole *w, const char *text, size_t len, const char *name,
		       const struct ctf_read_options *opt, const struct codes *codes)
{
	problem_list_init(&w->pl);
	w->rc = ctf_read(text, len, name, opt, &w->r, &w->pl);
	if (w->rc == ERR_OK)
		statutory_check(&w->r, codes, NULL, &w->pl);
}

static void whole_release(struct whole *w)
{
	stat_return_release(&w->r);
	problem_list_release(&w->pl);
}

/* Asserts two problem lists are the same, problem by problem. */
static void assert_same(const char *what, const struct problem_list *want,
			const struct problem_list *got)
{
	bool same = want->count == got->count &&
		    problem_list_count_errors(want) == problem_list_count_errors(got) &&
		    problem_list_count_queries(want) == problem_list_count_queries(got);

	for (size_t i = 0; same && i < want->count; i++)
		same = strcmp(want->items[i].location, got->items[i].location) == 0 &&
		       strcmp(want->items[i].code, got->items[i].code) == 0 &&
		       strcmp(want->items[i].message, got->items[i].message) == 0 &&
		       want->items[i].severity == got->items[i].severity;
	if (!same) {
		fprintf(stderr, "%s differs\n", what);
		print_problems("want", want);
		print_problems("got", got);
	}
	assert_true(same);
}

/* text read every way gives what ctf_read + statutory_check give. */
static void assert_streams_alike(const char *text, size_t len, const char *name,
				 const struct codes *codes, bool trickle)
{
	struct whole w;
	struct run run;
	char what[200];

	read_whole(&w, text, len, name, NULL, codes);
	for (int s = 0; s < SRC__MAX; s++) {
		if (s == SRC_TRICKLE && !trickle)
			continue;
		run.stop_at = 0;
		run_stream(&run, (enum source)s, text, len, name, NULL, codes);
		snprintf(what, sizeof(what), "%s from %s", name, source_names[s]);
		if (run.rc != w.rc)
			fprintf(stderr, "%s: %d, want %d\n", what, run.rc, w.rc);
		assert_int_equal(run.rc, w.rc);
		assert_same(what, &w.pl, shown(&run));
		if (w.rc == ERR_OK)
			assert_int_equal(run.pupils, w.r.npupils);
		run_release(&run);
	}
	whole_release(&w);
}

/* ---- the shared fixtures ---- */

static void fixtures_alike(const char *pattern, size_t *files)
{
	char *pat = tu_shared_path(pattern);
	struct codes *codes = shipped_codes();
	glob_t g;

	assert_int_equal(glob(pat, 0, NULL, &g), 0);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		size_t len = 0;
		char *text = tu_read_file(g.gl_pathv[i], &len);
		const char *name = strrchr(g.gl_pathv[i], '/') + 1;
		assert_non_null(text);
		assert_streams_alike(text, len, name, codes, len < 20000);
		free(text);
		(*files)++;
	}
	globfree(&g);
	free(pat);
	codes_free(codes);
}

static void test_fixtures_every_way(void **state)
{
	size_t files = 0;
	(void)state;

	fixtures_alike("fixtures/ctf/*.xml", &files);
	fixtures_alike("fixtures/ctf/bad/*.xml", &files);
	assert_true(files >= 9);
}

/* ---- a big file through a pipe ---- */

static const char gen_head[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<CTfile>\n"
	"<Header>\n"
	"<DocumentName>Common Transfer File</DocumentName>\n"
	"<CTFversion>25.0</CTFversion>\n"
	"<DateTime>2026-06-19T10:15:00</DateTime>\n"
	"<DocumentQualifier>partial</DocumentQualifier>\n"
	"<SourceSchool><LEA>888</LEA><Estab>1234</Estab><SchoolName>Made-up Primary</SchoolName>"
	"<AcademicYear>2025</AcademicYear></SourceSchool>\n"
	"<DestSchool><LEA>888</LEA><Estab>LLLL</Estab></DestSchool>\n"
	"</Header>\n"
	"<CTFpupilData>\n";

static void add(char **buf, size_t *len, size_t *alloc, const char *s, size_t n)
{
	if (*len + n + 1 > *alloc) {
		while (*len + n + 1 > *alloc)
			*alloc = *alloc ? *alloc * 2 : 65536;
		*buf = xrealloc(*buf, *alloc);
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
}

static void adds(char **buf, size_t *len, size_t *alloc, const char *s)
{
	add(buf, len, alloc, s, strlen(s));
}

/* A made-up forename of letters only for pupil i: "ANNA" + i in letters. */
static char *forename_of(size_t i, char buf[static 32])
{
	size_t n = snprintf(buf, 32, "ANNA");

	do {
		buf[n++] = (char)('A' + i % 26);
		i /= 26;
	} while (i && n < 31);
	buf[n] = '\0';
	return buf;
}

static uint32_t lines_in(const char *s, size_t n)
{
	uint32_t l = 0;

	for (size_t i = 0; i < n; i++)
		l += s[i] == '\n';
	return l;
}

/* A CTF of n Year 1 pupils with a phonics mark each, one element a line as
 * MIS write them. Pupil bad_at (from 1) has a mark of 45 (RESULT_RANGE, its
 * line in *bad_line); pupil dup_at has pupil 2's UPN (UPN_DUPLICATE, its UPN's
 * line in *dup_line). */
static char *make_ctf(size_t n, size_t bad_at, size_t dup_at, uint32_t *bad_line,
		      uint32_t *dup_line, size_t *len)
{
	char *buf = NULL, upn[UPN_LEN + 1], upn2[UPN_LEN + 1], item[1200], name[32];
	size_t alloc = 0;
	uint32_t line = 1;
	int k;

	*len = 0;
	add(&buf, len, &alloc, gen_head, sizeof(gen_head) - 1);
	line += lines_in(gen_head, sizeof(gen_head) - 1);
	assert_true(upn_make(888, 1000, 2024, 2, upn2));
	for (size_t i = 1; i <= n; i++) {
		assert_true(upn_make(888, 1000 + (int)(i / 1000), 2024, (int)(i % 1000), upn));
		if (i == dup_at) {
			memcpy(upn, upn2, sizeof(upn));
			*dup_line = line + 1;
		}
		if (i == bad_at)
			*bad_line = line + 8;
		k = snprintf(item, sizeof(item),
			     "<Pupil>\n"
			     "<UPN>%s</UPN>\n"
			     "<Surname>MADEUP</Surname>\n"
			     "<Forename>%s</Forename>\n"
			     "<DOB>2019-10-01</DOB>\n"
			     "<Sex>F</Sex>\n"
			     "<StageAssessments><KeyStage><Stage>KS1</Stage>\n"
			     "<StageAssessment><Locale>ENG</Locale><Year>2026</Year>"
			     "<Subject>ENG</Subject><Method>TT</Method><Component>PSC</Component>"
			     "<ResultStatus>R</ResultStatus><ResultQualifier>PM</ResultQualifier>\n"
			     "  <Result>%s</Result></StageAssessment>\n"
			     "</KeyStage></StageAssessments>\n"
			     "</Pupil>\n",
			     upn, forename_of(i, name), i == bad_at ? "45" : "32");
		assert_true(k > 0 && (size_t)k < sizeof(item));
		add(&buf, len, &alloc, item, (size_t)k);
		line += lines_in(item, (size_t)k);
	}
	add(&buf, len, &alloc, "</CTFpupilData>\n</CTfile>\n", 26);
	return buf;
}

static void test_big_pipe_streams(void **state)
{
	enum { PUPILS = 5000 };
	struct codes *codes = shipped_codes();
	uint32_t bad_line = 0, dup_line = 0;
	char loc[PROBLEM_LOC_MAX];
	struct whole w;
	struct run run = { 0 };
	size_t len;
	char *text = make_ctf(PUPILS, 4321, 4500, &bad_line, &dup_line, &len);
	const struct problem *p;
	(void)state;

	/* far bigger than the pipe and the reader's window */
	assert_true(len > 2u * 1024 * 1024);
	read_whole(&w, text, len, "big.xml", NULL, codes);
	assert_int_equal(w.rc, ERR_OK);
	run_stream(&run, SRC_PIPE, text, len, "big.xml", NULL, codes);
	assert_int_equal(run.rc, ERR_OK);
	/* every pupil reached the sink, the first while the writer still had
	 * megabytes to write: the reader does not hold the file */
	assert_int_equal(run.pupils, PUPILS);
	assert_int_equal(run.headers, 1);
	assert_false(run.writer_done_first);
	/* the problems deep in the file, located as when it is read whole */
	assert_same("big.xml from a pipe", &w.pl, &run.rule_pl);
	if (run.rule_pl.count != 2)
		print_problems("big.xml", &run.rule_pl);
	assert_int_equal(run.rule_pl.count, 2);
	p = problem_list_find(&run.rule_pl, "RESULT_RANGE");
	assert_non_null(p);
	assert_string_equal(p->location, problem_loc_text(loc, "big.xml", bad_line, 3));
	p = problem_list_find(&run.rule_pl, "UPN_DUPLICATE");
	assert_non_null(p);
	assert_string_equal(p->location, problem_loc_text(loc, "big.xml", dup_line, 1));
	assert_non_null(strstr(p->message, "ANNAC MADEUP"));
	run_release(&run);
	whole_release(&w);
	free(text);
	codes_free(codes);
}

/* Without line breaks (a minified CTF) the columns are still those of each
 * element, from a pipe as from memory; and a long stretch without a located
 * element (megabytes of unknown elements) does not make the reader keep it. */
static void test_window(void **state)
{
	struct codes *codes = shipped_codes();
	uint32_t bad = 0, dup = 0;
	size_t len, plen = 0, palloc = 0, head_len;
	char *text = make_ctf(2000, 1500, 1800, &bad, &dup, &len), *padded = NULL;
	char loc[PROBLEM_LOC_MAX];
	const char *at;
	struct run run = { 0 };
	(void)state;

	/* one line: every line break becomes a space */
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n')
			text[i] = ' ';
	assert_streams_alike(text, len, "flat.xml", codes, false);
	run_stream(&run, SRC_PIPE, text, len, "flat.xml", NULL, codes);
	assert_int_equal(run.rc, ERR_OK);
	at = strstr(text, "<Result>45<");
	assert_non_null(at);
	assert_string_equal(problem_list_find(&run.rule_pl, "RESULT_RANGE")->location,
			    problem_loc_text(loc, "flat.xml", 1, (long)(at - text) + 1));
	run_release(&run);
	free(text);

	/* 6 MB of unknown elements between the header and the pupils */
	text = make_ctf(50, 20, 30, &bad, &dup, &len);
	at = strstr(text, "<CTFpupilData>");
	assert_non_null(at);
	head_len = (size_t)(at - text);
	add(&padded, &plen, &palloc, text, head_len);
	adds(&padded, &plen, &palloc, "<Extra>\n");
	for (int i = 0; i < 400000; i++)
		adds(&padded, &plen, &palloc, "<x>made up</x>\n");
	adds(&padded, &plen, &palloc, "</Extra>\n");
	add(&padded, &plen, &palloc, at, len - head_len);
	assert_true(plen > 5u * 1024 * 1024);
	assert_streams_alike(padded, plen, "padded.xml", codes, false);
	free(padded);
	free(text);
	codes_free(codes);
}

/* ---- the byte cap ---- */

static void test_byte_cap(void **state)
{
	struct codes *codes = shipped_codes();
	struct ctf_read_options cap = { 100 * 1024 };
	uint32_t bad = 0, dup = 0;
	struct run run = { 0 };
	size_t len;
	char *text = make_ctf(2000, 0, 0, &bad, &dup, &len);
	(void)state;

	/* a pipe: refused once the cap is passed, wherever that is */
	run_stream(&run, SRC_PIPE, text, len, "x.xml", &cap, codes);
	assert_int_equal(run.rc, ERR_TOO_BIG);
	assert_int_equal(run.read_pl.count, 1);
	assert_string_equal(run.read_pl.items[0].code, "CTF_TOO_BIG");
	assert_string_equal(run.read_pl.items[0].location, "x.xml");
	assert_non_null(strstr(run.read_pl.items[0].message, "more than 102400 bytes"));
	assert_true(run.pupils < 2000);
	run_release(&run);
	/* a file: refused by its size before a byte is read */
	run_stream(&run, SRC_FILE, text, len, "x.xml", &cap, codes);
	assert_int_equal(run.rc, ERR_TOO_BIG);
	assert_int_equal(run.read_pl.count, 1);
	assert_string_equal(run.read_pl.items[0].code, "CTF_TOO_BIG");
	assert_string_equal(run.read_pl.items[0].location, "x.xml");
	assert_int_equal(run.pupils, 0);
	assert_int_equal(run.headers, 0);
	run_release(&run);
	/* just under the cap: read */
	cap.max_bytes = len;
	run_stream(&run, SRC_PIPE, text, len, "x.xml", &cap, codes);
	assert_int_equal(run.rc, ERR_OK);
	assert_int_equal(run.pupils, 2000);
	run_release(&run);
	free(text);
	codes_free(codes);
}

/* ---- hostile and broken inputs ---- */

struct hostile {
	const char *text;
	const char *code;
	const char *loc; /* NULL: not checked */
};

static void test_hostile_from_fd(void **state)
{
	static const struct hostile cases[] = {
		{ "<?xml version=\"1.0\"?>\n<!DOCTYPE CTfile [\n <!ENTITY a \"aaaa\">\n"
		  " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n]>\n"
		  "<CTfile><Header><SupplierID>&b;</SupplierID></Header></CTfile>\n",
		  "CTF_DOCTYPE", "x.xml:2:1" },
		{ "<?xml version=\"1.0\"?>\n<!-- made up -->\n"
		  "<!DOCTYPE CTfile [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
		  "<CTfile><Header><SupplierID>&x;</SupplierID></Header></CTfile>\n",
		  "CTF_DOCTYPE", "x.xml:3:1" },
		{ "<!DOCTYPE CTfile SYSTEM \"http://127.0.0.1:9/ctf.dtd\"><CTfile/>", "CTF_DOCTYPE",
		  "x.xml:1:1" },
		{ "<?xml version=\"1.0\"?>\n<CTfile>\n<Header><SupplierID>&x;</SupplierID>"
		  "</Header>\n</CTfile>\n",
		  "CTF_ENTITY", NULL },
		{ "<CTfile></CTfile>\n<CTfile></CTfile>\n", "CTF_XML", NULL },
		{ "<?xml version=\"1.0\"?>\n<html><body/></html>\n", "CTF_ROOT", "x.xml:2:1" },
		{ "just some text", "CTF_XML", NULL },
		{ "<?xml version=\"1.0\"?>\n<CTfile>\n<Header>\n<DocumentName>Common", "CTF_XML",
		  NULL },
		{ "<?xml version=\"1.0\"?>\n<CTfile>\n<CTFpupilData>\n<Pupil><UPN>A</UPN></Pupil>\n"
		  "</CTFpupilData>\n<Header>\n</Header>\n</CTfile>\n",
		  "CTF_HEADER", "x.xml:6:1" },
		{ "<CTfile>\n<Header/>\n  <Header/>\n</CTfile>\n", "CTF_HEADER", "x.xml:3:3" },
		{ "", "CTF_XML", "x.xml" },
	};
	static const char utf16[] = "\xff\xfe<\0C\0T\0f\0i\0l\0e\0/\0>\0";
	char deep[2000];
	size_t used = 0;
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int s = 0; s < SRC__MAX; s++) {
			struct run run = { 0 };
			const struct problem_list *pl;
			run_stream(&run, (enum source)s, cases[i].text, strlen(cases[i].text),
				   "x.xml", NULL, NULL);
			pl = &run.read_pl;
			if (pl->count != 1 || strcmp(pl->items[0].code, cases[i].code) != 0 ||
			    (cases[i].loc && strcmp(pl->items[0].location, cases[i].loc) != 0)) {
				fprintf(stderr, "case %zu from %s\n", i, source_names[s]);
				print_problems("got", pl);
			}
			assert_int_equal(run.rc, ERR_INVALID);
			assert_int_equal(pl->count, 1);
			assert_string_equal(pl->items[0].code, cases[i].code);
			if (cases[i].loc)
				assert_string_equal(pl->items[0].location, cases[i].loc);
			run_release(&run);
		}
	}
	/* the same problem from every source */
	assert_streams_alike(utf16, sizeof(utf16) - 1, "x.xml", NULL, true);
	used += (size_t)snprintf(deep + used, sizeof(deep) - used, "<CTfile>\n");
	for (int i = 0; i < CTF_DEPTH_MAX + 5; i++)
		used += (size_t)snprintf(deep + used, sizeof(deep) - used, " <a>");
	assert_streams_alike(deep, used, "x.xml", NULL, true);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_streams_alike(cases[i].text, strlen(cases[i].text), "x.xml", NULL, true);
}

/* A prolog longer than what is read at a time: a DOCTYPE after it is still
 * refused before libxml2 sees it, at its place; without one the file reads. */
static void test_long_prolog(void **state)
{
	static const char tail[] = "<CTfile>\n<Header>\n<DocumentName>Common Transfer File"
				   "</DocumentName>\n</Header>\n</CTfile>\n";
	enum { COMMENT_LINES = 3000 };
	char *text = NULL;
	size_t len = 0, alloc = 0;
	struct run run = { 0 };
	char want[64];
	(void)state;

	adds(&text, &len, &alloc, "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!--");
	for (int i = 0; i < COMMENT_LINES; i++)
		adds(&text, &len, &alloc, " a comment line of some length: - > ?> <!DOCTYPE x\n");
	adds(&text, &len, &alloc, "-->\n<?pi x?>  ");
	assert_true(len > 150000);
	for (int s = 0; s < SRC__MAX; s++) {
		size_t mark = len;
		if (s == SRC_TRICKLE)
			continue; /* 150 KB a byte a write is slow for nothing more */
		adds(&text, &len, &alloc, "<!DOCTYPE CTfile>\n");
		add(&text, &len, &alloc, tail, sizeof(tail) - 1);
		run_stream(&run, (enum source)s, text, len, "x.xml", NULL, NULL);
		assert_int_equal(run.rc, ERR_INVALID);
		assert_int_equal(run.read_pl.count, 1);
		assert_string_equal(run.read_pl.items[0].code, "CTF_DOCTYPE");
		snprintf(want, sizeof(want), "x.xml:%d:11", COMMENT_LINES + 3);
		assert_string_equal(run.read_pl.items[0].location, want);
		run_release(&run);
		len = mark;
		add(&text, &len, &alloc, tail, sizeof(tail) - 1);
		run_stream(&run, (enum source)s, text, len, "x.xml", NULL, NULL);
		if (run.rc != ERR_OK)
			print_problems(source_names[s], &run.read_pl);
		assert_int_equal(run.rc, ERR_OK);
		assert_int_equal(run.headers, 1);
		/* only the missing header fields: the Header is at its line */
		assert_non_null(problem_list_find(&run.rule_pl, "HDR_YEAR"));
		snprintf(want, sizeof(want), "x.xml:%d:1", COMMENT_LINES + 4);
		assert_string_equal(problem_list_find(&run.rule_pl, "HDR_YEAR")->location, want);
		run_release(&run);
		len = mark;
	}
	free(text);
}

/* ---- the sink ---- */

static void test_sink_stops(void **state)
{
	struct codes *codes = shipped_codes();
	uint32_t bad = 0, dup = 0;
	struct run run = { 0 };
	size_t len;
	char *text = make_ctf(500, 0, 0, &bad, &dup, &len);
	(void)state;

	for (int s = 0; s < SRC_TRICKLE; s++) {
		run.stop_at = 3;
		run_stream(&run, (enum source)s, text, len, "x.xml", NULL, codes);
		assert_int_equal(run.rc, ERR_CANCELLED);
		assert_int_equal(run.pupils, 3);
		assert_int_equal(run.read_pl.count, 0);
		run_release(&run);
	}
	free(text);
	codes_free(codes);
}

/* No Header: the pupils are read, HDR_MISSING comes from the rules' end. */
static void test_no_header(void **state)
{
	static const char text[] = "<CTfile>\n<CTFpupilData>\n<Pupil>\n<UPN>A</UPN>\n</Pupil>\n"
				   "</CTFpupilData>\n</CTfile>\n";
	struct codes *codes = shipped_codes();
	struct run run = { 0 };
	(void)state;

	run_stream(&run, SRC_PIPE, text, sizeof(text) - 1, "x.xml", NULL, codes);
	assert_int_equal(run.rc, ERR_OK);
	assert_int_equal(run.headers, 0);
	assert_int_equal(run.pupils, 1);
	assert_non_null(problem_list_find(&run.rule_pl, "HDR_MISSING"));
	assert_string_equal(problem_list_find(&run.rule_pl, "HDR_MISSING")->location, "x.xml");
	run_release(&run);
	assert_streams_alike(text, sizeof(text) - 1, "x.xml", codes, true);
	codes_free(codes);
}

/* Found by fuzz_ctf. An unfinished comment at the end of a file is reported at
 * the same place from memory as from a file or a pipe; a file declaring
 * another encoding (UTF-7 here) is read as the UTF-8 it must be, so a UTF-7
 * "<x>" stays text, and bytes that are not UTF-8 are refused where they are,
 * saying the file must be UTF-8. */
static void test_fuzz_finds(void **state)
{
	static const char comment[] = "<?xml version=\"1.0\"?><!-->MAT</Subj mad<?pider>"
				      "<CTpilct>\n  /Pupil><Pupil><UPN>A</UPN></Pupil>\n"
				      "  </CTFpupilData></CTfile><Pupifile>";
	static const char utf7[] = "<?xml version=\"1.0\" encoding=\"UTF-7\"?>\n<CTfile><Header>"
				   "<DocumentName>+ADw-x+AD4-</DocumentName></Header></CTfile>\n";
	static const char stuck[] = "<?xml version=\"1.0\" encoding=\"UTF-7\"?>\n<CTfile>\n"
				    "<Header><DocumentName>\xfe\xff</DocumentName></Header>\n"
				    "</CTfile>\n<!DOCTYPE x>\n";
	struct codes *codes = shipped_codes();
	struct stat_return r;
	struct problem_list pl;
	(void)state;

	assert_streams_alike(comment, sizeof(comment) - 1, "c.xml", codes, false);

	problem_list_init(&pl);
	assert_int_equal(ctf_read(utf7, sizeof(utf7) - 1, "u.xml", NULL, &r, &pl), ERR_OK);
	assert_string_equal(r.header.document_name.text, "+ADw-x+AD4-");
	stat_return_release(&r);
	problem_list_release(&pl);

	problem_list_init(&pl);
	assert_int_equal(ctf_read(stuck, sizeof(stuck) - 1, "s.xml", NULL, &r, &pl), ERR_INVALID);
	assert_non_null(problem_list_find(&pl, "CTF_ENCODING"));
	assert_string_equal(problem_list_find(&pl, "CTF_ENCODING")->location, "s.xml:3:23");
	assert_non_null(strstr(problem_list_find(&pl, "CTF_ENCODING")->message, "must be UTF-8"));
	stat_return_release(&r);
	problem_list_release(&pl);
	assert_streams_alike(stuck, sizeof(stuck) - 1, "s.xml", codes, true);
	codes_free(codes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures_every_way), cmocka_unit_test(test_big_pipe_streams),
		cmocka_unit_test(test_byte_cap),	   cmocka_unit_test(test_hostile_from_fd),
		cmocka_unit_test(test_long_prolog),	   cmocka_unit_test(test_sink_stops),
		cmocka_unit_test(test_no_header),	   cmocka_unit_test(test_window),
		cmocka_unit_test(test_fuzz_finds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
