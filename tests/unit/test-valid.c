/*
 * test-valid.c -- every validator with good and bad-* cases (sqlbox
 * naming: test_valid_radius_bad_range).  A validator must accept the
 * whole value or fail with a message naming the range or the values;
 * it never clamps.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "request.h"
#include "router.h"
#include "valid.h"

#include "t.h"

static struct req	 r;

/* Runs fn on val for a parameter called name; returns its result. */
static int
v(int (*fn)(struct req *, const struct param *, const char *),
    const char *name, const char *val)
{
	struct param	 p = { name, fn, 0, 0, 0, NULL };

	r.verr[0] = '\0';
	return fn(&r, &p, val);
}

/* Expects fn(val) to fail and r.verr to be msg. */
#define BAD(fn, name, val, msg) do {					\
	ASSERT_EQ(v(fn, name, val), -1);				\
	ASSERT_STR(r.verr, msg);					\
	ASSERT_NULL(r.v.s);						\
} while (0)

/* Expects fn(val) to succeed with canonical text s. */
#define GOOD(fn, name, val, want) do {					\
	ASSERT_EQ(v(fn, name, val), 0);					\
	ASSERT_STR(r.v.s, want);					\
} while (0)

static void
test_valid_page_good(void)
{
	GOOD(valid_page, "page", "1", "1");
	ASSERT_EQ(r.v.i, 1);
	GOOD(valid_page, "page", " 1000000 ", "1000000");
	ASSERT_EQ(r.v.i, 1000000);
	GOOD(valid_page, "page", "007", "7");
}

static void
test_valid_page_bad_range(void)
{
	const char *m = "page must be a whole number from 1 to 1000000";

	BAD(valid_page, "page", "0", m);
	BAD(valid_page, "page", "1000001", m);
}

static void
test_valid_page_bad_syntax(void)
{
	const char *m = "page must be a whole number from 1 to 1000000";

	BAD(valid_page, "page", "", m);
	BAD(valid_page, "page", "-1", m);
	BAD(valid_page, "page", "+1", m);
	BAD(valid_page, "page", "1.0", m);
	BAD(valid_page, "page", "1e3", m);
	BAD(valid_page, "page", "12abc", m);
	BAD(valid_page, "page", "0x10", m);
	BAD(valid_page, "page", "1 2", m);
	BAD(valid_page, "page", "99999999999999999999999", m);
}

static void
test_valid_per_page_good(void)
{
	GOOD(valid_per_page, "per_page", "100", "100");
	GOOD(valid_per_page, "per_page", "1", "1");
}

static void
test_valid_per_page_bad_range(void)
{
	const char *m = "per_page must be a whole number from 1 to 100";

	BAD(valid_per_page, "per_page", "101", m);
	BAD(valid_per_page, "per_page", "0", m);
}

static void
test_valid_int_good(void)
{
	struct param	 p = { "tuition_max", valid_int, 0, -5, 100000, NULL };

	ASSERT_EQ(valid_int(&r, &p, "-5"), 0);
	ASSERT_EQ(r.v.i, -5);
	ASSERT_EQ(valid_int(&r, &p, "+100000"), 0);
	ASSERT_EQ(r.v.i, 100000);
	ASSERT_EQ(valid_int_in(&r, &p, "9223372036854775807", 0, INT64_MAX), 0);
	ASSERT_EQ(r.v.i, INT64_MAX);
}

static void
test_valid_int_bad_range(void)
{
	struct param	 p = { "tuition_max", valid_int, 0, -5, 100000, NULL };

	ASSERT_EQ(valid_int(&r, &p, "100001"), -1);
	ASSERT_STR(r.verr, "tuition_max must be an integer from -5 to 100000");
	ASSERT_EQ(valid_int(&r, &p, "-6"), -1);
	ASSERT_EQ(valid_int_in(&r, &p, "9223372036854775808", 0, INT64_MAX),
	    -1);		/* ERANGE: fails, never clamps */
	ASSERT_EQ(valid_int_in(&r, &p, "-9223372036854775809", INT64_MIN, 0),
	    -1);
}

static void
test_valid_int_bad_syntax(void)
{
	struct param	 p = { "n", valid_int, 0, -10, 10, NULL };

	ASSERT_EQ(valid_int(&r, &p, "-"), -1);
	ASSERT_EQ(valid_int(&r, &p, "--1"), -1);
	ASSERT_EQ(valid_int(&r, &p, "1-"), -1);
	ASSERT_EQ(valid_int(&r, &p, ""), -1);
}

