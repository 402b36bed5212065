/* The floor for `unshare`: only the syscalls util-linux's unshare needs for
 * the given mode, then execve. No option parsing, no messages.
 *   floor_unshare n PROG ARGS...            unshare(CLONE_NEWNET); execve
 *   floor_unshare Ur PROG ARGS...           unshare(CLONE_NEWUSER); uid_map,
 *                                           setgroups=deny, gid_map; execve
 *   floor_unshare pf-mount-proc PROG ...    unshare(NEWPID|NEWNS); fork;
 *                                           child: / private, mount proc,
 *                                           execve; parent: wait, exit status
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, text, strlen(text)) < 0)
		_exit(1);
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	char **prog = argv + 2;
	if (!strcmp(argv[1], "n")) {
		if (unshare(CLONE_NEWNET))
			return 1;
	} else if (!strcmp(argv[1], "Ur")) {
		char map[64];
		uid_t uid = geteuid();
		gid_t gid = getegid();
		if (unshare(CLONE_NEWUSER))
			return 1;
		snprintf(map, sizeof map, "0 %u 1", uid);
		put("/proc/self/uid_map", map);
		put("/proc/self/setgroups", "deny");
		snprintf(map, sizeof map, "0 %u 1", gid);
		put("/proc/self/gid_map", map);
	} else if (!strcmp(argv[1], "pf-mount-proc")) {
		int status;
		if (unshare(CLONE_NEWPID | CLONE_NEWNS))
			return 1;
		pid_t pid = fork();
		if (pid < 0)
			return 1;
		if (pid > 0) {
			if (waitpid(pid, &status, 0) < 0)
				return 1;
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		}
		if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
		    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
			_exit(1);
	} else {
		return 2;
	}
	execve(prog[0], prog, environ);
	return 127;
}
