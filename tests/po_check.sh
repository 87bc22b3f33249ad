#!/bin/sh
# Translations are complete: both catalogues compile cleanly, have no
# untranslated or fuzzy messages, and every message the sources and
# templates use (po/extract.sh) is in them.
# Exit 0 pass, 1 fail, 77 skip (gettext tools missing).
set -u
src=${CXM_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
for tool in msgfmt xgettext msgcat msguniq msgattrib; do
  command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool not installed"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

for lang in ru en; do
  po=$src/po/$lang.po
  if ! msgfmt --check --statistics -o /dev/null "$po" 2>"$tmp/stats"; then
    cat "$tmp/stats"
    echo "FAIL: $lang.po does not compile"
    status=1
    continue
  fi
  cat "$tmp/stats"
  for kind in untranslated fuzzy; do
    msgattrib --only-$kind --no-obsolete "$po" 2>/dev/null | grep '^msgid ' | grep -v '^msgid ""$' >"$tmp/$kind" || true
    if [ -s "$tmp/$kind" ]; then
      echo "FAIL: $kind messages in $lang.po:"
      sed 's/^/    /' "$tmp/$kind"
      status=1
    fi
  done
done

if ! sh "$src/po/extract.sh" "$src" >"$tmp/now.pot" 2>"$tmp/extract.err"; then
  cat "$tmp/extract.err"
  echo "FAIL: po/extract.sh failed"
  exit 1
fi
# msgids, one per line (--no-wrap keeps each on a single line)
ids() { msgcat --no-wrap "$1" | grep '^msgid ' | grep -v '^msgid ""$' | LC_ALL=C sort -u; }
ids "$tmp/now.pot" >"$tmp/used"
for lang in ru en; do
  ids "$src/po/$lang.po" >"$tmp/have"
  LC_ALL=C comm -23 "$tmp/used" "$tmp/have" >"$tmp/missing"
  if [ -s "$tmp/missing" ]; then
    echo "FAIL: used in the sources but missing from $lang.po (run po/update-po.sh, then translate):"
    sed 's/^/    /' "$tmp/missing"
    status=1
  fi
  LC_ALL=C comm -13 "$tmp/used" "$tmp/have" >"$tmp/unused"
  if [ -s "$tmp/unused" ]; then
    echo "note: in $lang.po but no longer used (po/update-po.sh removes them):"
    sed 's/^/    /' "$tmp/unused"
  fi
done
[ $status = 0 ] && echo "translations complete: $(wc -l <"$tmp/used") messages"
exit $status
