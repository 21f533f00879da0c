/* reports.js: small enhancements of the Full Report and the Venn diagrams
 * (issue 8a). Without it every link still works: it opens the same page with
 * the pupils listed. With it a percentage or a Venn region shows its pupils in
 * place and a second click hides them; Print buttons print the page. */
(function () {
	"use strict";

	document.addEventListener("click", function (ev) {
		var btn = ev.target.closest ? ev.target.closest(".report-print") : null;
		if (btn) {
			ev.preventDefault();
			window.print();
			return;
		}
		var link = ev.target.closest ? ev.target.closest("a[data-list], a.venn-region") : null;
		if (!link || ev.ctrlKey || ev.metaKey || ev.shiftKey)
			return;
		ev.preventDefault();
		var key = link.getAttribute("data-list") || link.getAttribute("data-region");
		var host = link.closest(".venn-block") || document.querySelector("main");
		var open = host.querySelector(".pupil-list[data-key]");
		if (open) {
			var same = open.getAttribute("data-key") === key;
			open.parentNode.removeChild(open);
			document.querySelectorAll("[aria-expanded=true]").forEach(function (el) {
				el.setAttribute("aria-expanded", "false");
			});
			if (same)
				return;
		}
		/* an SVG <a> has no string href property */
		var href = link.getAttribute("href") || link.getAttribute("xlink:href");
		fetch(href, { credentials: "same-origin" })
			.then(function (r) {
				if (!r.ok)
					throw new Error(r.status);
				return r.text();
			})
			.then(function (html) {
				var doc = new DOMParser().parseFromString(html, "text/html");
				var sec = doc.querySelector("#pupils");
				if (!sec)
					return;
				sec = document.importNode(sec, true);
				sec.removeAttribute("id");
				sec.setAttribute("data-key", key);
				var title = sec.querySelector("h2");
				if (title)
					title.removeAttribute("id");
				sec.removeAttribute("aria-labelledby");
				host.appendChild(sec);
				link.setAttribute("aria-expanded", "true");
				sec.setAttribute("tabindex", "-1");
				sec.focus();
			})
			.catch(function () {
				window.location.href = href;
			});
	});
})();
