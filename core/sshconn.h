/*
 * ssh:// endpoints, as the docker CLI reaches them: the system's ssh client
 * (the user's ~/.ssh/config, agent and keys) runs
 *   ssh -o ConnectTimeout=30 -T [-l USER] [-p PORT] -- HOST docker system dial-stdio
 * and the Engine API is spoken over its standard input and output.  libcurl
 * connects to a unix socket in a private folder; each connection accepted
 * there becomes the standard input and output of one ssh process
 * (docs/remote.md).
 */
#ifndef DA_SSHCONN_H
#define DA_SSHCONN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util.h"

/* The environment variable naming an ssh configuration file (ssh -F). */
#define DA_SSH_CONFIG_ENV "DOCKAUDIT_SSH_CONFIG"

/* The most ssh connections one probe keeps open at once. */
#define DA_SSH_MAX_PARALLEL 4

struct da_ssh_target {
	char *user;  /* NULL: ssh's own choice (~/.ssh/config, login name) */
	char *host;  /* without brackets for IPv6 */
	char *port;  /* NULL: ssh's own choice */
	char *url;   /* canonical ssh://[user@]host[:port], printable */
};

/*
 * Parses ssh://[user@]host[:port] (IPv6 in brackets).  Refused with a
 * one-line reason: another scheme, an empty or malformed host, a password,
 * a port outside 1-65535, a path, query or fragment, a user or host that
 * starts with '-' or holds characters outside the hostname and user-name
 * sets.  Release with da_ssh_target_release() in both cases.
 */
int da_ssh_parse(const char *url, struct da_ssh_target *t, char *err, size_t errlen);
void da_ssh_target_release(struct da_ssh_target *t);

/*
 * The ssh command line for target t (NULL-terminated, owned; free with
 * da_ssh_argv_free): prog, "-F config" when config is set, the docker
 * CLI's options, "--", the host and the remote command.
 */
char **da_ssh_argv(const struct da_ssh_target *t, const char *prog, const char *config);
void da_ssh_argv_free(char **argv);

/* The same with the remote command cmd (NULL-terminated words, fixed text
   of the caller's: never anything from the URL). */
char **da_ssh_argv_cmd(const struct da_ssh_target *t, const char *prog, const char *config,
		       const char *const *cmd);

/* What one remote command gave (da_ssh_capture). */
struct da_ssh_capture {
	struct da_buf out;  /* its standard output, at most max bytes */
	bool too_big;       /* more than max bytes came: reading stopped, ssh ended */
	bool timed_out;     /* it did not finish in time: ssh ended */
	int status;         /* ssh's exit status (the remote command's, or 255
			       for ssh's own failures); -1 when ended by a signal */
	int signal;         /* the signal that ended it, else 0 */
	char *errline;      /* the last line of its standard error, control
			       characters escaped and cut, or NULL */
};

/*
 * Runs cmd on target t with the same ssh command line as the connections
 * (the same $PATH lookup, $DOCKAUDIT_SSH_CONFIG and URL settings), standard
 * input from /dev/null, and reads its output: at most max bytes of
 * standard output and the last 64 KiB of standard error, within timeout_ms
 * (then ssh gets SIGTERM, later SIGKILL).  Returns 0 when ssh ran (c says
 * how it ended), else a negative da_err with a one-line reason (no ssh in
 * $PATH, cannot start it).  Release c with da_ssh_capture_release() in
 * both cases.
 */
int da_ssh_capture(const struct da_ssh_target *t, const char *const *cmd, size_t max,
		   long timeout_ms, struct da_ssh_capture *c, char *err, size_t errlen);
void da_ssh_capture_release(struct da_ssh_capture *c);

struct da_ssh_conn {
	pid_t pid;    /* the ssh process, 0 once reaped */
	int errfd;    /* a memory file holding ssh's standard error */
};

struct da_ssh {
	struct da_ssh_target t;
	char **argv;
	char *dir;          /* the private folder (mode 0700) */
	char *sock;         /* the socket in it that libcurl connects to */
	int lfd;            /* listening on sock, -1 when none */
	struct da_ssh_conn *conns;
	size_t n, cap;
	char problem[512];  /* why an ssh process failed, first one kept */
};

/*
 * Parses url, finds ssh in $PATH, and listens on a socket in a new private
 * folder under $TMPDIR (else /tmp).  Returns 0, or a negative da_err with
 * a one-line reason ("ssh not found in PATH", a bad URL).  Release with
 * da_ssh_release() in both cases: it removes the socket and the folder.
 */
int da_ssh_init(struct da_ssh *s, const char *url, char *err, size_t errlen);

/*
 * Accepts every connection waiting on the socket, each handed to a new ssh
 * process as its standard input and output, and reaps the ssh processes
 * that left (a failure is kept for da_ssh_problem).  Never blocks.
 */
void da_ssh_pump(struct da_ssh *s);

/* Why the connection failed as ssh tells it (an ssh process that left
   with an error status, the last line of its standard error), or NULL.
   Waits up to a second for ssh processes still running to leave. */
const char *da_ssh_problem(struct da_ssh *s);

/* Closes the socket, removes it and its folder, ends every ssh process
   (their connections must be closed first), frees everything. */
void da_ssh_release(struct da_ssh *s);

#endif
