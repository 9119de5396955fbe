/*
 * The loader against hostile modules and hostile folders: who may write a
 * module and its folders, non-regular files, constructors that must not
 * run, descriptors that point past their table, ids and variants that
 * clash with the bundled modules, texts with escape sequences, and a file
 * parser that never crashes on corrupted input.  Drives the loader API and
 * the real binary (build/core/dockaudit).
 */
#include "config.h"

#include "elfdesc.h"
#include "loader.h"
#include "testlib.h"
#include "util.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *builddir(void)
{
	const char *b = getenv("DA_BUILDDIR");

	return b ? b : ".";
}

static char *mod(const char *name)
{
	return da_xasprintf("%s/tests/.libs/%s.so", builddir(), name);
}

/* the modules built with dockaudit (core/loader.c) */
#define N_BUNDLED 9

static char *bundled_dir(void)
{
	return da_xasprintf("%s/modules/.libs", builddir());
}

/* A fresh 0755 folder below the build tree (whose folders pass the rule). */
static char *scratch(void)
{
	char *d = da_xasprintf("%s/tests/da-loader-XXXXXX", builddir());

	ck_assert_ptr_nonnull(mkdtemp(d));
	ck_assert_int_eq(chmod(d, 0755), 0);
	return d;
}

/*
 * A folder that another user can reach: the build tree may lie below a
 * folder only root can enter (a clone made in a mktemp -d folder, or in
 * /root), so the tests that run as nobody place their modules under
 * $TMPDIR (default /tmp) instead.  /tmp is sticky and root's, which the
 * loader accepts above a module's own folder.
 */
static char *scratch_shared(void)
{
	const char *t = getenv("TMPDIR");
	char *d = da_xasprintf("%s/da-loader-XXXXXX", t && *t == '/' ? t : "/tmp");

	ck_assert_ptr_nonnull(mkdtemp(d));
	ck_assert_int_eq(chmod(d, 0755), 0);
	return d;
}

