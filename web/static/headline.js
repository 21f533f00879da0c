// pupiltrack: the home page's progress headline, one at a time (issue 8c).
// Without this file (or with prefers-reduced-motion: reduce) every headline is
// listed. Otherwise the list shows one headline, moving to the next every
// HEADLINE_SECONDS; a Pause button stops it (and Play starts it again), and
// hovering or focusing the headlines holds it too (WCAG 2.2.2). While it moves
// the list is not a live region, so screen readers are not interrupted; when
// paused, Next and Previous change it and the change is announced.
"use strict";
(function () {
	var HEADLINE_SECONDS = 6;
	var list = document.querySelector(".headline-list");
	if (!list) {
		return;
	}
	var items = list.querySelectorAll("li");
	var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");
	if (items.length < 2 || (reduce && reduce.matches)) {
		return; // all are shown, nothing moves
	}
	var current = 0;
	var paused = false;
	var held = false;
	var timer = null;

	var bar = document.createElement("div");
	bar.className = "headline-controls";
	var pause = document.createElement("button");
	pause.type = "button";
	pause.className = "headline-pause";
	var prev = document.createElement("button");
	prev.type = "button";
	prev.textContent = "Previous";
	var next = document.createElement("button");
	next.type = "button";
	next.textContent = "Next";
	var count = document.createElement("span");
	count.className = "headline-count";
	bar.appendChild(pause);
	bar.appendChild(prev);
	bar.appendChild(next);
	bar.appendChild(count);
	list.parentNode.insertBefore(bar, list);
	list.classList.add("cycling");

	function show(i) {
		current = (i + items.length) % items.length;
		for (var k = 0; k < items.length; k++) {
			items[k].hidden = k !== current;
		}
		count.textContent = current + 1 + " of " + items.length;
	}
	function moving() {
		return !paused && !held;
	}
	function update() {
		pause.textContent = paused ? "Play" : "Pause";
		pause.setAttribute("aria-pressed", paused ? "true" : "false");
		pause.setAttribute("aria-label", paused ? "Play the headlines" : "Pause the headlines");
		list.setAttribute("aria-live", moving() ? "off" : "polite");
		if (timer) {
			clearInterval(timer);
			timer = null;
		}
		if (moving()) {
			timer = setInterval(function () {
				show(current + 1);
			}, HEADLINE_SECONDS * 1000);
		}
	}
	pause.addEventListener("click", function () {
		paused = !paused;
		update();
	});
	prev.addEventListener("click", function () {
		paused = true;
		show(current - 1);
		update();
	});
	next.addEventListener("click", function () {
		paused = true;
		show(current + 1);
		update();
	});
	list.addEventListener("mouseenter", function () {
		held = true;
		update();
	});
	list.addEventListener("mouseleave", function () {
		held = false;
		update();
	});
	list.addEventListener("focusin", function () {
		held = true;
		update();
	});
	list.addEventListener("focusout", function () {
		held = false;
		update();
	});
	// A user who switches reduced motion on meanwhile gets the full list back.
	if (reduce && reduce.addEventListener) {
		reduce.addEventListener("change", function (e) {
			if (e.matches) {
				paused = true;
				update();
				for (var k = 0; k < items.length; k++) {
					items[k].hidden = false;
				}
				list.classList.remove("cycling");
				bar.hidden = true;
			}
		});
	}
	show(0);
	update();
})();
