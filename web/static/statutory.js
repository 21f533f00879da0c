// statutory: the entry screens of statutory results (issue 6). The form sends all
// its cells as one field, "cells": one line "PUPILID COMPONENT VALUE" per cell;
// without JavaScript the same entries go as named fields "c_PUPILID_component"
// (issue 6c), so this script is a convenience, not a need. The phonics outcome
// beside a mark follows the mark as it is typed (the server works it out again
// on saving: it is never typed). A typed entry the code table does not allow
// (data-allowed, from the server) is refused at once with the reason beside the
// pupil, and the form is not sent while one remains; the server checks it all
// again on saving.
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
		if (/^[0-9]+$/.test(v)) {
			return label + ": " + v + " is out of range (allowed: " + list + ")";
		}
		var upper = v.toUpperCase();
		if (upper !== v && allowed.some(function (a) { return a.code === upper; })) {
			return label + ": result " + v + " is not allowed; did you mean " + upper +
				"? Result codes are case-sensitive";
		}
		return "result " + v + " is not allowed for " + label + "; use " + list;
	}

	function check(el) {
		var row = el.closest("tr");
		var box = row && row.querySelector(".messages");
		var reason = reasonFor(el, el.value.trim());
		var shown = box && box.querySelector("p[data-live]");
		if (reason) {
			el.setAttribute("aria-invalid", "true");
			if (box && !shown) {
				shown = document.createElement("p");
				shown.setAttribute("data-live", "");
				shown.setAttribute("role", "alert");
				shown.className = "cell-error";
				box.insertBefore(shown, box.firstChild);
			}
			if (shown) {
				shown.textContent = "Error: " + reason;
			}
		} else {
			el.removeAttribute("aria-invalid");
			if (shown) {
				shown.remove();
			}
		}
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
})();
