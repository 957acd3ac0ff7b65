#!/bin/sh
# The official nginx image's template step: render /etc/nginx/templates/*.template with envsubst,
# substituting only the variables whose names match NGINX_ENVSUBST_FILTER, then run the command.
set -eu
if [ "${1:-}" = nginx ]; then
  templates=${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}
  suffix=${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}
  out_dir=${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}
  names=$(env | cut -d= -f1 | grep -E "${NGINX_ENVSUBST_FILTER:-.}" || true)
  vars=$(for n in $names; do printf '${%s} ' "$n"; done)
  for t in "$templates"/*"$suffix"; do
    [ -f "$t" ] || continue
    target="$out_dir/$(basename "$t" "$suffix")"
    echo "$0: rendering $t into $target"
    envsubst "$vars" <"$t" >"$target"
  done
fi
exec "$@"
