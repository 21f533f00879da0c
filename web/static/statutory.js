// statutory: the entry screens of statutory results (issue 6). The form sends all
// its cells as one field, "cells": one line "PUPILID COMPONENT VALUE" per cell,
// because a class has more cells than a form may send fields. The phonics
// outcome beside a mark follows the mark as it is typed (the server works it out
// again on saving: it is never typed).
"use strict";
(function () {
	var form = document.querySelector("form[data-cells]");
	if (!form) {
		return;
	}
	var THRESHOLD = 32;
	form.addEventListener("submit", function () {
		var lines = [];
		form.querySelectorAll("[data-pupil]").forEach(function (el) {
			lines.push(el.getAttribute("data-pupil") + " " + el.getAttribute("data-comp") +
				" " + el.value.trim());
		});
		form.querySelector("input[name=cells]").value = lines.join("\n");
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