static void rm_rf(const char *d)
{
	char *cmd = da_xasprintf("rm -rf '%s'", d);

	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

static void copy(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[8192];
	size_t n;

	ck_assert_msg(in != NULL, "cannot open %s", from);
	ck_assert_ptr_nonnull(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
	fclose(in);
	ck_assert_int_eq(fclose(out), 0);
	ck_assert_int_eq(chmod(to, 0644), 0);
}

/* Copies the test module name into dir as file; returns the new path. */
static char *place(const char *dir, const char *name, const char *file)
{
	char *src = mod(name), *dst = da_xasprintf("%s/%s", dir, file);

	copy(src, dst);
	free(src);
	return dst;
}

static struct da_loader L;

static void setup(void)
{
	ck_assert_int_eq(da_loader_init(&L), 0);
	L.quiet = true;
}

static void teardown(void)
{
	da_loader_release(&L);
}

static void expect_refusal(size_t i, const char *what)
{
	ck_assert_uint_gt(L.n_refusals, i);
	ck_assert_msg(strstr(L.refusals[i], what) != NULL, "refusal '%s' does not say '%s'",
		      L.refusals[i], what);
	ck_assert_ptr_null(strchr(L.refusals[i], '\n'));
}

/* --- item 4: who may write the module -------------------------------------- */

START_TEST(refuses_module_in_tmp)
{
	char dir[] = "/tmp/da-loader-XXXXXX";
	char *p, *q;

	/* a module right in /tmp (sticky, world-writable): refused */
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chmod(dir, 0755), 0);
	p = place(dir, "mod_good", "good.so");
	q = da_xasprintf("%s.so", dir);
	ck_assert_int_eq(rename(p, q), 0);
	ck_assert_int_eq(da_loader_load_file(&L, q), DA_ERR_REFUSED);
	expect_refusal(0, "folder /tmp is writable by others (mode 1777)");
	ck_assert_uint_eq(L.n_mods, 0);
	/* in a folder of another user inside /tmp: that user could replace it */
	ck_assert_int_eq(rename(q, p), 0);
	ck_assert_int_eq(chown(dir, 65534, 65534), 0);
	ck_assert_int_eq(da_loader_load_file(&L, p), DA_ERR_REFUSED);
	expect_refusal(1, "is owned by uid 65534");
	/* in a group-writable folder inside /tmp */
	ck_assert_int_eq(chown(dir, 0, 0), 0);
	ck_assert_int_eq(chmod(dir, 0775), 0);
	ck_assert_int_eq(da_loader_load_file(&L, p), DA_ERR_REFUSED);
	expect_refusal(2, "writable by its group (mode 0775)");
	ck_assert_uint_eq(L.n_mods, 0);
	/*
	 * A root-owned private folder inside sticky /tmp (a mktemp -d clone):
	 * no one else may rename or replace it, so it is loaded.
	 */
	ck_assert_int_eq(chmod(dir, 0700), 0);
	ck_assert_int_eq(da_loader_load_file(&L, p), 0);
	ck_assert_uint_eq(L.n_mods, 1);
	unlink(p);
	rmdir(dir);
	free(p);
	free(q);
}
END_TEST

START_TEST(refuses_other_owner_and_group_write)
{
	char *d = scratch(), *sub = da_xasprintf("%s/sub", d), *p, *q;

	p = place(d, "mod_good", "good.so");
	ck_assert_int_eq(chown(p, 65534, 0), 0);
	ck_assert_int_eq(da_loader_load_file(&L, p), DA_ERR_REFUSED);
	expect_refusal(0, "file is owned by uid 65534, not by root");
	ck_assert_int_eq(chown(p, 0, 0), 0);
	ck_assert_int_eq(chmod(p, 0664), 0);
	ck_assert_int_eq(da_loader_load_file(&L, p), DA_ERR_REFUSED);
	expect_refusal(1, "file is writable by its group (mode 0664)");
	ck_assert_int_eq(chmod(p, 0644), 0);
	ck_assert_int_eq(chmod(d, 0775), 0);
	ck_assert_int_eq(da_loader_load_file(&L, p), DA_ERR_REFUSED);
	expect_refusal(2, "writable by its group (mode 0775)");
	ck_assert_msg(strstr(L.refusals[2], d) != NULL, "'%s' does not name the folder",
		      L.refusals[2]);
	ck_assert_int_eq(chmod(d, 0755), 0);
	ck_assert_int_eq(chown(d, 65534, 65534), 0);
	ck_assert_int_eq(da_loader_load_file(&L, p), DA_ERR_REFUSED);
	expect_refusal(3, "is owned by uid 65534");
	ck_assert_int_eq(chown(d, 0, 0), 0);
	/* a world-writable ancestor, not the module's own folder */
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	q = place(sub, "mod_good", "good.so");
	ck_assert_int_eq(chmod(d, 0777), 0);
	ck_assert_int_eq(da_loader_load_file(&L, q), DA_ERR_REFUSED);
	expect_refusal(4, "is writable by others (mode 0777)");
	ck_assert_int_eq(chmod(d, 0755), 0);
	ck_assert_uint_eq(L.n_mods, 0);
	/* all fixed: loaded */
	ck_assert_int_eq(da_loader_load_file(&L, q), 0);
	ck_assert_uint_eq(L.n_mods, 1);
	rm_rf(d);
	free(d);
	free(sub);
	free(p);
	free(q);
}
END_TEST

START_TEST(refuses_symlink_into_tmp)
{
	char dir[] = "/tmp/da-loader-XXXXXX";
	char *d = scratch(), *target, *link = da_xasprintf("%s/linked.so", d), *ok;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chmod(dir, 0755), 0);
	{
		/* the target lies right in /tmp */
		char *in_dir = place(dir, "mod_good", "good.so");

		target = da_xasprintf("%s.so", dir);
		ck_assert_int_eq(rename(in_dir, target), 0);
		free(in_dir);
	}
	ck_assert_int_eq(symlink(target, link), 0);
	ck_assert_int_eq(da_loader_load_file(&L, link), DA_ERR_REFUSED);
	expect_refusal(0, "folder /tmp is writable by others");
	/* a link to a file that passes is followed and loaded */
	ok = place(d, "mod_good", "real.so.1");
	unlink(link);
	ck_assert_int_eq(symlink(ok, link), 0);
	ck_assert_int_eq(da_loader_load_file(&L, link), 0);
	ck_assert_str_eq(L.mods[0].path, link);
	unlink(target);
	rmdir(dir);
	rm_rf(d);
	free(d);
	free(target);
	free(link);
	free(ok);
}
END_TEST

