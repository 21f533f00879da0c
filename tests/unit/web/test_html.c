/*
 * test_html: the escaping HTML writer: text and attribute escaping, invalid
 * UTF-8 and controls, URL arguments, the link filter, form fields.
 */
#include <string.h>

#include "testutil/testutil.h"
#include "web/html.h"

static void check_text(const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	html_text(&sb, in);
	assert_string_equal(strbuf_str(&sb), want);
	strbuf_release(&sb);
}

static void test_text(void **state)
{
	(void)state;
	check_text("<script>alert('x')</script>",
		   "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	check_text("a & b \"c\"", "a &amp; b &quot;c&quot;");
	check_text("Zo\xc3\xab", "Zo\xc3\xab");
	check_text("bad\xff"
		   "byte",
		   "bad\xef\xbf\xbd"
		   "byte");
	check_text("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	check_text("tab\tnl\nnul-less\x01\x7f", "tab\tnl\nnul-less");
	check_text("", "");
	{
		struct strbuf sb = STRBUF_INIT;
		html_text(&sb, NULL);
		html_text_n(&sb, "x<y", 3);
		assert_string_equal(strbuf_str(&sb), "x&lt;y");
		strbuf_release(&sb);
	}
}

static void test_url_arg(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	html_url_arg(&sb, "a b&c=d/é~_.-");
	assert_string_equal(strbuf_str(&sb), "a%20b%26c%3Dd%2F%C3%A9~_.-");
	strbuf_release(&sb);
}

static void test_open_and_links(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	(void)state;

	html_open(&sb, "a", "href", "/x?a=1&b=2", "class", "q\"", "title", NULL, NULL);
	assert_string_equal(strbuf_str(&sb), "<a href=\"/x?a=1&amp;b=2\" class=\"q&quot;\">");
	strbuf_reset(&sb);
	html_open(&sb, "a", "href", "javascript:alert(1)", NULL);
	assert_string_equal(strbuf_str(&sb), "<a href=\"#\">");
	strbuf_reset(&sb);
	html_open(&sb, "a", "href", "//evil.example/", NULL);
	assert_string_equal(strbuf_str(&sb), "<a href=\"#\">");
	strbuf_reset(&sb);
	html_open(&sb, "img", "src", "data:image/png;base64,xx", NULL);
	assert_string_equal(strbuf_str(&sb), "<img src=\"#\">");
	strbuf_reset(&sb);
	html_open(&sb, "form", "action", "/sign-in", "novalidate", "", NULL);
	assert_string_equal(strbuf_str(&sb), "<form action=\"/sign-in\" novalidate>");
	strbuf_reset(&sb);
	html_open(&sb, "a", "href", "https://www.gov.uk/", NULL);
	html_close(&sb, "a");
	assert_string_equal(strbuf_str(&sb), "<a href=\"https://www.gov.uk/\"></a>");
	strbuf_reset(&sb);
	html_elem(&sb, "p", "<b>");
	assert_string_equal(strbuf_str(&sb), "<p>&lt;b&gt;</p>");
	strbuf_reset(&sb);
	html_csrf_field(&sb, "ab\"cd");
	assert_string_equal(strbuf_str(&sb),
			    "<input type=\"hidden\" name=\"csrf\" value=\"ab&quot;cd\">");
	strbuf_release(&sb);
}

static void test_form_field(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	(void)state;

	html_form_field(&sb, &(struct html_field){ .name = "username",
						   .label = "Username",
						   .value = "\"><script>",
						   .error = "Enter <your> name",
						   .hint = "As given",
						   .required = true,
						   .maxlength = 64 });
	assert_non_null(strstr(strbuf_str(&sb), "<label for=\"f-username\">Username</label>"));
	assert_non_null(strstr(strbuf_str(&sb), "value=\"&quot;&gt;&lt;script&gt;\""));
	assert_non_null(strstr(strbuf_str(&sb), "Enter &lt;your&gt; name"));
	assert_non_null(
		strstr(strbuf_str(&sb), "aria-describedby=\"f-username-hint f-username-error\""));
	assert_non_null(strstr(strbuf_str(&sb), "aria-invalid=\"true\""));
	assert_non_null(strstr(strbuf_str(&sb), "maxlength=\"64\""));
	assert_non_null(strstr(strbuf_str(&sb), " required"));
	assert_null(strstr(strbuf_str(&sb), "<script>"));
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_url_arg),
		cmocka_unit_test(test_open_and_links),
		cmocka_unit_test(test_form_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
