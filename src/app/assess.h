/*
 * assess: EYFS tracking use cases shared by the pages, the JSON API and the
 * downloads: creating, editing and deleting assessments; writing judgements one
 * cell at a time with an expected version (a stale write is refused with the
 * current cell); the Absent rule of the end-of-year ELGs; flood-filling a column
 * or a row all-or-nothing; the grid with its per-pupil measures (GLD, ELG total
 * from core/measures.h) and the column statistics at its foot; the grid as a
 * sheet for CSV and XLSX.
 *
 * The caller has checked access to the establishment (the route's action);
 * everything here is scoped to it: an assessment or pupil of another
 * establishment is ERR_NOT_FOUND, exactly like a missing one.
 */
#ifndef PT_APP_ASSESS_H
#define PT_APP_ASSESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/framework.h"
#include "core/measures.h"
#include "formats/sheet.h"
#include "store/store.h"

struct app;

enum {
	ASSESS_PUPILS_MAX = 400, /* pupils in one grid */
	ASSESS_NAME_MAX = 80,	 /* characters of an assessment name */
};

/* The year group bit of an assessment (ASSESS_YG_*) for N1, N2, R; 0 otherwise. */
unsigned assess_yg_bit(int year_group);
/* "N1, N2, R" for the bits set. Returns buf. */
char *assess_yg_label(unsigned bits, char *buf, size_t size);
/* The year group a pupil is taught in during academic year y (the override when
 * set, else the one the date of birth gives). */
int assess_pupil_year_group(const struct pupil *p, int academic_year);
/* Whether the assessment covers the pupil (on roll, in one of its year groups). */
bool assess_covers(const struct assessment *a, const struct pupil *p);

/* The "gone beyond" palette: names stored in judgement.colour. NULL-ended. */
extern const char *const assess_colours[];
/* Whether name is "" or in the palette. */
bool assess_colour_ok(const char *name);

/* What a person fills in to create or edit an assessment. */
struct assess_input {
	const char *name;	/* required, at most ASSESS_NAME_MAX characters */
	struct date date;	/* assessment date (zero = not given) */
	unsigned year_groups;	/* ASSESS_YG_* bits; ELGs: Reception only */
	enum scale_kind kind;	/* SCALE_TRACKING or SCALE_ELG */
	struct date completion; /* ELGs: completion date (required); else ignored */
};

/* ERR_INVALID with a message naming the field ("name: ..."), nothing stored. The
 * academic year is the one of the date (of the completion date for ELGs). */
enum err assess_create(struct app *app, struct store_conn *c, const struct actor *who,
		       const struct establishment *e, const struct assess_input *in,
		       struct assessment *out, struct errbuf *eb);
/* The assessment when it belongs to e; ERR_NOT_FOUND otherwise. */
enum err assess_get(struct store_conn *c, const struct establishment *e, int64_t id,
		    struct assessment *out);
/* Edits name, date, year groups and completion date (the kind stays); version is
 * the one the form showed (ERR_CONFLICT when stale). */
enum err assess_update(struct app *app, struct store_conn *c, const struct actor *who,
		       const struct establishment *e, int64_t id, int64_t version,
		       const struct assess_input *in, struct assessment *out, struct errbuf *eb);
/* Deletes an assessment with its judgements and notes. When it holds judgements
 * and confirmed is false: ERR_CONFLICT asking for confirmation, nothing deleted.
 * Submitted (locked) data is never deleted: ERR_LOCKED. */
enum err assess_delete(struct app *app, struct store_conn *c, const struct actor *who,
		       const struct establishment *e, int64_t id, bool confirmed,
		       struct errbuf *eb);

/* One cell write as the grid or the API sends it. */
struct assess_cell_write {
	int64_t pupil_id;   /* whose */
	enum elg elg;	    /* which column */
	const char *value;  /* as typed: label, key letter (B, O, E, X, A) or CTF code; "" blank */
	const char *colour; /* "gone beyond" colour; NULL = keep */
	const char *note;   /* the cell's note; NULL = keep */
	int64_t version;    /* the version the writer saw (0 = never written) */
};

/* The cells a write changed: one, or the whole row when the Absent rule applied. */
struct assess_written {
	size_t n;			  /* cells in cells[] */
	struct judgement cells[ELG__MAX]; /* as stored now, with their new versions */
	struct judgement current;	  /* ERR_CONFLICT: the stored cell that was stale */
};

