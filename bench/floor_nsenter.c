/* The floor for `nsenter --net=FILE PROG`: open, setns, execve. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET))
		return 1;
	close(fd);
	execve(argv[2], argv + 2, environ);
	return 127;
}
