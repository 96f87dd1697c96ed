/*
 * main.c -- the process model only (kfcgi.c, R18): flags, the master,
 * fork/respawn, signals.
 *
 * The master opens the FastCGI socket (a stale socket nobody listens on
 * is removed first), forks --workers children and then only waits in
 * sigsuspend() with its signals blocked; the handlers just set flags.
 *   SIGCHLD          reap (waitpid WNOHANG); a child that died is
 *                    respawned: at once if it had lived 1 s or more,
 *                    else after a delay that starts at 100 ms and
 *                    doubles up to 5 s (per slot; a healthy child
 *                    resets it).
 *   SIGTERM, SIGINT  drain: SIGTERM to every child, wait for them all
 *                    (each finishes the request in hand), remove the
 *                    socket and the pid file, exit 0.
 *   SIGHUP           rolling restart, one slot at a time: fork the
 *                    replacement, then SIGTERM the old child and wait
 *                    for it before the next slot, so there is never a
 *                    moment without children.
 * Children die with the master (PR_SET_PDEATHSIG, and a getppid() check
 * after each request).
 */
#include <errno.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "config.h"
#include "log.h"
#include "router.h"
#include "server.h"
#include "util.h"

#define BACKOFF_FIRST_MS	100
#define BACKOFF_MAX_MS		5000
#define HEALTHY_MS		1000

extern char **environ;

/* One worker position. */
struct slot {
	pid_t	 pid;		/* 0: none (respawn due at respawn_at) */
	pid_t	 retiring;	/* old child being replaced (SIGHUP) */
	double	 started;	/* now_ms() at fork */
	double	 respawn_at;
	int	 delay_ms;	/* current backoff */
	int	 rolled;	/* replaced during this SIGHUP round */
};

static volatile sig_atomic_t	 got_term, got_hup, got_chld, got_alrm;

static void
on_signal(int sig)
{
	switch (sig) {
	case SIGTERM:
	case SIGINT:
		got_term = 1;
		break;
	case SIGHUP:
		got_hup = 1;
		break;
	case SIGCHLD:
		got_chld = 1;
		break;
	case SIGALRM:
		got_alrm = 1;
		break;
	}
}

/* 1 if something accepts connections on the Unix socket at path. */
static int
socket_live(const char *path)
{
	struct sockaddr_un	 sun;
	int			 fd, live;

	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		return 0;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	live = connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0;
	close(fd);
	return live;
}

/*
 * Returns 1 if addr is a TCP address as libfcgi reads it ("[HOST]:PORT": no
 * '/', digits after the last ':'), 0 for a Unix socket path.
 */
static int
socket_is_tcp(const char *addr)
{
	const char	*p;

	if (strchr(addr, '/') != NULL || (p = strrchr(addr, ':')) == NULL ||
	    p[1] == '\0')
		return 0;
	for (p++; *p != '\0'; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return 1;
}

/*
 * Makes way for a Unix socket at path: refuses a non-socket or a live
 * socket, removes a stale one, checks the folder is writable (libfcgi
 * exit()s on a failed bind).  Returns 0, or -1 (logged).
 */
static int
unix_socket_prepare(const char *path)
{
	struct stat	 st;
	char		*dir;
	int		 rc = 0;

	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			LOG_ERROR("master", "%s exists and is not a socket", path);
			return -1;
		}
		if (socket_live(path)) {
			LOG_ERROR("master", "%s is in use by another process", path);
			return -1;
		}
		if (unlink(path) == -1) {
			LOG_ERROR("master", "cannot remove stale %s: %s", path,
			    strerror(errno));
			return -1;
		}
		LOG_INFO("master", "removed stale socket %s", path);
	}
	dir = xstrdup(path);
	if (access(dirname(dir), W_OK | X_OK) == -1) {
		LOG_ERROR("master", "cannot create %s: %s", path,
		    strerror(errno));
		rc = -1;
	}
	free(dir);
	return rc;
}

/*
 * Opens the listening socket: a Unix socket (mode --socket-mode) or TCP
 * "[HOST]:PORT" (containers), with a --backlog queue.  The backlog is
 * longer than kfcgi's 2 x workers on purpose: nginx does not queue, so a
 * connection refused by a full backlog is a 502 for the client.
 * Returns the descriptor and, for a Unix socket, its inode in *ino (0 for
 * TCP), or -1 (logged).
 */
