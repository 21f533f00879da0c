// pupiltrack: the "Edit multiple pupils" grid. Loaded only by that page; without
// it the page still shows the table. Keyboard: arrow keys move between cells,
// Enter (or F2) edits the cell, Enter again keeps the choice, Escape cancels.
// "Fill" puts one value in a whole column; "Save" sends every change at once
// (all or nothing) and marks the cells the server refused.
"use strict";
(function () {
	var table = document.getElementById("pupils-grid");
	if (!table) {
		return;
	}
	var tools = document.getElementById("grid-tools");
	var saveButton = document.getElementById("grid-save");
	var fillCol = document.getElementById("grid-fill-col");
	var fillValue = document.getElementById("grid-fill-value");
	var fillButton = document.getElementById("grid-fill");
	var status = document.getElementById("grid-status");
	var errors = document.getElementById("grid-errors");
	var notice = document.getElementById("grid-include-notice");
	var rows = Array.prototype.slice.call(table.tBodies[0].rows);
	var columns = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) {
		return th.getAttribute("data-field");
	});
	var current = null; // the focused cell
	var editing = null; // {cell, select, before}

	tools.hidden = false;

	function columnLabel(field) {
		var th = table.tHead.querySelector("th[data-field='" + field + "']");
		return th ? th.textContent : field;
	}

	function pupilName(cell) {
		return cell.parentNode.cells[0].textContent;
	}

	function editorFor(field) {
		var tpl = document.getElementById("grid-editor-" + field);
		return tpl.content.firstElementChild.cloneNode(true);
	}

	function labelOf(field, value) {
		var sel = editorFor(field);
		for (var i = 0; i < sel.options.length; i++) {
			if (sel.options[i].value === value) {
				return sel.options[i].textContent;
			}
		}
		return value;
	}

	// Roving tabindex: only the current cell is in the tab order.
	function focusCell(cell) {
		if (!cell) {
			return;
		}
		if (current) {
			current.tabIndex = -1;
		}
		current = cell;
		cell.tabIndex = 0;
		cell.focus();
	}

	function cellAt(r, c) {
		if (r < 0 || r >= rows.length || c < 0 || c >= columns.length) {
			return null;
		}
		return rows[r].cells[c];
	}

	function setValue(cell, value) {
		var original = cell.getAttribute("data-original");
		if (original === null) {
			original = cell.getAttribute("data-value");
			cell.setAttribute("data-original", original);
		}
		cell.setAttribute("data-value", value);
		cell.textContent = labelOf(cell.getAttribute("data-field"), value);
		cell.classList.toggle("changed", value !== original);
		cell.removeAttribute("aria-invalid");
		cell.removeAttribute("title");
		var count = table.querySelectorAll("td.changed").length;
		status.textContent = count ? count + (count === 1 ? " change not saved yet." :
			" changes not saved yet.") : "";
	}

	function startEdit(cell) {
		if (!cell || !cell.hasAttribute("data-field") || editing) {
			return;
		}
		var field = cell.getAttribute("data-field");
		var select = editorFor(field);
		select.value = cell.getAttribute("data-value");
		select.setAttribute("aria-label", columnLabel(field) + " for " + pupilName(cell));
		editing = { cell: cell, select: select, before: cell.getAttribute("data-value") };
		cell.textContent = "";
		cell.appendChild(select);
		select.focus();
		select.addEventListener("keydown", function (ev) {
			if (ev.key === "Enter") {
				ev.preventDefault();
				ev.stopPropagation();
				finishEdit(true);
			} else if (ev.key === "Escape") {
				ev.preventDefault();
				ev.stopPropagation();
				finishEdit(false);
			} else if (ev.key === "Tab") {
				finishEdit(true);
			}
		});
		select.addEventListener("blur", function () {
			if (editing && editing.select === select) {
				finishEdit(true, true);
			}
		});
	}

	function finishEdit(keep, fromBlur) {
		var e = editing;
		editing = null;
		var value = keep ? e.select.value : e.before;
		e.cell.textContent = "";
		if (keep && value !== e.before) {
			setValue(e.cell, value);
		} else {
			e.cell.textContent = labelOf(e.cell.getAttribute("data-field"), e.before);
		}
		if (!fromBlur) {
			focusCell(e.cell);
		}
	}

	table.addEventListener("keydown", function (ev) {
		if (editing || !current) {
			return;
		}
		var r = rows.indexOf(current.parentNode);
		var c = current.cellIndex;
		var next = null;
		switch (ev.key) {
		case "ArrowUp": next = cellAt(r - 1, c); break;
		case "ArrowDown": next = cellAt(r + 1, c); break;
		case "ArrowLeft": next = cellAt(r, c - 1); break;
		case "ArrowRight": next = cellAt(r, c + 1); break;
		case "Home": next = cellAt(r, 0); break;
		case "End": next = cellAt(r, columns.length - 1); break;
		case "Enter":
		case "F2":
			ev.preventDefault();
			startEdit(current);
			return;
		default:
			return;
		}
		ev.preventDefault();
		focusCell(next);
	});

	table.addEventListener("click", function (ev) {
		var cell = ev.target.closest("td, th[scope=row]");
		if (!cell || editing) {
			return;
		}
		focusCell(cell);
		if (cell.hasAttribute("data-field")) {
			startEdit(cell);
		}
	});

	rows.forEach(function (row) {
		Array.prototype.forEach.call(row.cells, function (cell) {
			cell.tabIndex = -1;
		});
	});
	current = cellAt(0, 2);
	current.tabIndex = 0;

	// Flood-fill: the value list follows the chosen column.
	function fillOptions() {
		var sel = editorFor(fillCol.value);
		fillValue.innerHTML = "";
		Array.prototype.forEach.call(sel.options, function (o) {
			fillValue.appendChild(o.cloneNode(true));
		});
	}
	fillCol.addEventListener("change", fillOptions);
	fillOptions();
	fillButton.addEventListener("click", function () {
		var c = columns.indexOf(fillCol.value);
		rows.forEach(function (row) {
			setValue(row.cells[c], fillValue.value);
		});
		status.textContent = "Filled " + columnLabel(fillCol.value) + " for " + rows.length +
			" pupils; not saved yet.";
	});

	function csvField(s) {
		return /[",\r\n]/.test(s) ? "\"" + s.replace(/"/g, "\"\"") + "\"" : s;
	}

	function showErrors(body) {
		var list = errors.querySelector("ul");
		list.innerHTML = "";
		(body.errors || []).forEach(function (e) {
			var row = table.querySelector("tr[data-id='" + e.pupil + "']");
			var cell = row && e.field ? row.querySelector("td[data-field='" + e.field + "']") :
				row && row.cells[0];
			var li = document.createElement("li");
			li.textContent = (row ? row.cells[0].textContent + " – " : "") +
				(e.field ? columnLabel(e.field) + ": " : "") + e.message;
			list.appendChild(li);
			if (cell) {
				cell.setAttribute("aria-invalid", "true");
				cell.setAttribute("title", e.message);
			}
		});
		if (!body.errors || !body.errors.length) {
			var li = document.createElement("li");
			li.textContent = body.error || "Nothing was saved.";
			list.appendChild(li);
		}
		errors.hidden = false;
		errors.focus();
	}

	saveButton.addEventListener("click", function () {
		var lines = [];
		table.querySelectorAll("td.changed").forEach(function (cell) {
			var row = cell.parentNode;
			lines.push([row.getAttribute("data-id"), row.getAttribute("data-version"),
				cell.getAttribute("data-field"), cell.getAttribute("data-value")]
				.map(csvField).join(","));
		});
		if (!lines.length) {
			status.textContent = "There are no changes to save.";
			return;
		}
		saveButton.disabled = true;
		status.textContent = "Saving…";
		fetch(table.getAttribute("data-save"), {
			method: "POST",
			credentials: "same-origin",
			headers: {
				"Content-Type": "application/x-www-form-urlencoded",
				"X-CSRF-Token": table.getAttribute("data-csrf")
			},
			body: "changes=" + encodeURIComponent(lines.join("\r\n") + "\r\n")
		}).then(function (r) {
			return r.json().then(function (body) {
				return { status: r.status, body: body };
			});
		}).then(function (res) {
			saveButton.disabled = false;
			if (res.status !== 200) {
				status.textContent = res.body.error || "Nothing was saved.";
				showErrors(res.body);
				return;
			}
			errors.hidden = true;
			res.body.pupils.forEach(function (p) {
				var row = table.querySelector("tr[data-id='" + p.id + "']");
				if (row) {
					row.setAttribute("data-version", String(p.version));
				}
			});
			table.querySelectorAll("td.changed").forEach(function (cell) {
				cell.classList.remove("changed");
				cell.removeAttribute("data-original");
			});
			status.textContent = "Saved " + res.body.saved +
				(res.body.saved === 1 ? " pupil." : " pupils.");
			var off = table.querySelectorAll("td[data-field=include][data-value=no]").length;
			notice.hidden = off === 0;
			notice.textContent = "Include in data has been set to No for " + off +
				(off === 1 ? " pupil." : " pupils.");
		}).catch(function () {
			saveButton.disabled = false;
			status.textContent = "The changes could not be sent; check the connection " +
				"and press Save again. Nothing was saved.";
		});
	});
})();
