// statutory: the entry screens of statutory results (issue 6). The form sends all
// its cells as one field, "cells": one line "PUPILID COMPONENT VALUE" per cell;
// without JavaScript the same entries go as named fields "c_PUPILID_component"
// (issue 6c), so this script is a convenience, not a need. The phonics outcome
// beside a mark follows the mark as it is typed (the server works it out again
// on saving: it is never typed). A typed entry the code table does not allow
// (data-allowed, from the server) is refused at once with the reason beside the
// pupil, and the form is not sent while one remains; the server checks it all
// again on saving.
// KS1 and KS2 teacher assessment: each cell is a drop-down of its column's codes
// that also takes a code typed on the keyboard ("exs" or "EXS"; the code of its
// data-allowed that starts with what was typed, as a list's own typing would,
// but a code the column does not have is refused with the reason beside the
// pupil and the cell keeps its value; Delete or Backspace clears the cell).
// "Fill column" puts one code in every open cell of a column, as on the "Edit
// multiple pupils" grid; changed cells are marked and nothing is saved until
// Save, which sends the whole list (the server saves all of it or none).
"use strict";
(function () {
	var form = document.querySelector("form[data-cells]");
	if (!form) {
		return;
	}
	var THRESHOLD = 32;

	// "0-40, A, D, L or Q" -> [{lo: 0, hi: 40}, {code: "A"}, ...]
	function allowedOf(el) {
		var text = el.getAttribute("data-allowed") || "";
		return text.replace(/ or /g, ", ").split(", ").filter(Boolean).map(function (it) {
			var m = /^(\d+)-(\d+)$/.exec(it);
			return m ? { lo: Number(m[1]), hi: Number(m[2]) } : { code: it };
		});
	}

	// The reason v is not allowed for el, or "" when it is (or is empty).
	function reasonFor(el, v) {
		var allowed = allowedOf(el);
		var list = el.getAttribute("data-allowed");
		var label = el.getAttribute("data-label");
		if (v === "" || !allowed.length) {
			return "";
		}
		var ok = allowed.some(function (a) {
			if (a.code !== undefined) {
				return a.code === v;
			}
			return /^(0|[1-9][0-9]*)$/.test(v) && Number(v) >= a.lo && Number(v) <= a.hi;
		});
		if (ok) {
			return "";
		}
		var range = allowed.filter(function (a) { return a.code === undefined; })[0];
		if (/^[0-9]+$/.test(v) && range) {
			// as the server's rule engine says it (core/validate.c RESULT_RANGE)
			var codes = allowed.filter(function (a) { return a.code !== undefined; })
				.map(function (a) { return a.code; });
			var tail = codes.length > 1 ?
				codes.slice(0, -1).join(", ") + " or " + codes[codes.length - 1] :
				codes.join("");
			return label + " " + v + " is not allowed: enter a whole number in the range " +
				range.lo + "-" + range.hi + (tail ? ", or " + tail : "");
		}
		var upper = v.toUpperCase();
		if (upper !== v && allowed.some(function (a) { return a.code === upper; })) {
			return label + ": result " + v + " is not allowed; did you mean " + upper +
				"? Result codes are case-sensitive";
		}
		return "result " + v + " is not allowed for " + label + "; use " + list;
	}

	// Shows reason (or clears the message when "") beside el's pupil: one
	// message per cell, marked with its component, which el is described by.
	function showReason(el, reason) {
		var row = el.closest("tr");
		var box = row && row.querySelector(".messages");
		var comp = el.getAttribute("data-comp");
		var shown = null;
		if (box) {
			box.querySelectorAll("p[data-live]").forEach(function (p) {
				if (p.getAttribute("data-live") === comp) {
					shown = p;
				}
			});
		}
		if (reason) {
			el.setAttribute("aria-invalid", "true");
			if (box && !shown) {
				shown = document.createElement("p");
				shown.setAttribute("data-live", comp);
				shown.setAttribute("role", "alert");
				shown.id = "live-" + el.getAttribute("data-pupil") + "-" + comp;
				shown.className = "cell-error";
				box.insertBefore(shown, box.firstChild);
			}
			if (shown) {
				shown.textContent = "Error: " + reason;
				el.setAttribute("aria-describedby", shown.id);
			}
		} else {
			el.removeAttribute("aria-invalid");
			el.removeAttribute("aria-describedby");
			if (shown) {
				shown.remove();
			}
		}
	}

	function check(el) {
		var reason = reasonFor(el, el.value.trim());
		showReason(el, reason);
		return !reason;
	}

	form.addEventListener("submit", function (ev) {
		var bad = null;
		form.querySelectorAll("input[data-allowed]").forEach(function (el) {
			if (!check(el) && !bad) {
				bad = el;
			}
		});
		if (bad) {
			ev.preventDefault();
			bad.focus();
			return;
		}
		var lines = [];
		form.querySelectorAll("[data-pupil]").forEach(function (el) {
			lines.push(el.getAttribute("data-pupil") + " " + el.getAttribute("data-comp") +
				" " + el.value.trim());
		});
		form.querySelector("input[name=cells]").value = lines.join("\n");
	});
	form.querySelectorAll("input[data-allowed]").forEach(function (el) {
		el.addEventListener("input", function () {
			check(el);
		});
	});
	form.querySelectorAll("input[data-comp=PSC]").forEach(function (el) {
		el.addEventListener("input", function () {
			var cell = el.closest("tr").querySelector(".outcome");
			var v = el.value.trim();
			if (!cell) {
				return;
			}
			if (/^(0|[1-9][0-9]?)$/.test(v) && Number(v) <= 40) {
				cell.textContent = Number(v) >= THRESHOLD ? "Wa" : "Wt";
			} else {
				cell.textContent = "";
			}
		});
	});

	// ---- KS1 and KS2: typing into the drop-downs, and "Fill column"

	var PAUSE = 1000; // ms without a key that starts a new code, as in a list's own typing
	var selects = Array.prototype.slice.call(form.querySelectorAll("select.cell[data-allowed]"));
	var tools = document.getElementById("st-tools");
	var status = document.getElementById("st-status");
	var meanings = {}; // code -> meaning, from the page's "What the codes mean"

	document.querySelectorAll("dl.codes dt").forEach(function (dt) {
		var dd = dt.nextElementSibling;
		if (dd && dd.tagName === "DD") {
			meanings[dt.textContent] = dd.textContent;
		}
	});

	function codesOf(el) {
		return el ? allowedOf(el).filter(function (a) {
			return a.code !== undefined;
		}).map(function (a) {
			return a.code;
		}) : [];
	}

	// The code of el's column that text stands for: the same code, the same but
	// for case, or the first that starts with text (any case); null when none.
	function codeFor(el, text) {
		var codes = codesOf(el);
		var up = text.toUpperCase();
		var i;
		for (i = 0; i < codes.length; i++) {
			if (codes[i] === text) {
				return codes[i];
			}
		}
		for (i = 0; i < codes.length; i++) {
			if (codes[i].toUpperCase() === up) {
				return codes[i];
			}
		}
		for (i = 0; i < codes.length; i++) {
			if (codes[i].toUpperCase().indexOf(up) === 0) {
				return codes[i];
			}
		}
		return null;
	}

	function pupilOf(el) {
		var th = el.closest("tr").querySelector("th");
		return th ? th.textContent : "";
	}

	function unsaved() {
		var n = form.querySelectorAll("td.changed").length;
		return n ? n + (n === 1 ? " change" : " changes") + " not saved yet." : "";
	}

	function say(text) {
		if (status) {
			status.textContent = text;
		}
	}

	function markChanged(el) {
		el.closest("td").classList.toggle("changed", el.value !== el.getAttribute("data-original"));
	}

	// Says what el holds now (the drop-down does not announce a value set by
	// typing): "KS2 writing for Smith, Ann: EXS, Working at the expected standard."
	function announce(el) {
		var v = el.value;
		say(el.getAttribute("data-label") + " for " + pupilOf(el) + ": " +
			(v ? v + (meanings[v] ? ", " + meanings[v] : "") : "no result") + ". " + unsaved());
	}

	selects.forEach(function (el) {
		var typed = "";
		var at = 0;
		var before = "";

		el.setAttribute("data-original", el.value);
		el.addEventListener("keydown", function (ev) {
			if (ev.ctrlKey || ev.metaKey || ev.altKey) {
				return;
			}
			if (ev.key === "Delete" || ev.key === "Backspace") {
				ev.preventDefault();
				typed = "";
				el.value = "";
				markChanged(el);
				showReason(el, "");
				announce(el);
				return;
			}
			if (ev.key.length !== 1 || !/^[A-Za-z0-9]$/.test(ev.key)) {
				return;
			}
			ev.preventDefault();
			if (!typed || Date.now() - at > PAUSE) {
				typed = "";
				before = el.value;
			}
			typed += ev.key;
			at = Date.now();
			var code = codeFor(el, typed);
			if (code === null) {
				el.value = before;
				markChanged(el);
				showReason(el, "result " + typed + " is not allowed for " +
					el.getAttribute("data-label") + "; use " + el.getAttribute("data-allowed") +
					". The cell keeps " + (before || "no result") + ".");
				say("");
				return;
			}
			el.value = code;
			markChanged(el);
			showReason(el, "");
			announce(el);
		});
		el.addEventListener("change", function () {
			typed = "";
			markChanged(el);
			showReason(el, "");
			announce(el);
		});
	});

	if (!tools) {
		return;
	}
	var fillCol = document.getElementById("st-fill-col");
	var fillValue = document.getElementById("st-fill-value");
	var fillButton = document.getElementById("st-fill");

	function columnCells(comp) {
		return selects.filter(function (el) {
			return el.getAttribute("data-comp") === comp;
		});
	}

	// The codes of the chosen column (its cells' data-allowed), with their meanings.
	function fillOptions() {
		fillValue.innerHTML = "";
		codesOf(columnCells(fillCol.value)[0]).forEach(function (code) {
			var o = document.createElement("option");
			o.value = code;
			o.textContent = meanings[code] ? code + ": " + meanings[code] : code;
			fillValue.appendChild(o);
		});
	}

	fillCol.addEventListener("change", fillOptions);
	fillOptions();
	tools.hidden = false;
	fillButton.addEventListener("click", function () {
		var cells = columnCells(fillCol.value);
		var value = fillValue.value;
		var n = 0;
		var locked = 0;
		var left = 0;
		if (!value || !cells.length) {
			return;
		}
		cells.forEach(function (el) {
			if (el.disabled) {
				locked++;
				return;
			}
			// a pupil who left gets a result of their own (L, or a mark from
			// before they went), never the whole class's
			if (el.closest("tr").hasAttribute("data-left")) {
				left++;
				return;
			}
			el.value = value;
			markChanged(el);
			showReason(el, "");
			n++;
		});
		say("Filled " + cells[0].getAttribute("data-label") + " with " + value + " for " + n +
			(n === 1 ? " pupil" : " pupils") +
			(locked ? " (" + locked + " locked, left as they were)" : "") +
			(left ? " (" + left + (left === 1 ? " pupil who left" : " pupils who left") +
				" not filled: enter theirs one by one)" : "") +
			". " + unsaved() + " Press Save to keep them.");
	});
})();
