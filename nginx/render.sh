#!/bin/sh
# Fills the @NAME@ placeholders of an nginx/*.conf.in file.
# usage: render.sh IN OUT NAME=VALUE...
# Used by nginx/Makefile.am (installed paths) and dev/ scripts (local paths).
set -eu
in=$1 out=$2
shift 2
script=
for kv in "$@"; do
  name=${kv%%=*} value=${kv#*=}
  # escape what sed would interpret in the replacement
  value=$(printf '%s' "$value" | sed -e 's/[\\|&]/\\&/g')
  script="$script s|@$name@|$value|g;"
done
sed -e "$script" "$in" > "$out.tmp"
if grep -n '@[A-Z_]*@' "$out.tmp" >&2; then
  echo "render.sh: $in: placeholders left unfilled (above)" >&2
  rm -f "$out.tmp"
  exit 1
fi
mv "$out.tmp" "$out"
