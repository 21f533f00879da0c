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

// ---- issue 3b: session expiry warning ----
// Signed-in pages carry <body data-session-seconds="N">: how long the session
// has left on the server (60 minutes after the last request, at most 12 hours
// after sign-in). Five minutes before the end a dialog offers "Stay signed in"
// (POST /session/extend, whose answer gives the new time left) and "Sign out".
// At the end the page goes to the sign-in page. Tabs share the server's latest
// answer through localStorage, so activity in one tab keeps the others open.
(function () {
	var body = document.body;
	var left = body ? parseInt(body.getAttribute("data-session-seconds") || "", 10) : NaN;
	if (!(left > 0)) {
		return;
	}
	var WARN_SECONDS = 5 * 60;
	var IDLE_SECONDS = 60 * 60;
	// Less than the idle time left at page load means the 12-hour limit binds.
	var hardEnd = left < IDLE_SECONDS ? Date.now() + left * 1000 : Infinity;
	var KEY = "pupiltrack.sessionExpiresAt";
	var expiresAt = 0;
	var warnTimer = null;
	var endTimer = null;
	var tickTimer = null;
	var dialog = null;
	var lastFocus = null;

	function shared() {
		try {
			return parseInt(window.localStorage.getItem(KEY) || "0", 10) || 0;
		} catch (e) {
			return 0;
		}
	}
	// The server's answer, in this tab and for the others.
	function setExpiry(secondsLeft) {
		expiresAt = Date.now() + secondsLeft * 1000;
		try {
			window.localStorage.setItem(KEY, String(expiresAt));
		} catch (e) {
			// Storage may be off: this tab still has its own timer.
		}
		schedule();
	}
	function minutesText(ms) {
		var m = Math.max(1, Math.ceil(ms / 60000));
		return m === 1 ? "1 minute" : m + " minutes";
	}
	function expire() {
		// Another tab may have kept the session alive meanwhile.
		var other = shared();
		if (other > expiresAt) {
			expiresAt = other;
			schedule();
			return;
		}
		window.location.assign("/sign-in?reason=expired");
	}
	function closeDialog() {
		if (!dialog) {
			return;
		}
		dialog.parentNode.removeChild(dialog);
		dialog = null;
		if (tickTimer) {
			clearInterval(tickTimer);
			tickTimer = null;
		}
		if (lastFocus && lastFocus.focus) {
			lastFocus.focus();
		}
	}
	function stay() {
		window.pupiltrack.fetchJSON("/session/extend", { method: "POST" }).then(function (r) {
			if (r.status === 200 && r.body && r.body.seconds_left > 0) {
				closeDialog();
				setExpiry(r.body.seconds_left);
			} else {
				window.location.assign("/sign-in?reason=expired");
			}
		}, function () {
			window.location.assign("/sign-in?reason=expired");
		});
	}
	function signOut() {
		var form = document.querySelector("form.sign-out");
		if (form) {
			form.submit();
		} else {
			window.location.assign("/sign-in");
		}
	}
	function button(text, cls, onClick) {
		var b = document.createElement("button");
		b.type = "button";
		b.className = cls;
		b.textContent = text;
		b.addEventListener("click", onClick);
		return b;
	}
	function showDialog() {
		if (dialog) {
			return;
		}
		lastFocus = document.activeElement;
		dialog = document.createElement("div");
		dialog.className = "session-dialog-backdrop";
		var box = document.createElement("div");
		box.className = "session-dialog";
		box.setAttribute("role", "alertdialog");
		box.setAttribute("aria-modal", "true");
		box.setAttribute("aria-labelledby", "session-dialog-title");
		box.setAttribute("aria-describedby", "session-dialog-text");
		var title = document.createElement("h2");
		title.id = "session-dialog-title";
		title.textContent = "Session Expiry Notice";
		var text = document.createElement("p");
		text.id = "session-dialog-text";
		function update() {
			text.textContent = "Your session will expire in " +
				minutesText(expiresAt - Date.now()) +
				". To continue your session, select \u201cStay signed in\u201d.";
		}
		update();
		var stayButton = button("Stay signed in", "button", stay);
		var outButton = button("Sign out", "button button-secondary", signOut);
		var actions = document.createElement("div");
		actions.className = "session-dialog-actions";
		actions.appendChild(stayButton);
		actions.appendChild(outButton);
		box.appendChild(title);
		box.appendChild(text);
		box.appendChild(actions);
		dialog.appendChild(box);
		// Escape means "stay"; Tab keeps focus on the two buttons.
		box.addEventListener("keydown", function (ev) {
			if (ev.key === "Escape") {
				ev.preventDefault();
				stay();
			} else if (ev.key === "Tab") {
				ev.preventDefault();
				(document.activeElement === stayButton ? outButton : stayButton).focus();
			}
		});
		body.appendChild(dialog);
		stayButton.focus();
		tickTimer = setInterval(update, 15000);
	}
	function schedule() {
		var now = Date.now();
		if (warnTimer) {
			clearTimeout(warnTimer);
		}
		if (endTimer) {
			clearTimeout(endTimer);
		}
		if (dialog && expiresAt - now > WARN_SECONDS * 1000) {
			closeDialog(); // another tab said "stay"
		}
		warnTimer = setTimeout(showDialog, Math.max(0, expiresAt - now - WARN_SECONDS * 1000));
		endTimer = setTimeout(expire, Math.max(0, expiresAt - now));
	}
	// Any other request of this page through fetchJSON is activity too: the
	// server restarted its idle time.
	var fetchJSON = window.pupiltrack.fetchJSON;
	window.pupiltrack.fetchJSON = function (url, options) {
		return fetchJSON(url, options).then(function (r) {
			if (r.status < 400 && url !== "/session/extend") {
				setExpiry(Math.max(0, Math.min(IDLE_SECONDS * 1000, hardEnd - Date.now()) / 1000));
			}
			return r;
		});
	};
	window.addEventListener("storage", function (ev) {
		if (ev.key === KEY) {
			var other = shared();
			if (other > expiresAt) {
				expiresAt = other;
				schedule();
			}
		}
	});
	setExpiry(left);
})();
