/*
 * log.h -- one line per request and levelled messages on stderr (R20).
 * Every user-supplied byte is escaped so nobody can forge a line.
 */
#ifndef HF_LOG_H
#define HF_LOG_H

#include <stddef.h>

#include "util.h"

enum loglevel {
	LL_DEBUG,
	LL_INFO,
	LL_WARN,
	LL_ERROR,
	LL__MAX
};

/* Messages below this level are skipped without formatting them. */
extern enum loglevel log_threshold;

#define LOG_AT(lvl, who, ...) do {					\
	if ((lvl) >= log_threshold)					\
		log_msg((lvl), (who), __VA_ARGS__);			\
} while (0)
#define LOG_DEBUG(who, ...)	LOG_AT(LL_DEBUG, (who), __VA_ARGS__)
#define LOG_INFO(who, ...)	LOG_AT(LL_INFO, (who), __VA_ARGS__)
#define LOG_WARN(who, ...)	LOG_AT(LL_WARN, (who), __VA_ARGS__)
#define LOG_ERROR(who, ...)	LOG_AT(LL_ERROR, (who), __VA_ARGS__)

const char	*log_level_name(enum loglevel);
int		 log_level_parse(const char *, enum loglevel *);
void		 log_msg(enum loglevel, const char *, const char *, ...)
		    HF_PRINTF(3, 4);
void		 log_request(const char *, const char *, int, double,
		    long long, double, const char *);
size_t		 log_escape(char *, size_t, const char *, size_t);

#endif /* HF_LOG_H */
