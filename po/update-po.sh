#!/bin/sh
# Maintainer tool: regenerates po/cxm.pot and merges it into ru.po and en.po.
# New Russian messages arrive untranslated (the test suite then fails until
# they are translated); English messages are filled with their ids.
# usage: po/update-po.sh   (from the top of the source tree)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/po/extract.sh" "$top" > "$top/po/cxm.pot"
msgmerge --quiet --update --backup=none --no-fuzzy-matching "$top/po/ru.po" "$top/po/cxm.pot"
msgmerge --quiet --update --backup=none --no-fuzzy-matching "$top/po/en.po" "$top/po/cxm.pot"
msgattrib --no-obsolete -o "$top/po/ru.po" "$top/po/ru.po"
msgattrib --no-obsolete -o "$top/po/en.po" "$top/po/en.po"
msgen "$top/po/en.po" -o "$top/po/en.po.tmp" && mv "$top/po/en.po.tmp" "$top/po/en.po"
msgfmt --statistics -o /dev/null "$top/po/ru.po"
