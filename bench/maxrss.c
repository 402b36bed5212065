/* maxrss PROG ARGS...: run PROG (no shell, no PATH search), print its peak
 * RSS in KiB (wait4's ru_maxrss) on stderr as "maxrss KIB", exit with its
 * status. The kernel keeps the peak across execve, so a tool that execs a
 * tiny program reports its own peak. */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	pid_t pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		execve(argv[1], argv + 1, environ);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0)
		return 1;
	fprintf(stderr, "maxrss %ld\n", ru.ru_maxrss);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