static void
test_valid_lat_good(void)
{
	GOOD(valid_lat, "lat", "41.4993", "41.4993");
	ASSERT_TRUE(fabs(r.v.d - 41.4993) < 1e-9);
	GOOD(valid_lat, "lat", "-90", "-90");
	GOOD(valid_lat, "lat", "90.0", "90.0");
	GOOD(valid_lat, "lat", ".5", ".5");
	GOOD(valid_lat, "lat", "+1.", "+1.");
}

static void
test_valid_lat_bad_range(void)
{
	const char *m = "lat must be a number from -90 to 90";

	BAD(valid_lat, "lat", "90.0001", m);
	BAD(valid_lat, "lat", "-91", m);
}

static void
test_valid_lat_bad_syntax(void)
{
	const char *m = "lat must be a number from -90 to 90";

	BAD(valid_lat, "lat", "nan", m);
	BAD(valid_lat, "lat", "inf", m);
	BAD(valid_lat, "lat", "1e1", m);
	BAD(valid_lat, "lat", "0x1p3", m);
	BAD(valid_lat, "lat", "4 1", m);
	BAD(valid_lat, "lat", ".", m);
	BAD(valid_lat, "lat", "", m);
	BAD(valid_lat, "lat", "41,5", m);
}

static void
test_valid_lon_good(void)
{
	GOOD(valid_lon, "lon", "-81.6944", "-81.6944");
	GOOD(valid_lon, "lon", "180", "180");
	GOOD(valid_lon, "lon", "-180", "-180");
}

static void
test_valid_lon_bad_range(void)
{
	BAD(valid_lon, "lon", "180.5", "lon must be a number from -180 to 180");
	BAD(valid_lon, "lon", "-181", "lon must be a number from -180 to 180");
}

static void
test_valid_radius_good(void)
{
	GOOD(valid_radius, "radius", "1", "1");
	GOOD(valid_radius, "radius", "500", "500");
	GOOD(valid_radius, "radius", "12.5", "12.5");
}

static void
test_valid_radius_bad_range(void)
{
	const char *m = "radius must be a number from 1 to 500";

	BAD(valid_radius, "radius", "0", m);
	BAD(valid_radius, "radius", "0.99", m);
	BAD(valid_radius, "radius", "500.01", m);
	BAD(valid_radius, "radius", "-5", m);
}

static void
test_valid_radius_bad_syntax(void)
{
	BAD(valid_radius, "radius", "ten", "radius must be a number from 1 to 500");
	BAD(valid_radius, "radius", "10mi", "radius must be a number from 1 to 500");
}

static void
test_valid_bool_good(void)
{
	GOOD(valid_bool, "accredited", "true", "true");
	ASSERT_EQ(r.v.i, 1);
	GOOD(valid_bool, "accredited", "FALSE", "false");
	ASSERT_EQ(r.v.i, 0);
}

static void
test_valid_bool_bad_value(void)
{
	const char *m = "accredited must be true or false";

	BAD(valid_bool, "accredited", "1", m);
	BAD(valid_bool, "accredited", "yes", m);
	BAD(valid_bool, "accredited", "truee", m);
	BAD(valid_bool, "accredited", "", m);
}

static void
test_valid_enum_good(void)
{
	GOOD(valid_degree, "degree", "Bachelor", "bachelor");
	ASSERT_EQ(r.v.i, DEGREE_BACHELOR);
	GOOD(valid_field, "field", "medical_coding", "medical_coding");
	ASSERT_EQ(r.v.i, FIELD_MEDICAL_CODING);
	GOOD(valid_delivery, "delivery", "ONLINE", "online");
	GOOD(valid_control, "control", "private_nonprofit", "private_nonprofit");
	GOOD(valid_accreditation_status, "accreditation_status", "probation",
	    "probation");
	GOOD(valid_format, "format", "Csv", "csv");
}

static void
test_valid_enum_bad_value(void)
{
	BAD(valid_degree, "degree", "phd", "degree must be one of: certificate, "
	    "associate, bachelor, post_baccalaureate_certificate, master, "
	    "post_master_certificate, doctorate");
	BAD(valid_delivery, "delivery", "campus,online",
	    "delivery must be one of: campus, online, hybrid");
	BAD(valid_control, "control", "private",
	    "control must be one of: public, private_nonprofit, "
	    "private_for_profit");
	BAD(valid_accreditation_status, "accreditation_status", "",
	    "accreditation_status must be one of: candidacy, initial, "
	    "continuing, probation, withdrawn, none");
	BAD(valid_format, "format", "xml", "format must be one of: json, csv");
	BAD(valid_field, "field", "medical", "field must be one of: "
	    "health_information_management, health_information_technology, "
	    "medical_coding, medical_billing, disease_registry, "
	    "health_information_privacy_security, health_informatics");
}

