#!/bin/sh
# Every template, static file and migration in the source tree is listed in
# the top-level Makefile.am, so that "make install" and the release tarball
# carry it (a file missing there works in a checkout and breaks on a server).
set -eu
top=${CXM_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top"
missing=0
for f in $(find templates static sql -type f \( -name '*.tpl' -o -name '*.sql' -o -name '*.css' \
             -o -name '*.svg' -o -name '*.html' -o -name '*.js' -o -name '*.png' \) | LC_ALL=C sort); do
  if ! grep -q "^[[:space:]]*$f[[:space:]\\\\]*$" Makefile.am; then
    echo "FAIL: $f is not listed in Makefile.am (nobase_dist_pkgdata_DATA)"
    missing=$((missing + 1))
  fi
done
[ $missing = 0 ] || exit 1
echo "all $(find templates static sql -type f | wc -l) data files are listed in Makefile.am"
