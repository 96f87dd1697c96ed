/*
 * replay.c -- a plain main() that feeds files to LLVMFuzzerTestOneInput,
 * so `make check-fuzz` replays the corpus without a fuzzing run.  When an
 * input aborts or crashes, its file name is printed before the process
 * dies with the same signal.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *volatile	 current;

/* Names the input that crashed (async-signal-safe), then dies of sig. */
static void
on_crash(int sig)
{
	static const char	 msg[] = "replay: crashed on input ";
	const char		*f = current;

	if (f != NULL && (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0 ||
	    write(STDERR_FILENO, f, strlen(f)) < 0 ||
	    write(STDERR_FILENO, "\n", 1) < 0))
		f = NULL;	/* nothing more to do about it */
	signal(sig, SIG_DFL);
	raise(sig);
}

int
main(int argc, char *argv[])
{
	FILE		*f;
	uint8_t		*b;
	long		 n;
	int		 i;

	signal(SIGABRT, on_crash);
	signal(SIGSEGV, on_crash);
	signal(SIGBUS, on_crash);
	signal(SIGFPE, on_crash);
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
		current = argv[i];
		LLVMFuzzerTestOneInput(b, (size_t)n);
		current = NULL;
		free(b);
	}
	printf("replayed %d inputs\n", argc - 1);
	return 0;
}