/* Writes one cell in one transaction (audited old -> new). ELGs: Absent in any
 * cell makes all 17 Absent; changing a cell of an absent row away from Absent
 * clears the row's other Absent cells (a child is Absent throughout or not at
 * all). ERR_INVALID for a value not on the scale, a colour not in the palette or
 * on anything but On track, a pupil outside the assessment's year groups;
 * ERR_NOT_FOUND for a pupil of another establishment; ERR_CONFLICT when the cell
 * changed since version (out->current is then the stored cell). */
enum err assess_set_cell(struct app *app, struct store_conn *c, const struct actor *who,
			 const struct establishment *e, const struct assessment *a,
			 const struct assess_cell_write *w, struct assess_written *out,
			 struct errbuf *eb);

/* A version a client saw, for flood-fill. */
struct assess_known {
	int64_t pupil_id;
	enum elg elg;
	int64_t version;
};

struct pupil_filter; /* core/pupil_filter.h */
struct assess_fill {
	bool row;	   /* true: the 17 cells of pupil_id; false: column elg */
	int64_t pupil_id;  /* row fill */
	enum elg elg;	   /* column fill */
	const char *value; /* as in assess_cell_write */
	/* When known is not NULL, every target cell's stored version must equal the
	 * listed one (0 when not listed), else ERR_CONFLICT and nothing is written.
	 * A column fill then writes exactly the pupils listed (the rows the writer
	 * sees), each listed once and for column elg only. */
	const struct assess_known *known;
	size_t nknown;
	/* Column fill without known: the pupil characteristics filter of the
	 * grid the writer sees; NULL = every pupil the assessment covers. */
	const struct pupil_filter *filter;
};

/* Fills a column or a row in one transaction: all cells or none. A column fill
 * writes the pupils the writer sees (see known and filter), never a hidden
 * one; a listed pupil the assessment does not cover is refused (ERR_INVALID, or
 * ERR_NOT_FOUND for another school's), nothing written. *cells (caller frees)
 * gets every cell written. */
enum err assess_fill(struct app *app, struct store_conn *c, const struct actor *who,
		     const struct establishment *e, const struct assessment *a,
		     const struct assess_fill *f, struct judgement **cells, size_t *ncells,
		     struct judgement *conflict, struct errbuf *eb);

/* ERR_LOCKED ("The early learning goals were submitted on DATE; ask your LA to
 * unlock them") when a is an end-of-year ELG assessment and its school's EYFS
 * profile of a's academic year is submitted; ERR_OK otherwise. assess_set_cell,
 * assess_fill, assess_set_cells and assess_delete refuse locked data with it. */
enum err assess_locked(struct store_conn *c, const struct assessment *a, struct errbuf *eb);
/* assess_locked inside the writer's transaction: the submission state is held
 * until the transaction ends (PostgreSQL), so a submit waits for the write. */
enum err assess_locked_hold(struct store_conn *c, const struct assessment *a, struct errbuf *eb);

enum { ASSESS_BATCH_MAX = 4000 }; /* changes in one batch */

/* One refused change of a batch. */
struct assess_problem {
	size_t index;		  /* of the change in the batch, from 0 */
	enum err code;		  /* ERR_INVALID, ERR_NOT_FOUND (pupil) or ERR_CONFLICT */
	char msg[256];		  /* what is wrong and what to do */
	struct judgement current; /* ERR_CONFLICT: the cell as stored */
};

/* Writes a batch of cells (each with the version the writer saw) in one
 * transaction: all or nothing. Every change is checked first as in
 * assess_set_cell (value, colour, note, pupil of this school and year group) and
 * a cell may appear once; versions are compared with the cells as they were
 * before the batch. On any refusal *problems (caller frees) lists each refused
 * change and the result is ERR_INVALID (ERR_CONFLICT when only versions were
 * stale); nothing is written. ERR_LOCKED for submitted ELGs, ERR_TOO_BIG over
 * ASSESS_BATCH_MAX. *cells (caller frees) gets every cell written. */
enum err assess_set_cells(struct app *app, struct store_conn *c, const struct actor *who,
			  const struct establishment *e, const struct assessment *a,
			  const struct assess_cell_write *w, size_t n, struct judgement **cells,
			  size_t *ncells, struct assess_problem **problems, size_t *nproblems,
			  struct errbuf *eb);

