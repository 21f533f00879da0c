/*
 * test_html_fast: the HTML writer's fast paths (issue 5e) escape exactly as the
 * general ones: the table of bytes copied as they are (every byte checked against
 * the rule), pieces (literals, escaped text with escapes at the start and end of
 * runs, numbers, links, a piece that fills up, text longer than a piece), and
 * html_open, html_close and html_elem, which are now written as pieces.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "web/html.h"

/* What html_text must write for the single byte c (the rule of html.h). */
static const char *byte_rule(unsigned char c, char plain[2])
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	case '\t':
		return "\t";
	case '\n':
		return "\n";
	default:
		break;
	}
	if (c < 0x20 || c == 0x7f)
		return ""; /* other controls are dropped */
	if (c >= 0x80)
		return "\xef\xbf\xbd"; /* a byte alone is never UTF-8: U+FFFD */
	plain[0] = (char)c;
	plain[1] = '\0';
	return plain;
}

/* s through html_piece_text, between literals, the piece ended. */
static char *piece_text(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	struct html_piece p;

	html_piece_begin(&p, &sb);
	html_piece_lit(&p, "[");
	html_piece_text(&p, s);
	html_piece_lit(&p, "]");
	html_piece_end(&p);
	return strbuf_detach(&sb, NULL);
}

/* Every byte, alone, at the start, in the middle and at the end of a plain run:
 * the piece writes what the rule says and what html_text writes. */
static void test_every_byte(void **state)
{
	(void)state;
	for (int c = 1; c < 256; c++) {
		char plain[2], in[8], want[64], *got;
		const char *w = byte_rule((unsigned char)c, plain);
		struct strbuf ref = STRBUF_INIT;
		const char *const shapes[][2] = {
			{ "", "" }, { "", "ab" }, { "ab", "cd" }, { "ab", "" }
		};

		for (size_t k = 0; k < sizeof(shapes) / sizeof(shapes[0]); k++) {
			snprintf(in, sizeof(in), "%s%c%s", shapes[k][0], c, shapes[k][1]);
			snprintf(want, sizeof(want), "[%s%s%s]", shapes[k][0], w, shapes[k][1]);
			got = piece_text(in);
			assert_string_equal(got, want);
			free(got);
			strbuf_reset(&ref);
			strbuf_addc(&ref, '[');
			html_text(&ref, in);
			strbuf_addc(&ref, ']');
			assert_string_equal(strbuf_str(&ref), want);
		}
		strbuf_release(&ref);
	}
}

static void test_piece_text(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "", "[]" },
		{ "On track", "[On track]" },
		{ "<b>", "[&lt;b&gt;]" },
		{ "&start", "[&amp;start]" },
		{ "end'", "[end&#39;]" },
		{ "\"both\"", "[&quot;both&quot;]" },
		{ "Zo\xc3\xab", "[Zo\xc3\xab]" },	      /* UTF-8 kept */
		{ "\xc3\xab first", "[\xc3\xab first]" },     /* at the start of the text */
		{ "bad\xff", "[bad\xef\xbf\xbd]" },	      /* malformed at the end */
		{ "\xe2\x82", "[\xef\xbf\xbd\xef\xbf\xbd]" }, /* cut sequence */
		{ "a\x01"
		  "b\x7f"
		  "c",
		  "[abc]" },				  /* controls dropped */
		{ "tab\there\nnl", "[tab\there\nnl]" },	  /* tab and newline kept */
		{ "x\xe2\x80\xa8y", "[x\xe2\x80\xa8y]" }, /* U+2028 is text in HTML */
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = piece_text(cases[i].in);
		assert_string_equal(got, cases[i].want);
		free(got);
	}
	{
		struct strbuf sb = STRBUF_INIT;
		struct html_piece p;
		html_piece_begin(&p, &sb);
		html_piece_text(&p, NULL);
		html_piece_end(&p);
		assert_string_equal(strbuf_str(&sb), "");
		strbuf_release(&sb);
	}
}