static void
test_valid_enum_table(void)
{
	static const char *const metrics[] = {
		"median", "growth_pct", "location_quotient", NULL
	};
	struct param	 p = { "metric", valid_enum, 0, 0, 0, metrics };

	ASSERT_EQ(valid_enum(&r, &p, "Growth_Pct"), 0);
	ASSERT_STR(r.v.s, "growth_pct");
	ASSERT_EQ(r.v.i, 1);
	ASSERT_EQ(valid_enum(&r, &p, "mean"), -1);
	ASSERT_STR(r.verr,
	    "metric must be one of: median, growth_pct, location_quotient");
}

static void
test_valid_enum_list_good(void)
{
	struct param	 p = { "facets", valid_enum_list, 0, 0, 0, degree_names };

	ASSERT_EQ(valid_enum_list(&r, &p, " master , Doctorate"), 0);
	ASSERT_EQ(r.v.nlist, 2);
	ASSERT_STR(r.v.list[0], "master");
	ASSERT_STR(r.v.list[1], "doctorate");
	ASSERT_NULL(r.v.list[2]);
	ASSERT_STR(r.v.s, "master,doctorate");
}

static void
test_valid_enum_list_bad_item(void)
{
	struct param	 p = { "degree", valid_enum_list, 0, 0, 0,
			    delivery_names };

	ASSERT_EQ(valid_enum_list(&r, &p, "online,moon"), -1);
	ASSERT_STR(r.verr, "degree must be a comma-separated list of: campus, "
	    "online, hybrid");
	ASSERT_NULL(r.v.list);
	ASSERT_EQ(valid_enum_list(&r, &p, "online,,campus"), -1);
	ASSERT_EQ(valid_enum_list(&r, &p, "online,"), -1);
	ASSERT_EQ(valid_enum_list(&r, &p, ","), -1);
}

static void
test_valid_state_good(void)
{
	GOOD(valid_state, "state", "oh", "OH");
	GOOD(valid_state, "state", "DC", "DC");
	GOOD(valid_state, "state", "pr", "PR");
	GOOD(valid_state, "state", "GU", "GU");
	GOOD(valid_state, "state", "vi", "VI");
	GOOD(valid_state, "state", "AS", "AS");
	GOOD(valid_state, "state", "mp", "MP");
	GOOD(valid_state, "state", "WY", "WY");
}

static void
test_valid_state_bad_code(void)
{
	const char *m = "state must be a two-letter code of a US state, DC, "
	    "PR, GU, VI, AS or MP";

	BAD(valid_state, "state", "XX", m);
	BAD(valid_state, "state", "Ohio", m);
	BAD(valid_state, "state", "O", m);
	BAD(valid_state, "state", "US", m);
	BAD(valid_state, "state", "OH,PA", m);
}

static void
test_valid_state_list_good(void)
{
	GOOD(valid_state_list, "state", "OH,pa, dc", "OH,PA,DC");
	ASSERT_EQ(r.v.nlist, 3);
	ASSERT_STR(r.v.list[2], "DC");
}

static void
test_valid_state_list_bad_item(void)
{
	const char *m = "state must be a comma-separated list of two-letter "
	    "codes of US states, DC, PR, GU, VI, AS or MP";

	BAD(valid_state_list, "state", "OH,ZZ", m);
	BAD(valid_state_list, "state", "OH;PA", m);
	BAD(valid_state_list, "state", "", m);
}

static void
test_valid_state_list_bad_too_many(void)
{
	char	 b[65 * 3 + 1];
	size_t	 i;

	for (i = 0; i < 65; i++)
		memcpy(b + i * 3, "OH,", 3);
	b[65 * 3 - 1] = '\0';
	ASSERT_EQ(v(valid_state_list, "state", b), -1);
	b[64 * 3 - 1] = '\0';
	ASSERT_EQ(v(valid_state_list, "state", b), 0);
	ASSERT_EQ(r.v.nlist, 64);
}