/* The per-pupil Notes column. ERR_CONFLICT when stale (current set). */
enum err assess_set_note(struct app *app, struct store_conn *c, const struct actor *who,
			 const struct establishment *e, const struct assessment *a,
			 int64_t pupil_id, const char *note, int64_t version,
			 struct assessment_note *out, struct errbuf *eb);

/* ---- the grid */

struct assess_row {
	struct pupil pupil;		       /* the row's pupil */
	struct judgement_cell cells[ELG__MAX]; /* version 0 for cells never written */
	struct assessment_note note;	       /* the Notes column */
	struct elg_measures m;		       /* ELG assessments: GLD, total */
};

/* The statistics of one column over the pupils shown and included in data:
 * THE column rule of core/report.h (struct report_column), which the screen,
 * the downloads, the Full Report and a save's answer all use. */
struct assess_column {
	int judged;   /* included pupils with a value in this column */
	int count[4]; /* included pupils per value index (0 = blank) */
	int pupils;   /* the denominator: pupils included (= the grid's included) */
};
struct report_column;
/* Copies the figures of the core rule into col. */
void assess_column_from(struct assess_column *col, const struct report_column *fig);

struct assess_grid {
	struct assessment a;		    /* the assessment */
	struct assess_row *rows;	    /* pupils it covers, by surname, forenames */
	size_t nrows;			    /* count of rows */
	int included;			    /* rows with include in data = Yes */
	struct assess_column col[ELG__MAX]; /* foot statistics */
	struct assess_column gld;	    /* ELGs: the Good Level of Development column
					       (report_gld_value): count[2] Yes, [1] No */
	struct elg_cohort cohort;	    /* ELGs: the included rows (core/measures.h) */
	int total_count;		    /* included rows with a complete total (not absent) */
	long total_sum;			    /* sum of their ELG totals */
	bool locked;			    /* submitted ELGs: read-only (see assess_locked) */
	char *notes;			    /* the text the cells' notes point into */
	char locked_msg[512];		    /* locked: why, for the screen */
};

/* Loads the grid of assessment id of e (ERR_NOT_FOUND otherwise) as of today.
 * Free with assess_grid_free. */
enum err assess_grid_load(struct app *app, struct store_conn *c, const struct establishment *e,
			  int64_t id, struct assess_grid *out);
/* As assess_grid_load without what only the screen shows (the Notes column, the
 * locked message) and with only the cells' values (versions 0, no colour, note or
 * writer): the measures and statistics, for the answer to a write. */
enum err assess_grid_load_cells(struct store_conn *c, const struct establishment *e, int64_t id,
				struct assess_grid *out);
/* The pupils the grid of a covers, as the screen reads them (kept in memory at
 * e's pupils_version): read before a write for the figures after it
 * (assess_write_stats), since a connection that has written reads everything
 * from the database again. Caller frees *out. */
enum err assess_grid_pupils(struct store_conn *c, const struct establishment *e,
			    const struct assessment *a, struct pupil **out, size_t *n);
/* As assess_grid_load_cells for a, read already (ERR_NOT_FOUND unless it is
 * e's), over pupils[0..n) (assess_grid_pupils) instead of reading them. */
enum err assess_grid_load_values(struct store_conn *c, const struct establishment *e,
				 const struct assessment *a, const struct pupil *pupils, size_t n,
				 struct assess_grid *out);
/* The grid screen's load (issue 5e): as assess_grid_load for a, read already
 * (ERR_NOT_FOUND unless it is e's), without the cells' writers (updated_by
 * ""), which the screen does not show. */
enum err assess_grid_load_screen(struct store_conn *c, const struct establishment *e,
				 const struct assessment *a, struct assess_grid *out);
void assess_grid_free(struct assess_grid *g);
struct pupil_filter; /* core/pupil_filter.h */
/* Keeps the rows whose pupil passes f (the pupil characteristics filter) and
 * recomputes the statistics over them. */
void assess_grid_filter(struct assess_grid *g, const struct pupil_filter *f);
/* Percentage with two decimals ("2.78") of count over the included pupils, or
 * "" when none is included (report_percent). Returns buf. */
