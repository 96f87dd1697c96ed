/*
 * replay.c -- a plain main() that feeds files to LLVMFuzzerTestOneInput,
 * so `make check-fuzz` replays the corpus without a fuzzing run.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
main(int argc, char *argv[])
{
	FILE		*f;
	uint8_t		*b;
	long		 n;
	int		 i;

	for (i = 1; i < argc; i++) {
		if ((f = fopen(argv[i], "rb")) == NULL ||
		    fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
		    fseek(f, 0, SEEK_SET) != 0) {
			perror(argv[i]);
			return 1;
		}
		b = malloc((size_t)n + 1);
		if (b == NULL || fread(b, 1, (size_t)n, f) != (size_t)n) {
			perror(argv[i]);
			return 1;
		}
		fclose(f);
		LLVMFuzzerTestOneInput(b, (size_t)n);
		free(b);
	}
	printf("replayed %d inputs\n", argc - 1);
	return 0;
}
