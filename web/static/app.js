// pupiltrack: small progressive enhancements. Every page works without this file.
// Loaded with `defer` from /static (the CSP allows no inline script).
"use strict";
(function () {
	// Move focus to an error summary so screen readers announce it at once.
	var summary = document.querySelector(".error-summary");
	if (summary) {
		summary.focus();
	}
	// fetch() helper for later screens: sends the page's CSRF token as a header.
	window.pupiltrack = {
		csrfToken: function () {
			var field = document.querySelector("input[name=csrf]");
			return field ? field.value : "";
		},
		fetchJSON: function (url, options) {
			var opts = options || {};
			opts.headers = opts.headers || {};
			opts.credentials = "same-origin";
			if (opts.method && opts.method !== "GET") {
				opts.headers["X-CSRF-Token"] = window.pupiltrack.csrfToken();
			}
			return fetch(url, opts).then(function (r) {
				return r.json().then(function (body) {
					return { status: r.status, body: body };
				});
			});
		}
	};
})();