char *assess_percent(const struct assess_grid *g, int count, char *buf, size_t size);
/* The same for value v of a column (report_column_percent). Returns buf. */
char *assess_column_percent(const struct assess_column *col, int v, char *buf, size_t size);
/* The average ELG total score with two decimals, "" when no total is complete:
 * over the included pupils assessed (all 17 judged, not absent), as the Full
 * Report's "Average total score". */
char *assess_average_total(const struct assess_grid *g, char *buf, size_t size);

/* What a write answers with besides its cells (issue 5d): the statistics of the
 * columns it changed and the measures of the rows it changed, over the pupils
 * the grid covers and the filter keeps. They are the screen's own figures
 * (assess_grid_load + assess_grid_filter), counted by the same code from the
 * cells' values as stored (one packed row per pupil). */
struct assess_write_row {
	int64_t pupil_id;      /* a pupil who owns a written cell and passes the filter */
	struct elg_measures m; /* ELG assessments: GLD, total; zero for tracking */
};
struct assess_write_stats {
	struct assess_grid g;	       /* included, col[] of `columns`, total_count,
					  total_sum (ELGs, every included row); no rows */
	size_t displayed;	       /* pupils the grid shows (filter applied) */
	unsigned columns;	       /* bit per ELG written: those g.col[] are set */
	struct assess_write_row *rows; /* in the order of the written cells */
	size_t nrows;
};
/* The figures after cells[0..n) of assessment a (of e) were written; f may be
 * NULL (every pupil). covered[0..ncovered): the grid's pupils as
 * assess_grid_pupils read them before the write, or NULL to read them now.
 * Free with assess_write_stats_free. */
enum err assess_write_stats(struct store_conn *c, const struct establishment *e,
			    const struct assessment *a, const struct pupil_filter *f,
			    const struct pupil *covered, size_t ncovered,
			    const struct judgement *cells, size_t n,
			    struct assess_write_stats *out);
void assess_write_stats_free(struct assess_write_stats *s);

/* Fill colours of the downloads and the screen (0xRRGGBB). */
enum { ASSESS_FILL_YES = 0xC6EFCE, ASSESS_FILL_NO = 0xFFC7CE, ASSESS_FILL_HEAD = 0xE7E6E6 };
/* The RGB of a palette colour name, 0 for "" or unknown. */
uint32_t assess_colour_rgb(const char *name);

/* The grid as a sheet (two header rows, one row per pupil, foot statistics):
 * what the CSV and XLSX downloads write. Free with assess_sheet_free. */
struct assess_sheet {
	struct sheet s; /* cells point into texts */
	char **texts;	/* owned copies */
	size_t ntexts;	/* used */
	size_t cap;	/* allocated */
};
/* The optional columns and the file a sheet is for: what the grid page's view
 * menu shows ("Screen data"); all zero gives the plain columns. */
struct assess_sheet_opts {
	bool chars; /* Gender, SEN, EAL, PP, Disadvantaged after Include in data */
	/* NULL, or the school's names of its custom fields: a Yes/No column each
	 * after the characteristics, headed with those names */
	const struct estab_profile *custom;
	/* the sheet goes to CSV, which has no comments: a running ELG total (a row
	 * being filled in) is the text "13 (12 of 17 judged so far)" instead of the
	 * number 13 with that comment */
	bool csv;
};
/* opts may be NULL (the plain columns, for XLSX). */
void assess_grid_sheet(const struct assess_grid *g, const struct assess_sheet_opts *opts,
		       struct assess_sheet *out);
/* Keeps the rows of pupils taught in year_group (YEAR_N1, YEAR_N2, YEAR_R) in the
 * grid's academic year and recomputes the statistics over them. */
void assess_grid_keep_year(struct assess_grid *g, int year_group);
/* Several grids one under another for one download: before each a title row
 * (titles[i]), then its sheet (headings, pupils, foot statistics), a blank row
 * between. n = 0 gives a sheet that says there is nothing to download. */
void assess_grids_sheet(const struct assess_grid *g, const char *const *titles, size_t n,
			const struct assess_sheet_opts *opts, struct assess_sheet *out);
void assess_sheet_free(struct assess_sheet *s);

/* assess_demo.c: the demo assessments and judgements of an establishment's
 * Reception class in academic year y, inside the caller's transaction; nothing
 * when it has assessments in y already. */
enum err assess_demo_load(struct store_conn *c, const struct actor *who,
			  const struct establishment *e, int y, struct errbuf *eb);

#endif
