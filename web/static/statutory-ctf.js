// statutory-ctf: the "Download the CTF" form of a statutory return's page. The
// "Receiving school's LAESTAB" field is only for "Another school": it is hidden
// while another destination is chosen and shown again when "Another school" is.
// Without JavaScript the field stays visible (the server ignores it for the
// other destinations), so this script is a convenience, not a need.
"use strict";
(function () {
	var dest = document.getElementById("ctf-dest");
	var field = document.getElementById("ctf-school-field");
	if (!dest || !field) {
		return;
	}

	function follow() {
		field.hidden = dest.value !== "school";
	}

	dest.addEventListener("change", function () {
		follow();
		if (!field.hidden) {
			document.getElementById("ctf-school").focus();
		}
	});
	follow();
})();
