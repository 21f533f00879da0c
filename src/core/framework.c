/*
 * framework: the tables of areas, ELGs and judgement scales (see framework.h).
 * Names follow the EYFS statutory framework 2021 as the LA tracker spells them.
 */
#include "core/framework.h"

#include <string.h>
#include <strings.h>

#include "base/xalloc.h"

static const struct area_info areas[] = {
	[AREA_COM] = { "COM", "Communication and Language", true },
	[AREA_PSE] = { "PSE", "Personal, Social and Emotional Development", true },
	[AREA_PHY] = { "PHY", "Physical Development", true },
	[AREA_LIT] = { "LIT", "Literacy", false },
	[AREA_MAT] = { "MAT", "Mathematics", false },
	[AREA_UTW] = { "UTW", "Understanding the World", false },
	[AREA_EXP] = { "EXP", "Expressive Arts and Design", false },
};
_Static_assert(ARRAY_SIZE(areas) == AREA__MAX, "areas covers enum area");

static const struct elg_info elgs[] = {
	[ELG_E01] = { "E01", "Listening, Attention and Understanding", "LAU", AREA_COM, true,
		      true },
	[ELG_E02] = { "E02", "Speaking", "SP", AREA_COM, true, true },
	[ELG_E03] = { "E03", "Self-Regulation", "SR", AREA_PSE, true, true },
	[ELG_E04] = { "E04", "Managing Self", "MS", AREA_PSE, true, true },
	[ELG_E05] = { "E05", "Building Relationships", "BR", AREA_PSE, true, true },
	[ELG_E06] = { "E06", "Gross Motor Skills", "GMS", AREA_PHY, true, true },
	[ELG_E07] = { "E07", "Fine Motor Skills", "FMS", AREA_PHY, true, true },
	[ELG_E08] = { "E08", "Comprehension", "C", AREA_LIT, false, true },
	[ELG_E09] = { "E09", "Word Reading", "WR", AREA_LIT, false, true },
	[ELG_E10] = { "E10", "Writing", "W", AREA_LIT, false, true },
	[ELG_E11] = { "E11", "Number", "N", AREA_MAT, false, true },
	[ELG_E12] = { "E12", "Numerical Patterns", "NP", AREA_MAT, false, true },
	[ELG_E13] = { "E13", "Past and Present", "PP", AREA_UTW, false, false },
	[ELG_E14] = { "E14", "People, Culture and Communities", "PCC", AREA_UTW, false, false },
	[ELG_E15] = { "E15", "The Natural World", "NW", AREA_UTW, false, false },
	[ELG_E16] = { "E16", "Creating with Materials", "CWM", AREA_EXP, false, false },
	[ELG_E17] = { "E17", "Being Imaginative and Expressive", "BIE", AREA_EXP, false, false },
};
_Static_assert(ARRAY_SIZE(elgs) == ELG__MAX, "elgs covers enum elg");

static const struct scale_value track_values[] = {
	[TRACK_BLANK] = { "", ' ', NULL },
	[TRACK_BELOW] = { "Below", 'B', NULL },
	[TRACK_ON_TRACK] = { "On track", 'O', NULL },
};
_Static_assert(ARRAY_SIZE(track_values) == TRACK__MAX, "track_values covers enum track_result");

static const struct scale_value elg_values[] = {
	[ELG_BLANK] = { "", ' ', NULL },
	[ELG_EMERGING] = { "Emerging", 'E', "1" },
	[ELG_EXPECTED] = { "Expected", 'X', "2" },
	[ELG_ABSENT] = { "Absent", 'A', "A" },
};
_Static_assert(ARRAY_SIZE(elg_values) == ELG_RESULT__MAX, "elg_values covers enum elg_result");

static const struct scale scales[] = {
	[SCALE_TRACKING] = { "Tracking", TRACK__MAX, track_values },
	[SCALE_ELG] = { "End of year early learning goals", ELG_RESULT__MAX, elg_values },
};
_Static_assert(ARRAY_SIZE(scales) == SCALE__MAX, "scales covers enum scale_kind");

const struct area_info *area_get(enum area a)
{
	if ((unsigned)a >= AREA__MAX)
		BUG("area_get: no such area");
	return &areas[a];
}

const struct elg_info *elg_get(enum elg e)
{
	if ((unsigned)e >= ELG__MAX)
		BUG("elg_get: no such ELG");
	return &elgs[e];
}

bool area_parse(const char *code, enum area *out)
{
	for (int i = 0; code && i < AREA__MAX; i++) {
		if (strcmp(code, areas[i].code) == 0) {
			*out = (enum area)i;
			return true;
		}
	}
	return false;
}

bool elg_parse(const char *code, enum elg *out)
{
	for (int i = 0; code && i < ELG__MAX; i++) {
		if (strcmp(code, elgs[i].code) == 0) {
			*out = (enum elg)i;
			return true;
		}
	}
	return false;
}

bool elg_parse_short(const char *label, enum elg *out)
{
	for (int i = 0; label && i < ELG__MAX; i++) {
		if (strcasecmp(label, elgs[i].short_label) == 0) {
			*out = (enum elg)i;
			return true;
		}
	}
	return false;
}

const struct scale *scale_get(enum scale_kind k)
{
	if ((unsigned)k >= SCALE__MAX)
		BUG("scale_get: no such scale");
	return &scales[k];
}

int scale_parse(enum scale_kind k, const char *s)
{
	const struct scale *sc = scale_get(k);
	size_t start = 0, end;

	if (!s)
		return -1;
	end = strlen(s);
	while (start < end && s[start] == ' ')
		start++;
	while (end > start && s[end - 1] == ' ')
		end--;
	if (start == end)
		return 0;
	s += start;
	end -= start;
	for (int i = 1; i < sc->count; i++) {
		const struct scale_value *v = &sc->values[i];
		if (strlen(v->label) == end && strncasecmp(s, v->label, end) == 0)
			return i;
		if (end == 1 && (s[0] == v->key || s[0] == v->key - 'A' + 'a'))
			return i;
		if (v->ctf && strlen(v->ctf) == end && strncmp(s, v->ctf, end) == 0)
			return i;
	}
	return -1;
}

const char *elg_result_label(enum elg_result r)
{
	return (unsigned)r < ELG_RESULT__MAX ? elg_values[r].label : "";
}

const char *elg_result_ctf(enum elg_result r)
{
	return (unsigned)r < ELG_RESULT__MAX ? elg_values[r].ctf : NULL;
}

bool elg_result_from_ctf(const char *s, enum elg_result *out)
{
	for (int i = 1; s && i < ELG_RESULT__MAX; i++) {
		if (strcmp(s, elg_values[i].ctf) == 0) {
			*out = (enum elg_result)i;
			return true;
		}
	}
	return false;
}

bool elg_result_parse(const char *s, enum elg_result *out)
{
	int i = scale_parse(SCALE_ELG, s);
	if (i < 0)
		return false;
	*out = (enum elg_result)i;
	return true;
}

const char *track_result_label(enum track_result r)
{
	return (unsigned)r < TRACK__MAX ? track_values[r].label : "";
}

bool track_result_parse(const char *s, enum track_result *out)
{
	int i = scale_parse(SCALE_TRACKING, s);
	if (i < 0)
		return false;
	*out = (enum track_result)i;
	return true;
}
