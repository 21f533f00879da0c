/* upload.js: the drop zone of "Upload & send" (issue 7b). Without it the file
 * picker takes several files and the form works the same. With it files
 * dragged onto the box are put into the picker, and the chosen files are
 * listed with their sizes; files over 3 MiB are marked before anything is sent
 * (the server checks again and refuses them). */
(function () {
	"use strict";

	var LIMIT = 3145728;

	function sizeText(n) {
		if (n >= 1048576)
			return (n / 1048576).toFixed(1) + " MiB";
		if (n >= 1024)
			return Math.ceil(n / 1024) + " KiB";
		return n + " bytes";
	}

	function show(zone, input) {
		var list = zone.querySelector(".drop-list");
		if (!list)
			return;
		while (list.firstChild)
			list.removeChild(list.firstChild);
		Array.prototype.forEach.call(input.files || [], function (f) {
			var li = document.createElement("li");
			li.textContent = f.name + " (" + sizeText(f.size) + ")";
			if (f.size > LIMIT) {
				li.className = "error-message";
				li.textContent += ": over the 3 MiB limit, it will be refused";
			}
			list.appendChild(li);
		});
	}

	document.querySelectorAll("[data-drop-zone]").forEach(function (zone) {
		var input = zone.querySelector("input[type=file]");
		if (!input)
			return;
		input.addEventListener("change", function () {
			show(zone, input);
		});
		["dragenter", "dragover"].forEach(function (t) {
			zone.addEventListener(t, function (ev) {
				ev.preventDefault();
				zone.classList.add("drop-active");
			});
		});
		["dragleave", "drop"].forEach(function (t) {
			zone.addEventListener(t, function () {
				zone.classList.remove("drop-active");
			});
		});
		zone.addEventListener("drop", function (ev) {
			ev.preventDefault();
			if (!ev.dataTransfer || !ev.dataTransfer.files.length)
				return;
			input.files = ev.dataTransfer.files;
			show(zone, input);
		});
	});
})();
