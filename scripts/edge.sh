#!/usr/bin/env bash
# The nginx edge of a local run: renders deploy/nginx/ templates with the stack's environment
# (scripts/stack-env.sh) into $VAR_DIR/nginx, then runs nginx in the foreground, unprivileged,
# with every path under $VAR_DIR/nginx and errors on stderr.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source scripts/stack-env.sh

NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
[ -x "$NGINX" ] || die "nginx is not installed (Debian/Ubuntu: apt-get install nginx)"

: "${WEB_ROOT:=$PWD/web/dist}"
: "${AUTH_UPSTREAM:=127.0.0.1:$AUTH_PORT}"
: "${NOTIFICATION_UPSTREAM:=127.0.0.1:$NOTIFICATION_PORT}"
: "${FEEDBACK_UPSTREAM:=127.0.0.1:$FEEDBACK_PORT}"
if [ -z "${NGINX_MIME_TYPES:-}" ]; then
  for candidate in /etc/nginx/mime.types /usr/local/etc/nginx/mime.types /opt/homebrew/etc/nginx/mime.types; do
    [ -f "$candidate" ] && NGINX_MIME_TYPES=$candidate && break
  done
fi
[ -n "${NGINX_MIME_TYPES:-}" ] || die "cannot find nginx's mime.types; set NGINX_MIME_TYPES"
[ -f "$WEB_ROOT/index.html" ] || echo "edge: warning: $WEB_ROOT/index.html is missing (build the web app: cd web && npm run build)" >&2
export WEB_ROOT AUTH_UPSTREAM NOTIFICATION_UPSTREAM FEEDBACK_UPSTREAM NGINX_MIME_TYPES

dir=$VAR_DIR/nginx
mkdir -p "$dir/conf" "$dir/logs" "$dir/client_body" "$dir/proxy" "$dir/fastcgi" "$dir/uwsgi" "$dir/scgi"

# Substitute only our own variables, so nginx's ($uri, $request_id, ...) survive.
render() {
  python3 - "$1" "$2" <<'PY'
import os, string, sys
names = ("EDGE_PORT", "WEB_ROOT", "AUTH_UPSTREAM", "NOTIFICATION_UPSTREAM", "FEEDBACK_UPSTREAM",
         "VAR_DIR", "NGINX_MIME_TYPES")
src, dst = sys.argv[1], sys.argv[2]
text = string.Template(open(src, encoding="utf-8").read()).safe_substitute(
    {n: os.environ[n] for n in names}
)
with open(dst, "w", encoding="utf-8") as fh:
    fh.write(text)
PY
}
render deploy/nginx/default.conf.template "$dir/conf/default.conf"
render deploy/nginx/nginx.local.conf "$dir/conf/nginx.conf"

# A root master would hand workers to 'nobody', who may not read the project or write var/.
user_directive=()
[ "$(id -u)" = 0 ] && user_directive=(-g "user root; daemon off;") || user_directive=(-g "daemon off;")

"$NGINX" -t -q -p "$dir" -c "$dir/conf/nginx.conf" -e stderr "${user_directive[@]}"
exec "$NGINX" -p "$dir" -c "$dir/conf/nginx.conf" -e stderr "${user_directive[@]}"