static void
test_valid_zip_good(void)
{
	GOOD(valid_zip, "zip", "44106", "44106");
	GOOD(valid_zip, "zip", "00901", "00901");	/* Puerto Rico */
	GOOD(valid_zip, "zip", " 02139 ", "02139");
}

static void
test_valid_zip_bad_format(void)
{
	const char *m = "zip must be a ZIP code of exactly 5 digits";

	BAD(valid_zip, "zip", "4410", m);
	BAD(valid_zip, "zip", "441066", m);
	BAD(valid_zip, "zip", "44106-1234", m);
	BAD(valid_zip, "zip", "4410a", m);
	BAD(valid_zip, "zip", "", m);
	BAD(valid_zip, "zip", "-4410", m);
}

static void
test_valid_soc_good(void)
{
	GOOD(valid_soc, "soc", "29-2072", "29-2072");
	GOOD(valid_soc, "soc", "292072", "29-2072");
	GOOD(valid_soc, "soc", "29-2072.00", "29-2072");
	GOOD(valid_soc, "soc", "292072.00", "29-2072");
	GOOD(valid_soc, "soc", " 11-9111 ", "11-9111");
}

static void
test_valid_soc_bad_format(void)
{
	const char *m = "soc must be a SOC code such as 29-2072 (also 292072 "
	    "or 29-2072.00)";

	BAD(valid_soc, "soc", "29-207", m);
	BAD(valid_soc, "soc", "29_2072", m);
	BAD(valid_soc, "soc", "29-2072.01", m);
	BAD(valid_soc, "soc", "2920721", m);
	BAD(valid_soc, "soc", "292-072", m);
	BAD(valid_soc, "soc", "29-20a2", m);
	BAD(valid_soc, "soc", ".00", m);
	BAD(valid_soc, "soc", "", m);
}

static void
test_valid_soc_list_good(void)
{
	GOOD(valid_soc_list, "careers", "29-2072,299021", "29-2072,29-9021");
	ASSERT_EQ(r.v.nlist, 2);
}

static void
test_valid_soc_list_bad_item(void)
{
	BAD(valid_soc_list, "careers", "29-2072,nurse", "careers must be a "
	    "comma-separated list of SOC codes such as 29-2072,29-9021");
}

static void
test_valid_soc_bad_more(void)
{
	const char *m = "career must be a SOC code such as 29-2072 (also "
	    "292072 or 29-2072.00)";

	BAD(valid_soc, "career", "29-2072.0", m);
	BAD(valid_soc, "career", "29-2072.000", m);
	BAD(valid_soc, "career", "29--2072", m);
	BAD(valid_soc, "career", "-292072", m);
	BAD(valid_soc, "career", "29-2072,29-9021", m);
	BAD(valid_soc, "career", "29 2072", m);
	BAD(valid_soc, "career", "２９2072", m);
	BAD(valid_soc, "career", "29-2072.00.00", m);
}

static void
test_valid_careers_good(void)
{
	GOOD(valid_careers, "careers", "29-2072", "29-2072");
	ASSERT_EQ(r.v.nlist, 1);
	GOOD(valid_careers, "careers", " 292072 , 29-9021.00,11-9111,"
	    "11-3021,15-1211 ", "29-2072,29-9021,11-9111,11-3021,15-1211");
	ASSERT_EQ(r.v.nlist, 5);
	ASSERT_STR(r.v.list[1], "29-9021");
	ASSERT_NULL(r.v.list[5]);
}

static void
test_valid_careers_bad_count(void)
{
	const char *m = "careers must be a comma-separated list of 1 to 5 "
	    "different SOC codes such as 29-2072,29-9021";

	BAD(valid_careers, "careers", "", m);
	BAD(valid_careers, "careers", ",", m);
	BAD(valid_careers, "careers", "29-2072,", m);
	BAD(valid_careers, "careers", "29-2072,29-9021,11-9111,11-3021,"
	    "15-1211,15-1212", m);
	BAD(valid_careers, "careers", "29-2072,nurse", m);
}

static void
test_valid_careers_bad_duplicate(void)
{
	const char *m = "careers must be a comma-separated list of 1 to 5 "
	    "different SOC codes such as 29-2072,29-9021";

	BAD(valid_careers, "careers", "29-2072,292072", m);
	BAD(valid_careers, "careers", "29-2072.00,29-9021,29-2072", m);
}