static void test_piece_int_and_link(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct html_piece p;
	(void)state;

	html_piece_begin(&p, &sb);
	html_piece_int(&p, 0);
	html_piece_lit(&p, " ");
	html_piece_int(&p, -7);
	html_piece_lit(&p, " ");
	html_piece_int(&p, 1234567);
	html_piece_lit(&p, " ");
	html_piece_int(&p, INT64_MAX);
	html_piece_lit(&p, " ");
	html_piece_int(&p, INT64_MIN);
	html_piece_end(&p);
	assert_string_equal(strbuf_str(&sb),
			    "0 -7 1234567 9223372036854775807 -9223372036854775808");
	strbuf_reset(&sb);
	html_piece_link(&p, "/schools/8881234/pupils/12?a=1&b=2");
	html_piece_lit(&p, "|");
	html_piece_link(&p, "javascript:alert(1)");
	html_piece_lit(&p, "|");
	html_piece_link(&p, "//evil.example/");
	html_piece_lit(&p, "|");
	html_piece_link(&p, "https://www.gov.uk/\"x");
	html_piece_lit(&p, "|");
	html_piece_link(&p, NULL);
	html_piece_end(&p);
	assert_string_equal(strbuf_str(&sb), "/schools/8881234/pupils/12?a=1&amp;b=2|#|#|"
					     "https://www.gov.uk/&quot;x|#");
	strbuf_release(&sb);
}

/* A piece that fills up many times, and a text longer than a piece, give the
 * same bytes as the general writer. */
static void test_piece_long(void **state)
{
	struct strbuf got = STRBUF_INIT, want = STRBUF_INIT;
	struct html_piece p;
	char big[3 * HTML_PIECE_MAX + 10], esc[3 * HTML_PIECE_MAX + 10];
	(void)state;

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(esc, big, sizeof(esc));
	esc[HTML_PIECE_MAX] = '<'; /* an escape in the middle of a long text */
	html_piece_begin(&p, &got);
	for (int i = 0; i < 500; i++) {
		html_piece_lit(&p, "<td class=\"cell v");
		html_piece_int(&p, i % 3);
		html_piece_lit(&p, "\" title=\"");
		html_piece_text(&p, i % 7 ? "plain" : "a&b");
		html_piece_lit(&p, "\">");
		html_piece_text(&p, "On track");
		html_piece_lit(&p, "</td>");
		html_raw_trusted(&want, "<td class=\"cell v");
		html_int(&want, i % 3);
		html_raw_trusted(&want, "\" title=\"");
		html_text(&want, i % 7 ? "plain" : "a&b");
		html_raw_trusted(&want, "\">");
		html_text(&want, "On track");
		html_raw_trusted(&want, "</td>");
	}
	html_piece_text(&p, big);
	html_text(&want, big);
	html_piece_text(&p, esc);
	html_text(&want, esc);
	html_piece_lit(&p, "end");
	html_raw_trusted(&want, "end");
	html_piece_end(&p);
	assert_int_equal(got.len, want.len);
	assert_string_equal(strbuf_str(&got), strbuf_str(&want));
	strbuf_release(&got);
	strbuf_release(&want);
}

/* html_open, html_close and html_elem keep their rules now that they are pieces. */
static void test_open_as_piece(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char value[3000];
	(void)state;

	html_open(&sb, "td", "class", "cell v2 beyond-green", "data-elg", "E01", "data-v", "2",
		  "data-version", "3", "title", NULL, "hidden", "", "data-x", "", NULL);
	assert_string_equal(strbuf_str(&sb), "<td class=\"cell v2 beyond-green\" data-elg=\"E01\" "
					     "data-v=\"2\" data-version=\"3\" hidden data-x=\"\">");
	strbuf_reset(&sb);
	html_open(&sb, "a", "href", "javascript:x", "title", "'<&>\"", NULL);
	html_close(&sb, "a");
	html_elem(&sb, "td", "\"x\" & <y>");
	html_elem(&sb, "td", NULL);
	assert_string_equal(strbuf_str(&sb), "<a href=\"#\" title=\"&#39;&lt;&amp;&gt;&quot;\"></a>"
					     "<td>&quot;x&quot; &amp; &lt;y&gt;</td><td></td>");
	/* an attribute value longer than a piece */
	strbuf_reset(&sb);
	memset(value, 'v', sizeof(value) - 1);
	value[sizeof(value) - 1] = '\0';
	value[0] = '&';
	value[sizeof(value) - 2] = '"';
	html_open(&sb, "p", "title", value, NULL);
	assert_int_equal(sb.len, strlen("<p title=\"\">") + sizeof(value) - 3 + strlen("&amp;") +
					 strlen("&quot;"));
	assert_memory_equal(sb.buf, "<p title=\"&amp;vvv", 18);
	assert_memory_equal(sb.buf + sb.len - 10, "vv&quot;\">", 10);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_byte),	   cmocka_unit_test(test_piece_text),
		cmocka_unit_test(test_piece_int_and_link), cmocka_unit_test(test_piece_long),
		cmocka_unit_test(test_open_as_piece),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
