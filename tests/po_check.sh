#!/bin/sh
# Translations are complete: po/ru.po and po/en.po compile with
# "msgfmt --check", have no untranslated or fuzzy messages, and hold every
# message the C sources and templates use (as po/extract.sh finds them now).
# Prints each missing, untranslated or fuzzy message by its msgid.
# Run by "make check" with CXM_SRCDIR set. Exit 0 pass, 1 fail, 77 skip
# (gettext tools missing).
set -u
src=${CXM_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
for tool in msgfmt msgcat msguniq xgettext; do
  command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool not installed"; exit 77; }
done
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
status=0

# Reads a PO file as msgcat --no-wrap writes it and prints one line per
# message (the header left out), its key being the msgid as written in the
# file, continuation lines joined, prefixed by "msgctxt|" if it has one:
#   ID <tab> key                 every message
#   FUZZY <tab> key              marked fuzzy
#   UNTRANSLATED <tab> key       a msgstr (or a plural form) is empty
# Obsolete (#~) messages are not read.
table_awk='
function unq(s) { sub(/^[^"]*"/, "", s); sub(/"[ \t\r]*$/, "", s); return s }
function endstr() { if (instr && str == "") empty = 1; instr = 0; str = "" }
function done() {
  endstr()
  if (have_id && (id != "" || has_ctx)) {
    key = (has_ctx ? ctx "|" : "") id
    print "ID\t" key
    if (fuzzy) print "FUZZY\t" key
    else if (empty || nstr == 0) print "UNTRANSLATED\t" key
  }
  have_id = 0; id = ""; ctx = ""; has_ctx = 0; fuzzy = 0; empty = 0; nstr = 0; cur = ""
}
/^[ \t\r]*$/ { done(); next }
/^#,/ { if ($0 ~ /[ ,]fuzzy([ ,\r]|$)/) fuzzy = 1; next }
/^#/ { next }
/^msgctxt / { has_ctx = 1; ctx = unq($0); cur = "ctx"; next }
/^msgid / { have_id = 1; id = unq($0); cur = "id"; next }
/^msgid_plural / { cur = "plural"; next }
/^msgstr/ { endstr(); nstr++; instr = 1; str = unq($0); cur = "str"; next }
/^"/ {
  if (cur == "ctx") ctx = ctx unq($0)
  else if (cur == "id") id = id unq($0)
  else if (cur == "str") str = str unq($0)
  next
}
END { done() }
'

# table FILE.po OUT: the table above, or failure if msgcat cannot read it
table() {
  msgcat --no-wrap -o "$tmp/canon.po" "$1" 2>"$tmp/msgcat.err" || { cat "$tmp/msgcat.err"; return 1; }
  awk "$table_awk" "$tmp/canon.po" >"$2"
}

# column KIND TABLE: the keys of one kind, sorted, one per line
column() {
  awk -F '	' -v kind="$1" '$1 == kind { print substr($0, length(kind) + 2) }' "$2" | LC_ALL=C sort -u
}

# list FILE: the keys, indented, as msgid "..."
list() {
  sed 's/^\(.*\)$/    msgid "\1"/' "$1"
}

if ! sh "$src/po/extract.sh" "$src" >"$tmp/now.pot" 2>"$tmp/extract.err"; then
  cat "$tmp/extract.err"
  echo "FAIL: po/extract.sh failed"
  exit 1
fi
if ! table "$tmp/now.pot" "$tmp/now.table"; then
  echo "FAIL: cannot read the output of po/extract.sh"
  exit 1
fi
column ID "$tmp/now.table" >"$tmp/used"
if [ ! -s "$tmp/used" ]; then
  echo "FAIL: po/extract.sh found no messages at all"
  exit 1
fi

for lang in ru en; do
  po=$src/po/$lang.po
  if ! msgfmt --check --statistics -o /dev/null "$po" 2>"$tmp/stats"; then
    cat "$tmp/stats"
    echo "FAIL: $lang.po does not pass msgfmt --check"
    status=1
    continue
  fi
  echo "$lang.po: $(cat "$tmp/stats")"
  if ! table "$po" "$tmp/$lang.table"; then
    echo "FAIL: cannot read $lang.po"
    status=1
    continue
  fi
  for kind in UNTRANSLATED FUZZY; do
    column "$kind" "$tmp/$lang.table" >"$tmp/$lang.$kind"
    if [ -s "$tmp/$lang.$kind" ]; then
      echo "FAIL: $(echo "$kind" | tr 'A-Z' 'a-z') messages in $lang.po:"
      list "$tmp/$lang.$kind"
      status=1
    fi
  done
  # msgfmt's own count, in case a message escaped the reading above
  if grep -q -e 'untranslated' -e 'fuzzy' "$tmp/stats"; then
    echo "FAIL: msgfmt counts untranslated or fuzzy messages in $lang.po"
    status=1
  fi
  column ID "$tmp/$lang.table" >"$tmp/$lang.have"
  LC_ALL=C comm -23 "$tmp/used" "$tmp/$lang.have" >"$tmp/$lang.missing"
  if [ -s "$tmp/$lang.missing" ]; then
    echo "FAIL: used in the sources or templates but missing from $lang.po (run po/update-po.sh, then translate):"
    list "$tmp/$lang.missing"
    status=1
  fi
  LC_ALL=C comm -13 "$tmp/used" "$tmp/$lang.have" >"$tmp/$lang.unused"
  if [ -s "$tmp/$lang.unused" ]; then
    echo "note: in $lang.po but no longer used (po/update-po.sh removes them):"
    list "$tmp/$lang.unused"
  fi
done

# po/cxm.pot is the maintainer's snapshot; say when it lags behind
if table "$src/po/cxm.pot" "$tmp/pot.table" 2>/dev/null; then
  column ID "$tmp/pot.table" >"$tmp/pot.ids"
  if ! cmp -s "$tmp/used" "$tmp/pot.ids"; then
    echo "note: po/cxm.pot differs from what po/extract.sh finds now (po/update-po.sh refreshes it)"
  fi
fi

[ $status = 0 ] && echo "translations complete: $(wc -l <"$tmp/used" | tr -d ' ') messages, ru and en"
exit $status
