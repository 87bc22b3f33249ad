/* Secret files; see secret.h. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "secret.h"

char *cxm_read_secret(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && (st.st_mode & 0007)) {
		snprintf(err, errlen, "%s is readable by everyone; chmod o-rwx it", path);
		fclose(f);
		return NULL;
	}
	char line[1024];
	if (!fgets(line, sizeof(line), f)) {
		snprintf(err, errlen, "%s is empty", path);
		fclose(f);
		return NULL;
	}
	fclose(f);
	line[strcspn(line, "\r\n")] = '\0';
	return cxm_xstrdup(line);
}
