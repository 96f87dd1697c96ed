/*
 * handlers/handlers.h -- one file per resource (cgit ui-*.c).  Each
 * handler returns an HTTP status and fills struct resp (R7); the
 * routes[] table in router.c points at these functions, their
 * parameter tables and their item fields.
 */
#ifndef HF_HANDLERS_H
#define HF_HANDLERS_H

#include <stddef.h>

#include "request.h"
#include "resp.h"

enum http	h_health(struct req *, struct resp *);
enum http	h_datasets_list(struct req *, struct resp *);
enum http	h_institution_get(struct req *, struct resp *);
enum http	h_institutions_list(struct req *, struct resp *);
enum http	h_programs_list(struct req *, struct resp *);
enum http	h_program_get(struct req *, struct resp *);
enum http	h_openapi(struct req *, struct resp *);
enum http	h_careers_list(struct req *, struct resp *);
enum http	h_career_get(struct req *, struct resp *);
enum http	h_career_states(struct req *, struct resp *);
enum http	h_career_state_get(struct req *, struct resp *);
enum http	h_compare(struct req *, struct resp *);
enum http	h_state_get(struct req *, struct resp *);
enum http	h_certifications_list(struct req *, struct resp *);
enum http	h_certification_get(struct req *, struct resp *);
enum http	h_degrees_list(struct req *, struct resp *);
enum http	h_pathways(struct req *, struct resp *);
enum http	h_suggest(struct req *, struct resp *);

extern const struct param	 health_params[];
extern const struct param	 datasets_list_params[];
extern const struct param	 institution_get_params[];
extern const struct param	 institutions_list_params[];
extern const struct param	 programs_list_params[];
extern const struct param	 program_get_params[];
extern const struct param	 openapi_params[];
extern const struct param	 careers_list_params[];
extern const struct param	 career_get_params[];
extern const struct param	 career_states_params[];
extern const struct param	 career_state_get_params[];
extern const struct param	 compare_params[];
extern const struct param	 state_get_params[];
extern const struct param	 certifications_list_params[];
extern const struct param	 certification_get_params[];
extern const struct param	 degrees_list_params[];
extern const struct param	 pathways_params[];
extern const struct param	 suggest_params[];

extern const char *const	 health_fields[];
extern const char *const	 dataset_fields[];
extern const char *const	 institution_fields[];
extern const char *const	 institution_list_fields[];
extern const char *const	 program_fields[];
extern const char *const	 program_get_fields[];
extern const char *const	 career_list_fields[];
extern const char *const	 career_fields[];
extern const char *const	 career_state_fields[];
extern const char *const	 career_state_get_fields[];
extern const char *const	 compare_fields[];
extern const char *const	 state_fields[];
extern const char *const	 certification_fields[];
extern const char *const	 degree_fields[];
extern const char *const	 pathway_fields[];
extern const char *const	 suggest_fields[];

/* fcgi/openapi.gen.c, generated from fcgi/openapi.json by build.mk. */
extern const unsigned char	 openapi_json[];
extern const size_t		 openapi_json_len;

#endif /* HF_HANDLERS_H */
