/* pair N CMD [ARGS...] [:: CMD [ARGS...]]...
 * Finely interleaved timing: each of N iterations runs every command once
 * (fork, execve, wait4; the starting command rotates every iteration), so
 * all contenders see the same moment of a noisy, shared machine. Prints per
 * command, on one line each: the median wall time of one run in µs, the
 * median CPU time (user + system, from wait4) in µs, and the median over
 * iterations of the wall-time ratio to the LAST command (the baseline).
 * A failing run stops everything with status 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, long n)
{
	qsort(v, n, sizeof *v, cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: pair N CMD [ARGS...] [:: CMD...]...\n");
		return 2;
	}
	long n = strtol(argv[1], NULL, 10);
	char **cmd[64];
	int k = 0;
	cmd[k++] = argv + 2;
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], "::")) {
			argv[i] = NULL;
			if (k == 64)
				return 2;
			cmd[k++] = argv + i + 1;
		}
	double *wall = calloc((size_t)n * k, sizeof *wall);
	double *cpu = calloc((size_t)n * k, sizeof *cpu);
	double *ratio = calloc((size_t)n, sizeof *ratio);
	if (!wall || !cpu || !ratio)
		return 1;
	for (long it = 0; it < n; it++) {
		for (int j = 0; j < k; j++) {
			int c = (int)((j + it) % k);
			double t0 = now_us();
			pid_t pid = fork();
			if (pid == 0) {
				execve(cmd[c][0], cmd[c], environ);
				_exit(127);
			}
			int status;
			struct rusage ru;
			if (pid < 0 || wait4(pid, &status, 0, &ru) < 0)
				return 1;
			wall[c * n + it] = now_us() - t0;
			cpu[c * n + it] = ru.ru_utime.tv_sec * 1e6 + ru.ru_utime.tv_usec +
					  ru.ru_stime.tv_sec * 1e6 + ru.ru_stime.tv_usec;
			if (status != 0) {
				fprintf(stderr, "pair: %s: status %#x\n", cmd[c][0], status);
				return 1;
			}
		}
	}
	for (int c = 0; c < k; c++) {
		for (long it = 0; it < n; it++)
			ratio[it] = wall[c * n + it] / wall[(k - 1) * n + it];
		double r = median(ratio, n);
		printf("%.1f %.1f %.4f\n", median(wall + c * n, n), median(cpu + c * n, n), r);
	}
	return 0;
}
