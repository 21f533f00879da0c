/*
 * fuzz_upn: typed and imported UPNs. Properties: normalising is idempotent; a UPN
 * that validates has 13 characters and the check letter it starts with; a UPN
 * that does not validate always carries a problem code and a message.
 */
#include <string.h>

#include "core/upn.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char in[64], norm[32], again[32];
	struct upn_report r;
	enum upn_fault f;
	char letter;

	if (size >= sizeof in)
		size = sizeof in - 1;
	memcpy(in, data, size);
	in[size] = '\0';

	if (!upn_normalise(in, norm, sizeof norm))
		return 0;
	if (!upn_normalise(norm, again, sizeof again) || strcmp(norm, again) != 0)
		fuzz_fail("upn", "upn_normalise is not idempotent");

	f = upn_validate(norm, &r);
	if (f == UPN_OK) {
		if (strlen(norm) != UPN_LEN)
			fuzz_fail("upn", "a valid UPN is not 13 characters");
		if (!upn_check_letter(norm, &letter) || letter != norm[0])
			fuzz_fail("upn", "a valid UPN does not start with its check letter");
		if (r.message[0] != '\0' || upn_fault_code(f)[0] != '\0')
			fuzz_fail("upn", "a valid UPN has a message");
		if (upn_is_temporary(norm) != (norm[12] >= 'A' && norm[12] <= 'Z'))
			fuzz_fail("upn", "temporary UPN detection disagrees with character 13");
	} else {
		if (r.message[0] == '\0' || upn_fault_code(f)[0] == '\0')
			fuzz_fail("upn", "an invalid UPN has no message or code");
		if (upn_valid(norm))
			fuzz_fail("upn", "upn_valid disagrees with upn_validate");
	}
	return 0;
}
