// pupiltrack: the EYFS judgement grid (loaded on the assessments page only; no
// inline script, the CSP forbids it). The table is a real <table>; this makes its
// judgement cells editable from the keyboard and by touch:
//   arrow keys move; B/O (tracking) or E/X/A (early learning goals) enter a
//   judgement; Delete or Backspace clears; Enter opens the list of values and
//   Escape closes it; Ctrl+Z undoes the last change; a tap opens the list; a tap
//   on Notes (or Enter on it) edits the pupil's note; "Include in data" toggles
//   the pupil's field. On a read-only or locked grid Enter or a tap opens a menu
//   with the cell's history (and its note, to read).
// Every change is saved at once (PUT with the version the cell showed). Each cell
// shows its state: saving, saved, failed (kept, retried by Save now) or conflict
// (someone else changed it: the cell shows their value). The double arrows fill
// a column or a row in one request that the server applies all or nothing.
"use strict";
(function () {
	var KEYS = {
		tracking: { B: 1, O: 2 },
		elg: { E: 1, X: 2, A: 3 }
	};
	var LABELS = {
		tracking: ["", "Below", "On track"],
		elg: ["", "Emerging", "Expected", "Absent"]
	};
	var status = document.querySelector(".grid-status");
	var undo = [];
	var pending = []; // cells whose last change is not saved yet

	function csrf() {
		var f = document.querySelector("input[name=csrf]");
		return f ? f.value : "";
	}

	function say(text) {
		if (status) {
			status.textContent = text;
		}
	}

	// The f_* filter of the page, so the statistics the server returns match it.
	function filterQuery() {
		var out = [];
		var params = new URLSearchParams(window.location.search);
		params.forEach(function (v, k) {
			if (k.indexOf("f_") === 0 && v) {
				out.push(encodeURIComponent(k) + "=" + encodeURIComponent(v));
			}
		});
		return out.length ? "?" + out.join("&") : "";
	}

	function form(obj) {
		return Object.keys(obj).map(function (k) {
			return encodeURIComponent(k) + "=" + encodeURIComponent(obj[k]);
		}).join("&");
	}

	function send(method, url, body) {
		return fetch(url, {
			method: method,
			credentials: "same-origin",
			headers: {
				"Content-Type": "application/x-www-form-urlencoded",
				"X-CSRF-Token": csrf(),
				"Accept": "application/json"
			},
			body: body
		}).then(function (r) {
			return r.json().then(function (data) {
				return { status: r.status, data: data };
			}, function () {
				return { status: r.status, data: {} };
			});
		});
	}

	function setState(td, state) {
		td.classList.remove("saving", "saved", "failed", "conflict");
		if (state) {
			td.classList.add(state);
		}
		if (!td.classList.contains("cell")) {
			return;
		}
		var label = LABELS[td.closest("table").dataset.kind][+td.dataset.v] || "blank";
		var what = { saving: ", saving", saved: ", saved", failed: ", not saved",
			conflict: ", changed by someone else" }[state] || "";
		td.setAttribute("aria-label", label + what +
			(td.classList.contains("has-note") ? ", has a note" : ""));
	}

	// The "i" marker of a cell with a note, as assessments_grid.c writes it.
	function noteMark() {
		var m = document.createElement("span");
		var i = document.createElement("span");
		var h = document.createElement("span");
		m.className = "note-mark";
		i.setAttribute("aria-hidden", "true");
		i.textContent = "i";
		h.className = "visually-hidden";
		h.textContent = " (has a note)";
		m.appendChild(i);
		m.appendChild(h);
		return m;
	}

	// The cell's note: its title, its class and its marker.
	function setNote(td, text) {
		var old = td.querySelector(".note-mark");
		if (old) {
			old.remove();
		}
		if (text) {
			td.title = text;
			td.classList.add("has-note");
			td.appendChild(noteMark());
		} else {
			td.removeAttribute("title");
			td.classList.remove("has-note");
		}
	}

	function show(td, v, version) {
		var kind = td.closest("table").dataset.kind;
		td.dataset.v = String(v);
		if (version !== undefined) {
			td.dataset.version = String(version);
		}
		td.className = td.className.replace(/\bv\d\b/, "v" + v);
		td.textContent = LABELS[kind][v] || "";
		if (td.classList.contains("has-note")) {
			td.appendChild(noteMark());
		}
	}

	// A row's ELG total: the total when all 17 are judged (or the child is
	// absent), else the running total of those judged so far, marked as such.
	function showTotal(td, r) {
		td.classList.remove("partial");
		td.removeAttribute("title");
		if (r.total !== null && r.total !== undefined) {
			td.textContent = String(r.total);
		} else if (r.entered > 0) {
			var t = r.entered + " of 17 judged so far";
			var h = document.createElement("span");
			td.classList.add("partial");
			td.title = t;
			td.textContent = String(r.running_total);
			h.className = "visually-hidden";
			h.textContent = " (" + t + ")";
			td.appendChild(h);
		} else {
			td.textContent = "";
		}
	}

	// "Displaying N pupils; M included" under the table, and the page's notice
	// when any grid leaves a pupil out.
	function showCounts(table, stats) {
		var details = table.closest("details");
		var p = details && details.querySelector("p.displaying");
		if (p && stats.displayed !== undefined && stats.included !== undefined) {
			p.dataset.displayed = String(stats.displayed);
			p.dataset.included = String(stats.included);
			p.textContent = "Displaying " + stats.displayed + " pupils; " + stats.included +
				" included in data (percentages are of these " + stats.included + ").";
		}
		excludedNotice();
	}

	// The page's notice shows when any grid on it leaves a pupil out.
	function excludedNotice() {
		var notice = document.querySelector(".excluded-notice");
		if (notice) {
			notice.hidden = !Array.prototype.some.call(document.querySelectorAll("p.displaying"),
				function (x) {
					return +x.dataset.displayed > +x.dataset.included;
				});
		}
	}

	// A cell as the server holds it now (a 409's "current"): value, version,
	// "gone beyond" colour and note, so nothing of the stale one stays on screen.
	function showCurrent(td, cur) {
		show(td, cur.value, cur.version);
		td.classList.remove("beyond-green", "beyond-blue", "beyond-purple",
			"beyond-orange", "beyond-pink");
		if (cur.colour) {
			td.classList.add("beyond-" + cur.colour);
		}
		setNote(td, cur.note || "");
	}

	function cellOf(table, pupil, area) {
		return table.querySelector("tr[data-pupil='" + pupil + "'] td.cell[data-elg='" + area + "']");
	}

	// Applies what the server says now: cells, row measures, statistics.
	function apply(table, data) {
		(data.cells || []).forEach(function (c) {
			var td = cellOf(table, c.pupil, c.area);
			if (td) {
				show(td, c.value, c.version);
				td.classList.remove("beyond-green", "beyond-blue", "beyond-purple",
					"beyond-orange", "beyond-pink");
				if (c.colour) {
					td.classList.add("beyond-" + c.colour);
				}
				if (!td.dataset.want || +td.dataset.want === c.value) {
					setState(td, "saved");
				}
			}
		});
		(data.rows || []).forEach(function (r) {
			var tr = table.querySelector("tr[data-pupil='" + r.pupil + "']");
			if (!tr) {
				return;
			}
			var gld = tr.querySelector("td.gld");
			if (gld) {
				gld.textContent = r.gld;
				gld.className = "gld" + (r.gld === "Yes" ? " gld-yes" : r.gld === "No" ? " gld-no" : "");
			}
			var total = tr.querySelector("td.total");
			if (total) {
				showTotal(total, r);
			}
		});
		if (data.stats) {
			// the denominators: every column's "of M", the judged count of those sent
			table.querySelectorAll("td[data-stat$='-judged']").forEach(function (td) {
				td.textContent = td.textContent.replace(/of \d+$/, "of " + data.stats.included);
			});
			data.stats.columns.forEach(function (col) {
				var j = table.querySelector("td[data-stat='" + col.area + "-judged']");
				if (j) {
					j.textContent = col.judged + " of " + data.stats.included;
				}
				[1, 2].forEach(function (v) {
					var n = table.querySelector("td[data-stat='" + col.area + "-" + v + "-0']");
					var p = table.querySelector("td[data-stat='" + col.area + "-" + v + "-1']");
					if (n) {
						n.textContent = String(col.counts[v]);
					}
					if (p) {
						p.textContent = col.percents[v];
					}
				});
			});
			var avg = table.querySelector("td[data-stat='average']");
			if (avg) {
				avg.textContent = data.stats.average;
			}
			showCounts(table, data.stats);
		}
	}

	function forget(td) {
		var i = pending.indexOf(td);
		if (i >= 0) {
			pending.splice(i, 1);
		}
	}

	// Saves the cell's wanted value; one request per cell at a time.
	function save(td) {
		var table = td.closest("table");
		if (td.dataset.busy === "1") {
			td.dataset.again = "1";
			return Promise.resolve();
		}
		var want = +td.dataset.want;
		var kind = table.dataset.kind;
		td.dataset.busy = "1";
		setState(td, "saving");
		var tr = td.closest("tr");
		var url = table.dataset.api + "/judgements/" + tr.dataset.pupil + "/" +
			td.dataset.elg + filterQuery();
		return send("PUT", url, form({ value: LABELS[kind][want], version: td.dataset.version }))
			.then(function (res) {
				td.dataset.busy = "0";
				if (res.status === 200) {
					apply(table, res.data);
					if (+td.dataset.want === want) {
						forget(td);
						delete td.dataset.want;
						setState(td, "saved");
						say("Saved.");
					}
				} else if (res.status === 409 && res.data.current) {
					forget(td);
					delete td.dataset.want;
					showCurrent(td, res.data.current);
					setState(td, "conflict");
					say(res.data.error || "Someone else changed this judgement.");
				} else {
					setState(td, "failed");
					say((res.data && res.data.error) || "Not saved. Press Save now to try again.");
				}
				if (td.dataset.again === "1") {
					td.dataset.again = "0";
					if (td.dataset.want !== undefined) {
						return save(td);
					}
				}
			}, function () {
				td.dataset.busy = "0";
				setState(td, "failed");
				say("Not saved: the server could not be reached. Press Save now to try again.");
			});
	}

	function change(td, v, noUndo) {
		if (td.closest("table").dataset.editable !== "1") {
			return;
		}
		var old = td.dataset.want !== undefined ? +td.dataset.want : +td.dataset.v;
		if (old === v && !td.classList.contains("failed")) {
			return;
		}
		if (!noUndo) {
			undo.push({ td: td, v: old });
		}
		td.dataset.want = String(v);
		show(td, v);
		if (pending.indexOf(td) < 0) {
			pending.push(td);
		}
		save(td);
	}

	function flush() {
		var list = pending.slice();
		if (!list.length) {
			say("Everything is saved.");
			return Promise.resolve();
		}
		say("Saving " + list.length + " change" + (list.length === 1 ? "" : "s") + "...");
		return Promise.all(list.map(save));
	}

	// ---- moving around

	function cellsOf(tr) {
		return Array.prototype.slice.call(tr.querySelectorAll("td.cell"));
	}

	function focusCell(td) {
		if (!td) {
			return;
		}
		var table = td.closest("table");
		table.querySelectorAll("td.cell[tabindex='0']").forEach(function (c) {
			c.setAttribute("tabindex", "-1");
		});
		td.setAttribute("tabindex", "0");
		td.focus();
	}

	function move(td, dr, dc) {
		var tr = td.closest("tr");
		var cells = cellsOf(tr);
		var i = cells.indexOf(td);
		if (dc) {
			focusCell(cells[i + dc]);
			return;
		}
		var rows = Array.prototype.slice.call(tr.parentNode.querySelectorAll("tr"));
		var next = rows[rows.indexOf(tr) + dr];
		if (next) {
			focusCell(cellsOf(next)[i]);
		}
	}

	// ---- the list of values (Enter, a tap, the fill buttons)

	var menu = null;

	function closeMenu(refocus) {
		if (menu) {
			var back = menu.back;
			menu.remove();
			menu = null;
			if (refocus && back) {
				back.focus();
			}
		}
	}

	// extras: more items after the values, [{ label, run }] (colours, the note).
	// Without pick the menu has only the extras (a read-only grid).
	function openMenu(anchor, kind, title, pick, extras) {
		closeMenu(false);
		menu = document.createElement("div");
		menu.className = "value-menu";
		menu.setAttribute("role", "menu");
		menu.setAttribute("aria-label", title);
		menu.back = anchor;
		(pick ? LABELS[kind] : []).forEach(function (label, v) {
			var b = document.createElement("button");
			b.type = "button";
			b.setAttribute("role", "menuitem");
			b.textContent = label || "(blank)";
			b.addEventListener("click", function () {
				closeMenu(true);
				pick(v);
			});
			menu.appendChild(b);
		});
		(extras || []).forEach(function (x) {
			var b = document.createElement("button");
			b.type = "button";
			b.setAttribute("role", "menuitem");
			b.className = "extra";
			b.textContent = x.label;
			b.addEventListener("click", function () {
				closeMenu(true);
				x.run();
			});
			menu.appendChild(b);
		});
		menu.addEventListener("keydown", function (ev) {
			var items = Array.prototype.slice.call(menu.querySelectorAll("button"));
			var i = items.indexOf(document.activeElement);
			if (ev.key === "Escape") {
				ev.preventDefault();
				closeMenu(true);
			} else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
				ev.preventDefault();
				var n = items[(i + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length];
				n.focus();
			}
			ev.stopPropagation();
		});
		anchor.appendChild(menu);
		menu.querySelector("button").focus();
	}

	var COLOURS = ["green", "blue", "purple", "orange", "pink"];

	// A cell's note ("i") and, on On track, its "gone beyond" colour: saved at
	// once with the cell's value and version like any change.
	function putExtra(td, fields) {
		var table = td.closest("table");
		var tr = td.closest("tr");
		var body = { value: LABELS[table.dataset.kind][+td.dataset.v], version: td.dataset.version };
		Object.keys(fields).forEach(function (k) {
			body[k] = fields[k];
		});
		setState(td, "saving");
		send("PUT", table.dataset.api + "/judgements/" + tr.dataset.pupil + "/" + td.dataset.elg +
			filterQuery(), form(body)).then(function (res) {
			if (res.status === 200) {
				apply(table, res.data);
				(res.data.cells || []).forEach(function (c) {
					if (String(c.pupil) === tr.dataset.pupil && c.area === td.dataset.elg) {
						setNote(td, c.note);
					}
				});
				setState(td, "saved");
				say("Saved.");
			} else if (res.status === 409 && res.data.current) {
				showCurrent(td, res.data.current);
				setState(td, "conflict");
				say(res.data.error);
			} else {
				setState(td, "failed");
				say((res.data && res.data.error) || "Not saved.");
			}
		}, function () {
			setState(td, "failed");
			say("Not saved: the server could not be reached.");
		});
	}

	// ---- a modal dialog (role=dialog): focus moves in and is kept inside, Escape
	// or Cancel closes it and focus returns to where it was.

	var dialogSeq = 0;

	function el(tag, cls, text) {
		var e = document.createElement(tag);
		if (cls) {
			e.className = cls;
		}
		if (text !== undefined) {
			e.textContent = text;
		}
		return e;
	}

	// opts: title, build(box) adds the content, ok (label) and onOk(close) for a
	// form; without ok the dialog only has Close.
	function openDialog(opts) {
		var back = document.activeElement;
		var backdrop = el("div", "session-dialog-backdrop grid-dialog-backdrop");
		var box = el("div", "session-dialog grid-dialog");
		var id = "grid-dialog-title-" + (++dialogSeq);
		var h = el("h2", "", opts.title);
		var actions = el("div", "session-dialog-actions");
		var form = el("form");

		h.id = id;
		box.setAttribute("role", "dialog");
		box.setAttribute("aria-modal", "true");
		box.setAttribute("aria-labelledby", id);
		box.tabIndex = -1;
		box.appendChild(h);
		form.noValidate = true;
		box.appendChild(form);
		opts.build(form);
		function close() {
			if (backdrop.parentNode) {
				backdrop.parentNode.removeChild(backdrop);
			}
			if (back && back.focus) {
				back.focus();
			}
		}
		if (opts.ok) {
			var ok = el("button", "button", opts.ok);
			ok.type = "submit";
			actions.appendChild(ok);
		}
		var cancel = el("button", "button button-secondary", opts.ok ? "Cancel" : "Close");
		cancel.type = "button";
		cancel.addEventListener("click", close);
		actions.appendChild(cancel);
		form.appendChild(actions);
		form.addEventListener("submit", function (ev) {
			ev.preventDefault();
			if (opts.onOk) {
				opts.onOk(close);
			} else {
				close();
			}
		});
		backdrop.addEventListener("keydown", function (ev) {
			if (ev.key === "Escape") {
				ev.preventDefault();
				ev.stopPropagation();
				close();
			} else if (ev.key === "Tab") {
				var f = box.querySelectorAll("button, textarea, input, [href], [tabindex='0']");
				var first = f[0], last = f[f.length - 1];
				if (ev.shiftKey && document.activeElement === first) {
					ev.preventDefault();
					last.focus();
				} else if (!ev.shiftKey && document.activeElement === last) {
					ev.preventDefault();
					first.focus();
				}
			}
		});
		backdrop.addEventListener("click", function (ev) {
			if (ev.target === backdrop) {
				close();
			}
		});
		backdrop.appendChild(box);
		document.body.appendChild(backdrop);
		var focus = box.querySelector("textarea, input") || box.querySelector("button");
		(focus || box).focus();
		return { box: box, close: close };
	}

	// A note: one text box, saved with onSave(text) unless unchanged.
	function noteDialog(title, current, onSave) {
		var area;
		openDialog({
			title: title,
			ok: "Save note",
			build: function (form) {
				var label = el("label", "", "Note");
				area = el("textarea");
				area.id = "grid-note-" + (dialogSeq + 1);
				area.rows = 4;
				area.maxLength = 2000;
				area.value = current;
				label.htmlFor = area.id;
				form.appendChild(label);
				form.appendChild(area);
			},
			onOk: function (close) {
				var text = area.value;
				close();
				if (text !== current) {
					onSave(text);
				}
			}
		});
	}

	function historyDialog(td) {
		var table = td.closest("table");
		var tr = td.closest("tr");
		var who = tr.querySelector("th a") ? tr.querySelector("th a").textContent : "";
		var head = table.querySelector("th[data-elg='" + td.dataset.elg + "']");
		var d = openDialog({
			title: "History: " + who + ", " + (head ? head.getAttribute("abbr") || head.textContent :
				td.dataset.elg),
			build: function (form) {
				form.appendChild(el("p", "grid-dialog-body", "Loading\u2026"));
			}
		});
		var body = d.box.querySelector(".grid-dialog-body");
		fetch(table.dataset.api + "/judgements/" + tr.dataset.pupil + "/" + td.dataset.elg +
			"/history", { credentials: "same-origin" }).then(function (r) {
			return r.json();
		}).then(function (res) {
			var list = res.history || [];
			if (!list.length) {
				body.textContent = "No changes yet.";
				return;
			}
			var t = el("table", "data-table grid-history");
			var cap = el("caption", "", "Newest first");
			var hr = el("tr");
			t.appendChild(cap);
			["When", "Who", "What", "Old", "New"].forEach(function (x) {
				var th = el("th", "", x);
				th.scope = "col";
				hr.appendChild(th);
			});
			t.appendChild(el("thead")).appendChild(hr);
			var tb = el("tbody");
			list.forEach(function (h) {
				var row = el("tr");
				[h.at, h.by, h.field, h.old, h.new].forEach(function (x) {
					row.appendChild(el("td", "", x));
				});
				tb.appendChild(row);
			});
			t.appendChild(tb);
			body.textContent = "";
			body.appendChild(t);
		}, function () {
			body.textContent = "The history could not be read. Try again.";
		});
	}

	// A note to read (a read-only grid): the text and Close.
	function noteView(td) {
		openDialog({
			title: "Note for this judgement",
			build: function (form) {
				form.appendChild(el("p", "grid-note-text", td.title || ""));
			}
		});
	}

	// The menu of a cell nobody may change here (read-only or locked grid).
	function readOnlyMenu(td, kind) {
		var extras = [];
		if (td.title) {
			extras.push({ label: "Note\u2026", run: function () {
				noteView(td);
			} });
		}
		extras.push({ label: "History\u2026", run: function () {
			historyDialog(td);
		} });
		openMenu(td, kind, "Judgement (read only)", null, extras);
	}

	function cellMenu(td, kind) {
		var extras = [{
			label: "Note\u2026",
			run: function () {
				noteDialog("Note for this judgement", td.title || "", function (text) {
					putExtra(td, { note: text });
				});
			}
		}];
		extras.push({
			label: "History\u2026",
			run: function () {
				historyDialog(td);
			}
		});
		if (kind === "tracking" && td.dataset.v === "2") {
			COLOURS.forEach(function (c) {
				extras.push({ label: "Gone beyond: " + c, run: function () {
					putExtra(td, { colour: c });
				} });
			});
			extras.push({ label: "No colour", run: function () {
				putExtra(td, { colour: "" });
			} });
		}
		openMenu(td, kind, "Judgement", function (v) {
			change(td, v);
			focusCell(td);
		}, td.dataset.busy === "1" || td.dataset.want !== undefined ? [] : extras);
	}

	function fill(table, button) {
		var kind = table.dataset.kind;
		var tr = button.closest("tr");
		var rowFill = button.classList.contains("fill-row");
		var area = button.dataset.elg;
		var title = rowFill ? "Fill the row with" : "Fill the column with";
		openMenu(button.parentNode, kind, title, function (v) {
			var targets = rowFill ? cellsOf(tr) :
				Array.prototype.slice.call(table.querySelectorAll("tbody td.cell[data-elg='" + area + "']"));
			var versions = targets.map(function (td) {
				return td.closest("tr").dataset.pupil + ":" + td.dataset.elg + ":" + td.dataset.version;
			}).join(",");
			var body = { value: LABELS[kind][v], versions: versions };
			if (rowFill) {
				body.pupil = tr.dataset.pupil;
			} else {
				body.area = area;
			}
			targets.forEach(function (td) {
				setState(td, "saving");
			});
			say("Filling...");
			send("POST", table.dataset.api + "/fill" + filterQuery(), form(body)).then(function (res) {
				if (res.status === 200) {
					targets.forEach(function (td) {
						setState(td, "saved");
					});
					apply(table, res.data);
					say("Filled " + res.data.cells.length + " cells.");
				} else {
					targets.forEach(function (td) {
						setState(td, res.status === 409 ? "" : "failed");
					});
					if (res.status === 409 && res.data.current) {
						var c = cellOf(table, res.data.current.pupil, res.data.current.area);
						if (c) {
							showCurrent(c, res.data.current);
							setState(c, "conflict");
						}
					}
					say((res.data && res.data.error) || "Nothing was filled. Try again.");
				}
			}, function () {
				say("Nothing was filled: the server could not be reached.");
			});
		});
	}

	// ---- "Include in data": the pupil's own field (PUT /api/v1/schools/L/pupils/UPN
	// with the pupil's version); every grid's statistics are then read again.

	function refreshAll() {
		document.querySelectorAll("table.grid").forEach(function (t) {
			fetch(t.dataset.api + "/grid" + filterQuery(), { credentials: "same-origin" })
				.then(function (r) {
					return r.json();
				}).then(function (d) {
					apply(t, {
						stats: d.stats,
						rows: (d.pupils || []).filter(function (p) {
							return p.gld !== undefined;
						}).map(function (p) {
							return { pupil: p.id, gld: p.gld, total: p.total, entered: p.entered,
								running_total: p.running_total };
						})
					});
				});
		});
	}

	function includeToggle(table, button) {
		var tr = button.closest("tr");
		var on = button.getAttribute("aria-pressed") === "true";
		var url = table.dataset.api.replace(/\/assessments\/\d+$/, "/pupils/" +
			encodeURIComponent(tr.dataset.upn));
		send("PUT", url, form({ include_in_data: on ? "0" : "1", version: tr.dataset.pversion }))
			.then(function (res) {
				if (res.status !== 200) {
					say((res.data && res.data.error) || "Include in data was not changed.");
					return;
				}
				document.querySelectorAll("tr[data-pupil='" + tr.dataset.pupil + "']").forEach(function (r) {
					r.dataset.pversion = String(res.data.version);
					r.classList.toggle("excluded", on);
					var b = r.querySelector(".include-toggle");
					var state = b && b.querySelector(".include-state");
					if (b) {
						if (state) {
							state.textContent = on ? "No" : "Yes";
						}
						b.setAttribute("aria-pressed", on ? "false" : "true");
					}
				});
				say("Include in data: " + (on ? "No" : "Yes") + ". Saved.");
				refreshAll();
			}, function () {
				say("Include in data was not changed: the server could not be reached.");
			});
	}

	// ---- the Notes column: free text per pupil per assessment

	function noteText(td) {
		return td.querySelector(".note-text") || td;
	}

	function editNote(table, td) {
		var tr = td.closest("tr");
		noteDialog("Notes for " + tr.querySelector("th a").textContent, noteText(td).textContent,
			function (text) {
				saveNote(table, td, text);
			});
	}

	function saveNote(table, td, text) {
		var tr = td.closest("tr");
		setState(td, "saving");
		send("PUT", table.dataset.api + "/notes/" + tr.dataset.pupil,
			form({ note: text, version: td.dataset.version })).then(function (res) {
			if (res.status === 200) {
				noteText(td).textContent = res.data.note;
				td.dataset.version = String(res.data.version);
				setState(td, "saved");
				say("Note saved.");
			} else {
				setState(td, res.status === 409 ? "conflict" : "failed");
				say((res.data && res.data.error) || "The note was not saved.");
			}
		}, function () {
			setState(td, "failed");
			say("The note was not saved: the server could not be reached.");
		});
	}

	// ---- wiring

	excludedNotice(); // the page writes it before knowing every grid's pupils
	document.querySelectorAll("table.grid").forEach(function (table) {
		var kind = table.dataset.kind;
		var editable = table.dataset.editable === "1";
		var first = table.querySelector("td.cell");
		table.querySelectorAll("td.cell").forEach(function (td) {
			td.setAttribute("tabindex", "-1");
			if (editable) {
				td.setAttribute("role", "gridcell");
			}
		});
		if (first) {
			first.setAttribute("tabindex", "0");
		}
		table.addEventListener("keydown", function (ev) {
			var td = ev.target.closest && ev.target.closest("td.cell");
			if (!td || menu) {
				return;
			}
			var key = ev.key;
			if (key === "ArrowRight" || key === "ArrowLeft" || key === "ArrowUp" || key === "ArrowDown") {
				ev.preventDefault();
				move(td, key === "ArrowDown" ? 1 : key === "ArrowUp" ? -1 : 0,
					key === "ArrowRight" ? 1 : key === "ArrowLeft" ? -1 : 0);
			} else if ((ev.ctrlKey || ev.metaKey) && (key === "z" || key === "Z")) {
				ev.preventDefault();
				var last = undo.pop();
				if (last) {
					change(last.td, last.v, true);
					focusCell(last.td);
					say("Undone.");
				}
			} else if (!editable) {
				if (key === "Enter" || key === " ") {
					ev.preventDefault();
					readOnlyMenu(td, kind);
				}
				return;
			} else if (key === "Delete" || key === "Backspace") {
				ev.preventDefault();
				change(td, 0);
			} else if (key === "Enter" || key === " ") {
				ev.preventDefault();
				cellMenu(td, kind);
			} else if (key.length === 1 && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
				var v = KEYS[kind][key.toUpperCase()];
				if (v !== undefined) {
					ev.preventDefault();
					change(td, v);
					move(td, 0, 1);
				} else if (/[A-Za-z0-9]/.test(key)) {
					// a key that picks nothing says which keys do
					say("\"" + key + "\" is not a judgement here: type " +
						Object.keys(KEYS[kind]).map(function (k) {
							return k + " (" + LABELS[kind][KEYS[kind][k]] + ")";
						}).join(", ") + ", Delete to clear, or Enter for the list.");
				}
			}
		});
		table.addEventListener("click", function (ev) {
			var notes = ev.target.closest("td.notes");
			if (notes && editable) {
				editNote(table, notes);
				return;
			}
			var inc = ev.target.closest("button.include-toggle");
			if (inc && editable) {
				ev.preventDefault();
				includeToggle(table, inc);
				return;
			}
			var button = ev.target.closest("button.fill");
			if (button && editable) {
				ev.preventDefault();
				fill(table, button);
				return;
			}
			var td = ev.target.closest("td.cell");
			if (td && !ev.target.closest(".value-menu")) {
				focusCell(td);
				if (editable) {
					cellMenu(td, kind);
				} else {
					readOnlyMenu(td, kind);
				}
			}
		});
	});

	document.addEventListener("click", function (ev) {
		if (menu && !ev.target.closest(".value-menu") && !ev.target.closest("td.cell") &&
			!ev.target.closest("button.fill")) {
			closeMenu(false);
		}
	});

	// "Skip to the grid": past the pickers and buttons into the first cell
	document.querySelectorAll(".grid-skip").forEach(function (a) {
		a.addEventListener("click", function (ev) {
			var first = document.querySelector("table.grid td.cell");
			if (first) {
				ev.preventDefault();
				var details = first.closest("details");
				if (details) {
					details.open = true;
				}
				focusCell(first);
			}
		});
	});
	document.querySelectorAll(".grid-save").forEach(function (b) {
		b.addEventListener("click", flush);
	});
	document.querySelectorAll(".grid-print").forEach(function (b) {
		b.addEventListener("click", function () {
			window.print();
		});
	});
	window.addEventListener("beforeunload", function (ev) {
		if (pending.length) {
			flush();
			ev.preventDefault();
			ev.returnValue = "";
		}
	});
})();