static int
open_socket(const struct config *cfg, ino_t *ino)
{
	struct stat	 st;
	int		 fd, tcp;

	*ino = 0;
	tcp = socket_is_tcp(cfg->socket);
	if (!tcp && unix_socket_prepare(cfg->socket) == -1)
		return -1;
	errno = 0;
	if ((fd = FCGX_OpenSocket(cfg->socket, cfg->backlog)) < 0) {
		LOG_ERROR("master", "cannot listen on %s: %s", cfg->socket,
		    errno != 0 ? strerror(errno) : "error");
		return -1;
	}
	if (tcp)
		return fd;
	if (chmod(cfg->socket, (mode_t)cfg->socket_mode) == -1 ||
	    stat(cfg->socket, &st) == -1) {
		LOG_ERROR("master", "%s: %s", cfg->socket, strerror(errno));
		close(fd);
		return -1;
	}
	*ino = st.st_ino;
	return fd;
}

/* Removes a Unix socket (ino != 0) if it is still the one we created. */
static void
close_socket(const struct config *cfg, int fd, ino_t ino)
{
	struct stat	 st;

	close(fd);
	if (ino != 0 && lstat(cfg->socket, &st) == 0 && st.st_ino == ino)
		unlink(cfg->socket);
}

/* Forks a worker child.  Returns its pid, or -1 (logged). */
static pid_t
spawn(int sock, const struct config *cfg)
{
	pid_t	 pid, master = getpid();

	if ((pid = fork()) == -1) {
		LOG_ERROR("master", "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0)
		_exit(server_child(sock, cfg, master));
	LOG_DEBUG("master", "started child %ld", (long)pid);
	return pid;
}

/* Logs how child pid ended (status from waitpid) and when it comes back. */
static void
log_death(pid_t pid, int status, int delay_ms)
{
	if (WIFSIGNALED(status))
		LOG_WARN("master", "child %ld killed by signal %d; respawning "
		    "in %d ms", (long)pid, WTERMSIG(status), delay_ms);
	else
		LOG_WARN("master", "child %ld exited with status %d; respawning "
		    "in %d ms", (long)pid, WEXITSTATUS(status), delay_ms);
}

/* Reaps every dead child and schedules respawns (not while stopping). */
static void
reap(struct slot *slots, int n, int stopping)
{
	pid_t	 pid;
	int	 status, i;
	double	 now;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		now = now_ms();
		for (i = 0; i < n; i++) {
			if (slots[i].retiring == pid) {
				slots[i].retiring = 0;
				LOG_INFO("master", "old child %ld done",
				    (long)pid);
				break;
			}
			if (slots[i].pid != pid)
				continue;
			slots[i].pid = 0;
			if (stopping) {
				LOG_DEBUG("master", "child %ld done", (long)pid);
				break;
			}
			if (now - slots[i].started < HEALTHY_MS)
				slots[i].delay_ms = slots[i].delay_ms == 0 ?
				    BACKOFF_FIRST_MS : slots[i].delay_ms * 2;
			else
				slots[i].delay_ms = 0;
			if (slots[i].delay_ms > BACKOFF_MAX_MS)
				slots[i].delay_ms = BACKOFF_MAX_MS;
			slots[i].respawn_at = now + slots[i].delay_ms;
			log_death(pid, status, slots[i].delay_ms);
			break;
		}
	}
}

/* Spawns children whose respawn is due; arms the timer for the rest. */
static void
respawn(struct slot *slots, int n, int sock, const struct config *cfg)
{
	struct itimerval	 it;
	double			 now = now_ms(), next = 0, wait;
	int			 i;

	for (i = 0; i < n; i++) {
		if (slots[i].pid != 0)
			continue;
		if (slots[i].respawn_at <= now) {
			slots[i].started = now;
			if ((slots[i].pid = spawn(sock, cfg)) == -1) {
				slots[i].pid = 0;
				slots[i].delay_ms = BACKOFF_MAX_MS;
				slots[i].respawn_at = now + BACKOFF_MAX_MS;
			}
		}
		if (slots[i].pid == 0 && (next == 0 || slots[i].respawn_at < next))
			next = slots[i].respawn_at;
	}
	memset(&it, 0, sizeof(it));
	if (next > 0) {
		wait = next - now < 1 ? 1 : next - now;
		it.it_value.tv_sec = (time_t)(wait / 1000);
		it.it_value.tv_usec = (suseconds_t)((long)wait % 1000 * 1000);
	}
	setitimer(ITIMER_REAL, &it, NULL);
}

/*
 * One step of a SIGHUP round: replace the next slot not yet rolled
 * (fork the new child, SIGTERM the old) unless an old child is still
 * draining.  Returns 1 while the round goes on, 0 when it is done.
 */
static int
roll(struct slot *slots, int n, int sock, const struct config *cfg)
{
	pid_t	 pid;
	int	 i;

	for (i = 0; i < n; i++)
		if (slots[i].retiring != 0)
			return 1;
	for (i = 0; i < n; i++) {
		if (slots[i].rolled)
			continue;
		slots[i].rolled = 1;
		if (slots[i].pid == 0 || (pid = spawn(sock, cfg)) == -1)
			continue;
		slots[i].retiring = slots[i].pid;
		slots[i].pid = pid;
		slots[i].started = now_ms();
		slots[i].delay_ms = 0;
		kill(slots[i].retiring, SIGTERM);
		return 1;
	}
	LOG_INFO("master", "reload done");
	return 0;
}

/* Children still alive (current and retiring). */
static int
alive(const struct slot *slots, int n)
{
	int	 i, k = 0;

	for (i = 0; i < n; i++)
		k += (slots[i].pid != 0) + (slots[i].retiring != 0);
	return k;
}

/* Writes our pid to path; returns 0 or -1 (logged). */
static int
write_pidfile(const char *path)
{
	FILE	*f;

	if ((f = fopen(path, "w")) == NULL ||
	    fprintf(f, "%ld\n", (long)getpid()) < 0 || fclose(f) != 0) {
		LOG_ERROR("master", "pid file %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* The master: spawn, wait, respawn, reload, drain.  Returns exit status. */
static int
master(const struct config *cfg)
{
	struct sigaction	 sa;
	struct itimerval	 off;
	sigset_t		 block, waitmask;
	struct slot		*slots;
	ino_t			 ino;
	int			 sock, i, n = cfg->workers, rolling = 0;

	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGALRM);
	sigprocmask(SIG_BLOCK, &block, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	sigemptyset(&waitmask);

	if ((sock = open_socket(cfg, &ino)) == -1)
		return 1;
	if (*cfg->pidfile != '\0' && write_pidfile(cfg->pidfile) == -1) {
		close_socket(cfg, sock, ino);
		return 1;
	}
	LOG_INFO("master", "listening on %s with %d workers", cfg->socket, n);
	slots = xcalloc((size_t)n, sizeof(*slots));
	respawn(slots, n, sock, cfg);
	for (;;) {
		while (!got_term && !got_hup && !got_chld && !got_alrm)
			sigsuspend(&waitmask);
		got_alrm = 0;
		if (got_chld) {
			got_chld = 0;
			reap(slots, n, 0);
		}
		if (got_term)
			break;
		if (got_hup) {
			got_hup = 0;
			LOG_INFO("master", "reload: replacing children one by one");
			for (i = 0; i < n; i++)
				slots[i].rolled = 0;
			rolling = 1;
		}
		if (rolling)
			rolling = roll(slots, n, sock, cfg);
		respawn(slots, n, sock, cfg);
	}

	LOG_INFO("master", "stopping: draining %d children", alive(slots, n));
	memset(&off, 0, sizeof(off));
	setitimer(ITIMER_REAL, &off, NULL);
	for (i = 0; i < n; i++) {
		if (slots[i].pid != 0)
			kill(slots[i].pid, SIGTERM);
		if (slots[i].retiring != 0)
			kill(slots[i].retiring, SIGTERM);
	}
	reap(slots, n, 1);
	while (alive(slots, n) > 0) {
		sigsuspend(&waitmask);
		got_chld = 0;
		reap(slots, n, 1);
	}
	free(slots);
	close_socket(cfg, sock, ino);
	if (*cfg->pidfile != '\0')
		unlink(cfg->pidfile);
	LOG_INFO("master", "stopped");
	return 0;
}

int
main(int argc, char *argv[])
{
	struct config	 cfg;
	struct buf	 err = { NULL, 0, 0 };
	char		*line, *next;
	int		 rc;

	if (cfg_parse(&cfg, argc, argv, environ, &err) == -1) {
		for (line = err.p; line != NULL && *line != '\0'; line = next) {
			next = strchr(line, '\n');
			if (next != NULL)
				*next++ = '\0';
			fprintf(stderr, "hitfinder-fcgi: %s\n", line);
		}
		buf_free(&err);
		cfg_free(&cfg);
		return 2;
	}
	buf_free(&err);
	if (cfg.help) {
		cfg_help(stdout);
		cfg_free(&cfg);
		return 0;
	}
	if (cfg.dump_routes) {
		route_dump(stdout);
		cfg_free(&cfg);
		return 0;
	}
	log_threshold = cfg.log_level;
	rc = master(&cfg);
	cfg_free(&cfg);
	return rc;
}
