/*
 * server.h -- a worker child: the accept loop (parse -> route ->
 * handler -> render -> finish) until SIGTERM or the master's death.
 */
#ifndef HF_SERVER_H
#define HF_SERVER_H

#include <sys/types.h>

#include "config.h"

int	 server_child(int, const struct config *, pid_t);

#endif /* HF_SERVER_H */
