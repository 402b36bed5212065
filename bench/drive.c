/* drive N CMD [ARGS...] [:: CMD [ARGS...]]...
 * Runs the sequence of commands N times (fork, execv, wait; no shell, no
 * PATH search: give absolute paths). "%i" inside an argument is replaced by
 * the iteration number. Stops with status 1 at the first command that fails,
 * naming it. One hyperfine sample = N sequences, so the per-sample timer
 * noise is spread over N runs and every contender pays the same driver cost. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static char *subst(const char *arg, long i)
{
	const char *p = strstr(arg, "%i");
	if (!p)
		return (char *)arg;
	size_t n = strlen(arg) + 24;
	char *out = malloc(n);
	if (!out)
		exit(1);
	snprintf(out, n, "%.*s%ld%s", (int)(p - arg), arg, i, p + 2);
	return out;
}

static int run(char **argv, int argc, long i)
{
	char *args[argc + 1];
	for (int k = 0; k < argc; k++)
		args[k] = subst(argv[k], i);
	args[argc] = NULL;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execve(args[0], args, environ);
		_exit(127);
	}
	int status;
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	for (int k = 0; k < argc; k++)
		if (args[k] != argv[k])
			free(args[k]);
	return status;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: drive N CMD [ARGS...] [:: CMD...]...\n");
		return 2;
	}
	long n = strtol(argv[1], NULL, 10);
	for (long i = 0; i < n; i++) {
		int start = 2;
		while (start < argc) {
			int end = start;
			while (end < argc && strcmp(argv[end], "::"))
				end++;
			int st = run(argv + start, end - start, i);
			if (st != 0) {
				fprintf(stderr, "drive: iteration %ld: %s: status %#x\n", i, argv[start], st);
				return 1;
			}
			start = end + 1;
		}
	}
	return 0;
}
