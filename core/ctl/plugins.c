/* cxmctl plugins list: loads the configured plugin directory as cxm-fcgi
 * does (running each plugin's init) and prints every file with its name,
 * version, kind, state and, for a refused one, the reason. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ctl/ctl.h"
#include "plugin.h"

static const char usage_text[] = "usage: cxmctl plugins list\n";

/* Exit status 0 even when some plugins are refused: the listing is the
 * report (the service starts without them too). */
static int list(struct cxm_ctl *ctl)
{
	struct cxm_plugins ps;
	cxm_plugins_load(&ps, ctl->cfg.plugin_dir);
	if (ps.n == 0) {
		if (!ctl->quiet)
			printf("no plugins in %s\n", ctl->cfg.plugin_dir);
		cxm_plugins_unload(&ps);
		return 0;
	}
	enum { NCOLS = 6 };
	const char **cells = cxm_xcalloc((ps.n + 1) * NCOLS, sizeof(*cells));
	static const char *const head[NCOLS] = {"FILE", "NAME", "VERSION", "KIND", "STATE", "REASON"};
	memcpy(cells, head, sizeof(head));
	for (size_t i = 0; i < ps.n; i++) {
		const struct cxm_plugin *p = &ps.v[i];
		const char **row = cells + (i + 1) * NCOLS;
		row[0] = p->file;
		row[1] = p->entry ? p->entry->name : "-";
		row[2] = p->entry && p->entry->version ? p->entry->version : "-";
		row[3] = p->entry ? cxm_plugin_kind_names[p->entry->kind] : "-";
		row[4] = cxm_plugin_state_names[p->state];
		row[5] = p->reason;
	}
	cxm_ctl_table(stdout, cells, ps.n + 1, NCOLS);
	free(cells);
	cxm_plugins_unload(&ps);
	return 0;
}

int cxm_ctl_plugins(struct cxm_ctl *ctl, int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "list") == 0)
		return list(ctl);
	fputs(usage_text, stderr);
	return 2;
}