/* Runs fn in a child with a generous alarm; its exit status (128+sig when killed). */
static int in_child(void (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	int st;

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		alarm(60);
		fn(arg);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* --- item 6: a FIFO named x.so --------------------------------------------- */

static void load_fifo_dir(void *dir)
{
	struct da_loader l;

	da_loader_init(&l);
	l.quiet = true;
	if (da_loader_load_dir(&l, dir) != 0 || l.n_refusals != 1 ||
	    !strstr(l.refusals[0], "a FIFO: not loaded"))
		_exit(3);
	da_loader_release(&l);
}

START_TEST(fifo_is_refused_without_blocking)
{
	char *d = scratch(), *f = da_xasprintf("%s/x.so", d);

	ck_assert_int_eq(mkfifo(f, 0644), 0);
	/* the old loader blocked in open() until the alarm killed it (142) */
	ck_assert_int_eq(in_child(load_fifo_dir, d), 0);
	rm_rf(d);
	free(d);
	free(f);
}
END_TEST

/* --- item 5: no module code before validation ------------------------------ */

START_TEST(refused_module_never_runs_its_constructor)
{
	char *d = scratch(), *marker = da_xasprintf("%s/marker", d), *p;
	struct stat st;

	p = place(d, "lmod_ctor", "ctor.so");
	setenv("DA_LOADER_MARKER", marker, 1);
	ck_assert_int_eq(da_loader_load_file(&L, p), DA_ERR_REFUSED);
	expect_refusal(0, "check 94.1 has no run function");
	ck_assert_msg(stat(marker, &st) != 0 && errno == ENOENT,
		      "the refused module's constructor ran");
	unsetenv("DA_LOADER_MARKER");
	rm_rf(d);
	free(d);
	free(marker);
	free(p);
}
END_TEST

/* --- item 7: n_checks larger than the table -------------------------------- */

static void load_bigcount(void *path)
{
	struct da_loader l;

	da_loader_init(&l);
	l.quiet = true;
	if (da_loader_load_file(&l, path) != DA_ERR_REFUSED || l.n_refusals != 1 ||
	    !strstr(l.refusals[0], "check table (10000 rows of 64 bytes) runs past the end"))
		_exit(3);
	da_loader_release(&l);
}

START_TEST(oversized_n_checks_is_refused_without_crash)
{
	char *d = scratch(), *p = place(d, "lmod_bigcount", "big.so");

	ck_assert_int_eq(in_child(load_bigcount, p), 0);
	rm_rf(d);
	free(d);
	free(p);
}
END_TEST

/* Corrupted copies of a good module: refused or accepted, never a crash. */
START_TEST(descriptor_reader_survives_corruption)
{
	char *p = mod("mod_good"), buf[512];
	FILE *fp = fopen(p, "rb");
	unsigned char *orig, *data;
	long size;
	size_t i, n, accepted = 0;
	uint32_t x = 12345;
	struct da_elfdesc d;

	ck_assert_ptr_nonnull(fp);
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	rewind(fp);
	orig = da_xmalloc((size_t)size);
	data = da_xmalloc((size_t)size);
	ck_assert_uint_eq(fread(orig, 1, (size_t)size, fp), (size_t)size);
	fclose(fp);
	ck_assert_ptr_null(da_elfdesc_read(orig, (size_t)size, NULL, &d, buf, sizeof(buf)));
	ck_assert_str_eq(d.mod.name, "testmod");
	ck_assert_uint_eq(d.mod.n_checks, 4);
	ck_assert_str_eq(d.checks[2].id, "8.2");
	da_elfdesc_release(&d);
	for (n = 0; n < (size_t)size; n += 7)
		if (!da_elfdesc_read(orig, n, NULL, &d, buf, sizeof(buf)))
			da_elfdesc_release(&d), accepted++;
	for (i = 0; i < 20000; i++) {
		size_t k;
		memcpy(data, orig, (size_t)size);
		for (k = 0; k < 4; k++) {
			x = x * 1103515245u + 12345u;
			data[(x >> 8) % (size_t)size] = (unsigned char)(x >> 3);
		}
		if (!da_elfdesc_read(data, (size_t)size, NULL, &d, buf, sizeof(buf))) {
			accepted++;
			da_elfdesc_release(&d);
		}
	}
	ck_assert_uint_gt(accepted, 0);
	free(orig);
	free(data);
	free(p);
}
END_TEST

/* --- item 8: ids and variants ---------------------------------------------- */

START_TEST(bundled_module_wins_over_a_later_or_earlier_clash)
{
	char *d = scratch(), *p = place(d, "lmod_intruder", "intruder.so"), *b = bundled_dir();
	size_t i;
	bool daemon = false;

	/* the intruder first (as from --module-dir), the bundled folder after */
	ck_assert_int_eq(da_loader_stage_file(&L, p), 0);
	ck_assert_int_ge(da_loader_stage_dir(&L, b), N_BUNDLED);
	ck_assert_int_eq(da_loader_commit(&L), N_BUNDLED);
	ck_assert_uint_eq(L.n_mods, N_BUNDLED);
	for (i = 0; i < L.n_mods; i++) {
		ck_assert_str_ne(L.mods[i].desc->name, "intruder");
		daemon |= strcmp(L.mods[i].desc->name, "daemon") == 0;
	}
	ck_assert(daemon);
	ck_assert_uint_eq(L.n_refusals, 1);
	expect_refusal(0, "intruder.so: duplicate check id 2.2 (bundled module daemon has it)");
	/* bundled first: the intruder is refused */
	da_loader_release(&L);
	setup();
	ck_assert_int_eq(da_loader_load_dir(&L, b), N_BUNDLED);
	ck_assert_int_eq(da_loader_load_file(&L, p), DA_ERR_REFUSED);
	expect_refusal(0, "duplicate check id 2.2 (module daemon has it)");
	ck_assert_uint_eq(L.n_mods, N_BUNDLED);
	rm_rf(d);
	free(d);
	free(p);
	free(b);
}
END_TEST

START_TEST(variant_ids_are_validated)
{
	char *d = scratch(), *b = bundled_dir(), *p;

	ck_assert_int_eq(da_loader_load_dir(&L, b), N_BUNDLED);
	p = place(d, "lmod_dashvar", "dashvar.so");
	ck_assert_int_eq(da_loader_load_file(&L, p), DA_ERR_REFUSED);
	expect_refusal(0, "duplicate check id 2.2 in cis-1.6.0 (module daemon has it)");
	free(p);
	p = place(d, "lmod_badvarid", "badvarid.so");
	ck_assert_int_eq(da_loader_load_file(&L, p), DA_ERR_REFUSED);
	expect_refusal(1, "check 95.1 has an invalid id in cis-1.7.0");
	free(p);
	p = place(d, "lmod_dupvar", "dupvar.so");
	ck_assert_int_eq(da_loader_load_file(&L, p), DA_ERR_REFUSED);
	expect_refusal(2, "duplicate check id 96.1 in cis-1.7.0");
	free(p);
	p = place(d, "lmod_longvar", "longvar.so");
	ck_assert_int_eq(da_loader_load_file(&L, p), DA_ERR_REFUSED);
	expect_refusal(3, "check 97.1 has an invalid id in cis-1.8.0");
	free(p);
	p = place(d, "lmod_dupbench", "dupbench.so");
	ck_assert_int_eq(da_loader_load_file(&L, p), DA_ERR_REFUSED);
	expect_refusal(4, "check 98.1 has two variants for cis-1.8.0");
	free(p);
	ck_assert_uint_eq(L.n_mods, N_BUNDLED);
	rm_rf(d);
	free(d);
	free(b);
}
END_TEST

/* --- items 8 and 9 through the binary -------------------------------------- */

/* Runs the binary with args; stdout and stderr into out and err; exit status. */
static int run_bin(const char *args, const char *out, const char *err)
{
	char *cmd = da_xasprintf("'%s/core/dockaudit' %s >'%s' 2>'%s'", builddir(), args, out,
				 err);
	int st = system(cmd);

	free(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

START_TEST(binary_keeps_bundled_checks)
{
	char *d = scratch(), *b = bundled_dir(), *out = da_xasprintf("%s/out", d),
	     *err = da_xasprintf("%s/err", d), *mods = da_xasprintf("%s/m", d),
	     *late = da_xasprintf("%s/late", d), *args, *o, *e;

	ck_assert_int_eq(mkdir(mods, 0755), 0);
	ck_assert_int_eq(mkdir(late, 0755), 0);
	free(place(mods, "lmod_intruder", "intruder.so"));
	free(place(late, "lmod_dashvar", "dashvar.so"));
	/* before the bundled folder, and after it */
	args = da_xasprintf("--list-checks --module-dir '%s' --module-dir '%s' --module-dir '%s'",
			    mods, b, late);
	ck_assert_int_eq(run_bin(args, out, err), 0);
	o = dt_read_file(out);
	e = dt_read_file(err);
	ck_assert_msg(dt_count(o, "\n  2.2 ") == 1, "2.2 is listed %zu times", dt_count(o, "\n  2.2 "));
	ck_assert_ptr_nonnull(strstr(o, "Docker daemon configuration"));
	ck_assert_ptr_null(strstr(o, "Intruder"));
	ck_assert_uint_eq(dt_count(e, "\n"), 2);
	ck_assert_ptr_nonnull(strstr(e, "dockaudit: module refused: "));
	/* a shared build loads intruder.so first and the bundled module evicts
	   it; a static one has the bundled module in first and refuses it */
	ck_assert_msg(strstr(e, "intruder.so: duplicate check id 2.2 (bundled module daemon "
				"has it)") ||
		      strstr(e, "intruder.so: duplicate check id 2.2 (module daemon has it)"),
		      "intruder.so not refused for 2.2: %s", e);
	ck_assert_ptr_nonnull(strstr(e, "dashvar.so: duplicate check id 2.2 in cis-1.6.0 (module "
					"daemon has it)"));
	free(o);
	free(e);
	rm_rf(d);
	free(d);
	free(b);
	free(out);
	free(err);
	free(mods);
	free(late);
	free(args);
}
END_TEST

START_TEST(binary_escapes_module_texts)
{
	char *d = scratch(), *out = da_xasprintf("%s/out", d), *err = da_xasprintf("%s/err", d),
	     *mods = da_xasprintf("%s/m", d), *junk, *args, *o, *e;
	FILE *fp;

	ck_assert_int_eq(mkdir(mods, 0755), 0);
	free(place(mods, "lmod_escape", "esc.so"));
	junk = da_xasprintf("%s/bad\033]0;pwned\007\033[31m.so", mods);
	fp = fopen(junk, "w");
	ck_assert_ptr_nonnull(fp);
	fputs("not ELF\n", fp);
	fclose(fp);
	ck_assert_int_eq(chmod(junk, 0644), 0);
	args = da_xasprintf("--list-checks --list-modules --module-dir '%s'", mods);
	ck_assert_int_eq(run_bin(args, out, err), 0);
	o = dt_read_file(out);
	e = dt_read_file(err);
	ck_assert_msg(strchr(o, '\033') == NULL && strchr(o, '\007') == NULL &&
			      strstr(o, "\xc2\x9b") == NULL,
		      "raw control bytes in the listing: %s", o);
	ck_assert_ptr_nonnull(strstr(o, "Title \\x1b[31mred\\x1b[0m \\x9b1m (Automated)"));
	ck_assert_ptr_nonnull(strstr(o, "Escapes \\x1b]0;pwned\\x07 here"));
	ck_assert_ptr_nonnull(strstr(o, "1\\x1b[5m"));
	ck_assert_ptr_nonnull(strstr(o, "esc\\x1b[1m"));
	ck_assert_ptr_nonnull(strstr(o, "Header \\x1b[2J cleared"));
	ck_assert_msg(strchr(e, '\033') == NULL && strchr(e, '\007') == NULL,
		      "raw control bytes on stderr: %s", e);
	ck_assert_ptr_nonnull(strstr(e, "bad\\x1b]0;pwned\\x07\\x1b[31m.so: not a shared object"));
	ck_assert_uint_eq(dt_count(e, "\n"), 1);
	free(o);
	free(e);
	rm_rf(d);
	free(d);
	free(out);
	free(err);
	free(mods);
	free(junk);
	free(args);
}
END_TEST

/* --- not root: the user's own files pass ----------------------------------- */

static void load_as_nobody(void *dir)
{
	struct da_loader l;
	char *own = da_xasprintf("%s/own.so", (char *)dir);
	char *other = da_xasprintf("%s/other.so", (char *)dir);

	if (setgid(65534) != 0 || setuid(65534) != 0)
		_exit(4);
	da_loader_init(&l);
	l.quiet = true;
	if (da_loader_load_file(&l, own) != 0)
		_exit(3);
	if (da_loader_load_file(&l, other) != DA_ERR_REFUSED || l.n_refusals != 1 ||
	    !strstr(l.refusals[0], "owned by uid 1234, not by root or by the user running"))
		_exit(5);
	da_loader_release(&l);
	free(own);
	free(other);
}

START_TEST(nonroot_accepts_own_files)
{
	char *d = scratch_shared(), *a, *b;
	int rc;

	a = place(d, "mod_good", "own.so");
	b = place(d, "mod_other", "other.so");
	ck_assert_int_eq(chown(a, 65534, 65534), 0);
	ck_assert_int_eq(chown(b, 1234, 1234), 0);
	rc = in_child(load_as_nobody, d);
	ck_assert_msg(rc == 0, "as uid 65534: status %d", rc);
	rm_rf(d);
	free(d);
	free(a);
	free(b);
}
END_TEST

/* --- descriptor symbols: NAME_LTX_dockaudit_module, then dockaudit_module ---- */

START_TEST(ltx_symbol_name_follows_the_file_name)
{
	char *n;

	n = da_loader_ltx_symbol("/usr/lib/dockaudit/modules/daemon.so");
	ck_assert_str_eq(n, "daemon_LTX_dockaudit_module");
	free(n);
	n = da_loader_ltx_symbol("my-checks.v2.so");
	ck_assert_str_eq(n, "my_checks_v2_LTX_dockaudit_module");
	free(n);
	n = da_loader_ltx_symbol("dir.d/Ok9");
	ck_assert_str_eq(n, "Ok9_LTX_dockaudit_module");
	free(n);
	ck_assert_ptr_null(da_loader_ltx_symbol("/x/.so"));
	ck_assert_ptr_null(da_loader_ltx_symbol("/x/"));
}
END_TEST

/* Reads path's descriptor from its bytes, as staging does. */
static const char *read_desc_of(const char *path, struct da_elfdesc *d, char *buf, size_t len)
{
	char *data = NULL, *ltx = da_loader_ltx_symbol(path);
	FILE *fp = fopen(path, "rb");
	long size;
	const char *r;

	ck_assert_msg(fp != NULL, "cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	rewind(fp);
	data = da_xmalloc((size_t)size);
	ck_assert_uint_eq(fread(data, 1, (size_t)size, fp), (size_t)size);
	fclose(fp);
	r = da_elfdesc_read((unsigned char *)data, (size_t)size, ltx, d, buf, len);
	free(data);
	free(ltx);
	return r;
}

START_TEST(descriptor_found_under_both_names)
{
	char *d = scratch(), *bundled = bundled_dir();
	char *src = da_xasprintf("%s/daemon.so", bundled), *ltx, *plain, *renamed;
	char buf[512];
	struct da_elfdesc e;

	/* a bundled module: its per-module name only */
	ltx = da_xasprintf("%s/daemon.so", d);
	copy(src, ltx);
	ck_assert_ptr_null(read_desc_of(ltx, &e, buf, sizeof(buf)));
	ck_assert_str_eq(e.symbol, "daemon_LTX_dockaudit_module");
	ck_assert_str_eq(e.mod.name, "daemon");
	da_elfdesc_release(&e);
	/* a third-party module: the plain name, whatever its file is called */
	plain = place(d, "mod_good", "good.so");
	ck_assert_ptr_null(read_desc_of(plain, &e, buf, sizeof(buf)));
	ck_assert_str_eq(e.symbol, "dockaudit_module");
	da_elfdesc_release(&e);
	/* the per-module name of another file is not the descriptor */
	renamed = da_xasprintf("%s/other-name.so", d);
	copy(src, renamed);
	ck_assert_str_eq(read_desc_of(renamed, &e, buf, sizeof(buf)),
			 "no other_name_LTX_dockaudit_module or dockaudit_module symbol: "
			 "not a dockaudit module");
	/* and the loader loads both kinds, through the symbol it found */
	ck_assert_int_eq(da_loader_load_file(&L, ltx), 0);
	ck_assert_int_eq(da_loader_load_file(&L, plain), 0);
	ck_assert_uint_eq(L.n_mods, 2);
	ck_assert_str_eq(L.mods[0].desc->name, "daemon");
	ck_assert_str_eq(L.mods[1].desc->name, "testmod");
	ck_assert_ptr_nonnull(L.mods[0].handle);
	ck_assert_int_eq(da_loader_load_file(&L, renamed), DA_ERR_REFUSED);
	expect_refusal(0, "no other_name_LTX_dockaudit_module or dockaudit_module symbol");
	rm_rf(d);
	free(d);
	free(bundled);
	free(src);
	free(ltx);
	free(plain);
	free(renamed);
}
END_TEST

/* A module linked into the program (--enable-static-modules). */
static void builtin_run(const struct da_host *h, const struct da_probe *p, struct da_result *r)
{
	h->set(r, DA_PASS, NULL);
}

static const struct da_check builtin_checks[] = {
	{ "daemon-test.1", "Built in (Automated)", DA_CHECK_SCORED, 1, NULL, NULL, NULL,
	  builtin_run, NULL },
};

static const struct da_module builtin_daemon = {
	DA_MODULE_HEAD, .name = "daemon", .version = "9", .section = "2",
	.section_title = "Built in", .checks = builtin_checks,
	.n_checks = DA_COUNT(builtin_checks),
};

START_TEST(builtin_module_shadows_its_file)
{
	char *dir = bundled_dir();
	size_t i;
	int n;

	ck_assert_int_eq(da_loader_add_builtin(&L, &builtin_daemon), 0);
	n = da_loader_load_dir(&L, dir);
	ck_assert_int_eq(n, N_BUNDLED - 1); /* daemon.so is skipped, quietly */
	ck_assert_uint_eq(L.n_refusals, 0);
	ck_assert_uint_eq(L.n_mods, N_BUNDLED);
	for (i = 0; i < L.n_mods; i++)
		if (strcmp(L.mods[i].desc->name, "daemon") == 0) {
			ck_assert_ptr_eq(L.mods[i].desc, &builtin_daemon);
			ck_assert(L.mods[i].builtin);
			ck_assert_ptr_null(L.mods[i].handle);
			ck_assert_str_eq(L.mods[i].path, "(built-in daemon)");
		}
	/* a built-in is validated as a file is */
	ck_assert_int_eq(da_loader_add_builtin(&L, &builtin_daemon), DA_ERR_REFUSED);
	expect_refusal(0, "duplicate module name daemon");
	free(dir);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("loader");
	TCase *tc = tcase_create("hostile");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, refuses_module_in_tmp);
	tcase_add_test(tc, refuses_other_owner_and_group_write);
	tcase_add_test(tc, refuses_symlink_into_tmp);
	tcase_add_test(tc, fifo_is_refused_without_blocking);
	tcase_add_test(tc, refused_module_never_runs_its_constructor);
	tcase_add_test(tc, oversized_n_checks_is_refused_without_crash);
	tcase_add_test(tc, descriptor_reader_survives_corruption);
	tcase_add_test(tc, bundled_module_wins_over_a_later_or_earlier_clash);
	tcase_add_test(tc, variant_ids_are_validated);
	tcase_add_test(tc, binary_keeps_bundled_checks);
	tcase_add_test(tc, binary_escapes_module_texts);
	tcase_add_test(tc, nonroot_accepts_own_files);
	tcase_add_test(tc, ltx_symbol_name_follows_the_file_name);
	tcase_add_test(tc, descriptor_found_under_both_names);
	tcase_add_test(tc, builtin_module_shadows_its_file);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;

	if (geteuid() != 0) {
		/* chown to other users needs root */
		fprintf(stderr, "test_loader: needs root\n");
		return getenv("CI") && strcmp(getenv("CI"), "true") == 0 ? 1 : 77;
	}
	sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
