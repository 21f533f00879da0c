/*
 * replay: runs a fuzz target over files, for CTest and for reproducing a crash:
 *   fuzz_<target>_replay FILE|DIR...
 * Every regular file given, or found directly in a folder given, is one input.
 * Exit 0 when every input ran, 2 on usage or I/O trouble; a broken property
 * aborts inside the target.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

enum { REPLAY_MAX = 4 * 1024 * 1024 };

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	size_t n;

	if (!f) {
		fprintf(stderr, "replay: cannot open %s\n", path);
		return -1;
	}
	buf = malloc(REPLAY_MAX);
	if (!buf) {
		fclose(f);
		return -1;
	}
	n = fread(buf, 1, REPLAY_MAX, f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int run_path(const char *path, int *count)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	int rc = 0;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: no such file or folder: %s\n", path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		return run_file(path);
	}
	d = opendir(path);
	if (!d)
		return -1;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		char full[4096];
		if (de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(full, sizeof full, "%s/%s", path, de->d_name) >= sizeof full)
			rc = -1;
		else if (stat(full, &st) == 0 && S_ISREG(st.st_mode)) {
			(*count)++;
			rc = run_file(full);
		}
	}
	closedir(d);
	return rc;
}

int main(int argc, char **argv)
{
	int count = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		if (run_path(argv[i], &count) != 0)
			return 2;
	if (count == 0) {
		fprintf(stderr, "replay: no inputs found\n");
		return 2;
	}
	printf("replay: %d inputs ran\n", count);
	return 0;
}