static void
test_valid_areas_good(void)
{
	GOOD(valid_areas, "areas", "US", "US");
	GOOD(valid_areas, "areas", "us, oh ,Pa", "US,OH,PA");
	ASSERT_EQ(r.v.nlist, 3);
	GOOD(valid_areas, "areas", "pr,gu,vi,as,mp,dc", "PR,GU,VI,AS,MP,DC");
	ASSERT_EQ(r.v.nlist, 6);
}

static void
test_valid_areas_bad(void)
{
	const char *m = "areas must be a comma-separated list of 1 to 6 "
	    "different areas: US or two-letter codes of US states, DC, PR, "
	    "GU, VI, AS or MP";

	BAD(valid_areas, "areas", "", m);
	BAD(valid_areas, "areas", "XX", m);
	BAD(valid_areas, "areas", "USA", m);
	BAD(valid_areas, "areas", "US,OH,PA,NY,CA,TX,FL", m);
	BAD(valid_areas, "areas", "US,us", m);
	BAD(valid_areas, "areas", "OH;PA", m);
	BAD(valid_areas, "areas", "OH,,PA", m);
}

static void
test_valid_state_one_is_a_list(void)
{
	GOOD(valid_state, "state", " oh ", "OH");
	ASSERT_EQ(r.v.nlist, 1);
	ASSERT_STR(r.v.list[0], "OH");
	ASSERT_NULL(r.v.list[1]);
}

static void
test_valid_basis_good(void)
{
	GOOD(valid_basis, "basis", "annual", "annual");
	ASSERT_EQ(r.v.i, BASIS_ANNUAL);
	GOOD(valid_basis, "basis", " HOURLY", "hourly");
	ASSERT_EQ(r.v.i, BASIS_HOURLY);
}

static void
test_valid_basis_bad_value(void)
{
	const char *m = "basis must be one of: annual, hourly";

	BAD(valid_basis, "basis", "", m);
	BAD(valid_basis, "basis", "yearly", m);
	BAD(valid_basis, "basis", "hour", m);
	BAD(valid_basis, "basis", "annual,hourly", m);
}

static void
test_valid_metric_good(void)
{
	GOOD(valid_metric, "metric", "median", "median");
	ASSERT_EQ(r.v.i, METRIC_MEDIAN);
	GOOD(valid_metric, "metric", "Growth_Pct", "growth_pct");
	ASSERT_EQ(r.v.i, METRIC_GROWTH_PCT);
	GOOD(valid_metric, "metric", "location_quotient", "location_quotient");
	GOOD(valid_metric, "metric", "mean", "mean");
	ASSERT_EQ(r.v.i, METRIC_MEAN);
}

static void
test_valid_metric_bad_value(void)
{
	const char *m = "metric must be one of: median, mean, growth_pct, "
	    "location_quotient";

	BAD(valid_metric, "metric", "", m);
	BAD(valid_metric, "metric", "p90", m);
	BAD(valid_metric, "metric", "employment", m);
	BAD(valid_metric, "metric", "-median", m);
}

static void
test_valid_bins_good(void)
{
	GOOD(valid_bins, "bins", "4", "4");
	ASSERT_EQ(r.v.i, 4);
	GOOD(valid_bins, "bins", "07", "7");
	ASSERT_EQ(r.v.i, 7);
}

static void
test_valid_bins_bad_range(void)
{
	const char *m = "bins must be a whole number from 4 to 7";

	BAD(valid_bins, "bins", "3", m);
	BAD(valid_bins, "bins", "8", m);
	BAD(valid_bins, "bins", "0", m);
	BAD(valid_bins, "bins", "-5", m);
	BAD(valid_bins, "bins", "5.0", m);
	BAD(valid_bins, "bins", "five", m);
	BAD(valid_bins, "bins", "", m);
}

/* Runs valid_career_sort with every career sort allowed. */
static int
vcsort(const char *val)
{
	struct param	 p = { "sort", valid_career_sort, 0, 0, 0,
			    career_sort_names };

	r.verr[0] = '\0';
	return valid_career_sort(&r, &p, val);
}

static void
test_valid_career_sort_good(void)
{
	ASSERT_EQ(vcsort("-growth_pct"), 0);
	ASSERT_STR(r.v.s, "-growth_pct");
	ASSERT_EQ(r.v.i, CSORT_GROWTH_PCT);
	ASSERT_EQ(vcsort("Title"), 0);
	ASSERT_STR(r.v.s, "title");
	ASSERT_EQ(r.v.i, CSORT_TITLE);
	ASSERT_EQ(vcsort("annual_openings"), 0);
	ASSERT_EQ(r.v.i, CSORT_ANNUAL_OPENINGS);
	ASSERT_EQ(vcsort("-employment"), 0);
	ASSERT_EQ(r.v.i, CSORT_EMPLOYMENT);
}

