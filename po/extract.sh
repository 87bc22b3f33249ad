#!/bin/sh
# Writes the message template (.pot) of CXM to stdout: gettext calls in the
# C sources of core/ and plugins/ and the plugins' headers (_, N_,
# cxm_ngettext; a plugin marks its labels with its own no-op N_, and so does
# plugins/metric_kit.h) and {{_text_}} markers in templates/.
# usage: po/extract.sh SRCDIR
set -eu
top=${1:-.}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$top"
{ find core plugins -name '*.c'; find plugins -name '*.h'; } | LC_ALL=C sort > "$tmp/files"
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
  --keyword=cxm_ngettext:1,2 --keyword=cxm_gettext_lang:2 --add-comments=TRANSLATORS: --sort-by-file \
  --package-name=cxm --msgid-bugs-address="the CXM issue tracker" \
  --files-from="$tmp/files" -o "$tmp/c.pot"
# Template markers: one per line at most is not required, but a marker must
# not span lines.
for f in $(find templates -name '*.tpl' | LC_ALL=C sort); do
  awk -v file="$f" '
    {
      line = $0
      while ((i = index(line, "{{_")) > 0) {
        rest = substr(line, i + 3)
        j = index(rest, "_}}")
        if (j == 0) { printf "%s:%d: unterminated {{_ marker\n", file, NR > "/dev/stderr"; exit 1 }
        msg = substr(rest, 1, j - 1)
        gsub(/\\/, "\\\\", msg); gsub(/"/, "\\\"", msg)
        printf "#: %s:%d\nmsgid \"%s\"\nmsgstr \"\"\n\n", file, NR, msg
        line = substr(rest, j + 3)
      }
    }' "$f"
done > "$tmp/t.po"
{
  printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
  cat "$tmp/t.po"
} > "$tmp/t.pot"
msguniq --use-first "$tmp/t.pot" -o "$tmp/t2.pot"
msgcat --use-first "$tmp/c.pot" "$tmp/t2.pot" -o - | sed -e 's/^"Content-Type: text\/plain; charset=CHARSET\\n"/"Content-Type: text\/plain; charset=UTF-8\\n"/'