static void
test_valid_career_sort_bad_value(void)
{
	static const char *const bad[] = {
		"", "-", "--median", "name", "distance", "p90", "median,mean",
		NULL
	};
	size_t	 i;

	for (i = 0; bad[i] != NULL; i++) {
		ASSERT_EQ(vcsort(bad[i]), -1);
		ASSERT_STR(r.verr, "sort must be one of: relevance, title, "
		    "median, mean, growth_pct, annual_openings, employment; a "
		    "'-' in front reverses the order");
		ASSERT_NULL(r.v.s);
	}
}

static void
test_valid_text_good(void)
{
	char	 b[201];

	GOOD(valid_text, "q", "  health informatics ", "health informatics");
	GOOD(valid_text, "q", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
	    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	memset(b, 'a', 200);
	b[200] = '\0';
	ASSERT_EQ(v(valid_text, "q", b), 0);
	ASSERT_EQ(strlen(r.v.s), 200);
}

static void
test_valid_text_bad_length(void)
{
	char	 b[202];

	memset(b, 'a', 201);
	b[201] = '\0';
	ASSERT_EQ(v(valid_text, "q", b), -1);
	ASSERT_STR(r.verr, "q must be 1 to 200 bytes of UTF-8 text without "
	    "control characters");
	ASSERT_EQ(v(valid_text, "q", ""), -1);
	ASSERT_EQ(v(valid_text, "q", "   "), -1);
}

static void
test_valid_text_bad_utf8(void)
{
	static const char *const bad[] = {
		"\xc0\xaf",		/* overlong '/' */
		"\xe0\x80\xaf",		/* overlong, 3 bytes */
		"\xf0\x80\x80\xaf",	/* overlong, 4 bytes */
		"\xed\xa0\x80",		/* surrogate U+D800 */
		"\xed\xbf\xbf",		/* surrogate U+DFFF */
		"\xf4\x90\x80\x80",	/* past U+10FFFF */
		"\xf5\x80\x80\x80",
		"\xff",
		"caf\xc3",		/* truncated */
		"\x80",			/* lone continuation */
		"a\x01b",		/* control */
		"a\x7f",
		NULL
	};
	size_t	 i;

	for (i = 0; bad[i] != NULL; i++) {
		ASSERT_EQ(v(valid_text, "q", bad[i]), -1);
		ASSERT_NULL(r.v.s);
	}
}

static void
test_valid_fields_good(void)
{
	r.route = ROUTE_DATASETS_LIST;
	GOOD(valid_fields, "fields", "id, title,LICENSE", "id,title,license");
	ASSERT_EQ(r.v.nlist, 3);
	r.route = ROUTE_INSTITUTION_GET;
	GOOD(valid_fields, "fields", "location,programs", "location,programs");
}

static void
test_valid_fields_bad_name(void)
{
	r.route = ROUTE_DATASETS_LIST;
	ASSERT_EQ(v(valid_fields, "fields", "id,nope"), -1);
	ASSERT_STR(r.verr, "fields must be a comma-separated list of: id, "
	    "source, title, source_url, vintage, file, loaded_at, row_count, "
	    "license, citation");
	ASSERT_EQ(v(valid_fields, "fields", "location.lat"), -1);
	ASSERT_EQ(v(valid_fields, "fields", ""), -1);
	r.route = ROUTE_OPENAPI;		/* no item fields at all */
	ASSERT_EQ(v(valid_fields, "fields", "id"), -1);
	r.route = ROUTE__MAX;
	ASSERT_EQ(v(valid_fields, "fields", "id"), -1);
}

static void
test_valid_cert_list_good(void)
{
	GOOD(valid_cert_list, "eligible_for", "rhit", "RHIT");
	ASSERT_EQ(r.v.nlist, 1);
	GOOD(valid_cert_list, "eligible_for", " Rhia , comptia-hit,CCS ",
	    "RHIA,COMPTIA-HIT,CCS");
	ASSERT_EQ(r.v.nlist, 3);
	ASSERT_STR(r.v.list[1], "COMPTIA-HIT");
	GOOD(valid_cert_list, "eligible_for",
	    "RHIT,RHIA,CCA,CCS,CHDA,CPHIMS,CAHIMS,COMPTIA-HIT",
	    "RHIT,RHIA,CCA,CCS,CHDA,CPHIMS,CAHIMS,COMPTIA-HIT");
}

static void
test_valid_cert_list_bad_code(void)
{
	const char *m = "eligible_for must be a comma-separated list of: RHIT, "
	    "RHIA, CCA, CCS, CHDA, CPHIMS, CAHIMS, COMPTIA-HIT";

	BAD(valid_cert_list, "eligible_for", "", m);
	BAD(valid_cert_list, "eligible_for", "RHITX", m);
	BAD(valid_cert_list, "eligible_for", "RHIT,", m);
	BAD(valid_cert_list, "eligible_for", "RHIT,,RHIA", m);
	BAD(valid_cert_list, "eligible_for", "comptia hit", m);
	BAD(valid_cert_list, "eligible_for", "RHIT'--", m);
	BAD(valid_cert_list, "eligible_for", "CCS-P", m);
}

static const char *const some_sorts[] = { "relevance", "name", "state", NULL };

/* Runs valid_sort with the table some_sorts. */
static int
vsort(const char *val)
{
	struct param	 p = { "sort", valid_sort, 0, 0, 0, some_sorts };

	r.verr[0] = '\0';
	return valid_sort(&r, &p, val);
}

static void
test_valid_sort_good(void)
{
	ASSERT_EQ(vsort("name"), 0);
	ASSERT_STR(r.v.s, "name");
	ASSERT_EQ(r.v.i, SORT_NAME);
	ASSERT_EQ(vsort(" -State "), 0);
	ASSERT_STR(r.v.s, "-state");
	ASSERT_EQ(r.v.i, SORT_STATE);
	ASSERT_EQ(vsort("-RELEVANCE"), 0);
	ASSERT_STR(r.v.s, "-relevance");
	ASSERT_EQ(r.v.i, SORT_RELEVANCE);
}

static void
test_valid_sort_bad_value(void)
{
	static const char *const bad[] = {
		"", "-", "--name", "+name", "tuition", "distance", "name,state",
		"- name", "name-", "names", NULL
	};
	size_t	 i;

	for (i = 0; bad[i] != NULL; i++) {
		ASSERT_EQ(vsort(bad[i]), -1);
		ASSERT_STR(r.verr, "sort must be one of: relevance, name, state; "
		    "a '-' in front reverses the order");
		ASSERT_NULL(r.v.s);
	}
}

static void
test_valid_tuition_good(void)
{
	GOOD(valid_tuition, "tuition_max", "0", "0");
	GOOD(valid_tuition, "tuition_max", "12500", "12500");
	ASSERT_EQ(r.v.i, 12500);
	GOOD(valid_tuition, "tuition_min", "1000000", "1000000");
}

static void
test_valid_tuition_bad_range(void)
{
	const char *m = "tuition_min must be a whole number from 0 to 1000000";

	BAD(valid_tuition, "tuition_min", "-1", m);
	BAD(valid_tuition, "tuition_min", "1000001", m);
	BAD(valid_tuition, "tuition_min", "12.5", m);
	BAD(valid_tuition, "tuition_min", "$500", m);
	BAD(valid_tuition, "tuition_min", "1e4", m);
	BAD(valid_tuition, "tuition_min", "", m);
}

static void
test_valid_credits_good(void)
{
	GOOD(valid_credits, "credits_min", "60", "60");
	GOOD(valid_credits, "credits_min", "60.5", "60.5");
	ASSERT_TRUE(r.v.d == 60.5);
	GOOD(valid_credits, "credits_max", "0", "0");
	GOOD(valid_credits, "credits_max", "1000", "1000");
}

static void
test_valid_credits_bad_range(void)
{
	const char *m = "credits_max must be a number from 0 to 1000";

	BAD(valid_credits, "credits_max", "-0.5", m);
	BAD(valid_credits, "credits_max", "1000.01", m);
	BAD(valid_credits, "credits_max", "nan", m);
	BAD(valid_credits, "credits_max", "1e2", m);
	BAD(valid_credits, "credits_max", "60 credits", m);
	BAD(valid_credits, "credits_max", "", m);
}

static void
test_valid_list_tables(void)
{
	struct param	 p = { "facets", valid_enum_list, 0, 0, 0, facet_names };

	ASSERT_EQ(valid_enum_list(&r, &p, "State,eligible_for"), 0);
	ASSERT_STR(r.v.s, "state,eligible_for");
	ASSERT_EQ(valid_enum_list(&r, &p, "state,tuition"), -1);
	ASSERT_STR(r.verr, "facets must be a comma-separated list of: state, "
	    "degree, field, delivery, accreditation_status, control, "
	    "eligible_for");
	p.name = "accreditation_status";
	p.values = accstatus_names;
	ASSERT_EQ(valid_enum_list(&r, &p, "none,Continuing"), 0);
	ASSERT_STR(r.v.s, "none,continuing");
	ASSERT_EQ(valid_enum_list(&r, &p, "accredited"), -1);
	ASSERT_EQ((int)nitems(cert_codes), CERT__MAX + 1);
	ASSERT_NULL(cert_codes[CERT__MAX]);
	ASSERT_NULL(sort_names[SORT__MAX]);
	ASSERT_NULL(facet_names[FACET__MAX]);
	ASSERT_NULL(basis_names[BASIS__MAX]);
	ASSERT_NULL(metric_names[METRIC__MAX]);
	ASSERT_NULL(career_sort_names[CSORT__MAX]);
}

int
main(void)
{
	T_RUN(test_valid_page_good);
	T_RUN(test_valid_page_bad_range);
	T_RUN(test_valid_page_bad_syntax);
	T_RUN(test_valid_per_page_good);
	T_RUN(test_valid_per_page_bad_range);
	T_RUN(test_valid_int_good);
	T_RUN(test_valid_int_bad_range);
	T_RUN(test_valid_int_bad_syntax);
	T_RUN(test_valid_lat_good);
	T_RUN(test_valid_lat_bad_range);
	T_RUN(test_valid_lat_bad_syntax);
	T_RUN(test_valid_lon_good);
	T_RUN(test_valid_lon_bad_range);
	T_RUN(test_valid_radius_good);
	T_RUN(test_valid_radius_bad_range);
	T_RUN(test_valid_radius_bad_syntax);
	T_RUN(test_valid_bool_good);
	T_RUN(test_valid_bool_bad_value);
	T_RUN(test_valid_enum_good);
	T_RUN(test_valid_enum_bad_value);
	T_RUN(test_valid_enum_table);
	T_RUN(test_valid_enum_list_good);
	T_RUN(test_valid_enum_list_bad_item);
	T_RUN(test_valid_state_good);
	T_RUN(test_valid_state_bad_code);
	T_RUN(test_valid_state_list_good);
	T_RUN(test_valid_state_list_bad_item);
	T_RUN(test_valid_state_list_bad_too_many);
	T_RUN(test_valid_zip_good);
	T_RUN(test_valid_zip_bad_format);
	T_RUN(test_valid_soc_good);
	T_RUN(test_valid_soc_bad_format);
	T_RUN(test_valid_soc_list_good);
	T_RUN(test_valid_soc_list_bad_item);
	T_RUN(test_valid_soc_bad_more);
	T_RUN(test_valid_careers_good);
	T_RUN(test_valid_careers_bad_count);
	T_RUN(test_valid_careers_bad_duplicate);
	T_RUN(test_valid_areas_good);
	T_RUN(test_valid_areas_bad);
	T_RUN(test_valid_state_one_is_a_list);
	T_RUN(test_valid_basis_good);
	T_RUN(test_valid_basis_bad_value);
	T_RUN(test_valid_metric_good);
	T_RUN(test_valid_metric_bad_value);
	T_RUN(test_valid_bins_good);
	T_RUN(test_valid_bins_bad_range);
	T_RUN(test_valid_career_sort_good);
	T_RUN(test_valid_career_sort_bad_value);
	T_RUN(test_valid_text_good);
	T_RUN(test_valid_text_bad_length);
	T_RUN(test_valid_text_bad_utf8);
	T_RUN(test_valid_fields_good);
	T_RUN(test_valid_fields_bad_name);
	T_RUN(test_valid_cert_list_good);
	T_RUN(test_valid_cert_list_bad_code);
	T_RUN(test_valid_sort_good);
	T_RUN(test_valid_sort_bad_value);
	T_RUN(test_valid_tuition_good);
	T_RUN(test_valid_tuition_bad_range);
	T_RUN(test_valid_credits_good);
	T_RUN(test_valid_credits_bad_range);
	T_RUN(test_valid_list_tables);
	pval_free(&r.v);
	return T_EXIT;
}
