# Stand-in for nginxinc/nginx-unprivileged: Debian's nginx as uid 101, the same entrypoint contract
# (templates in /etc/nginx/templates rendered with envsubst into NGINX_ENVSUBST_OUTPUT_DIR).
# Like the upstream image, /etc/nginx/conf.d is root's: the project's Dockerfile must open it.
FROM localhost/debian:bookworm
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx-light gettext-base wget \
 && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled /etc/nginx/conf.d/* \
 && groupadd --system --gid 101 nginx \
 && useradd --system --uid 101 --gid 101 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin nginx \
 && mkdir -p /etc/nginx/templates /usr/share/nginx/html \
 && chown -R 101:101 /usr/share/nginx/html
COPY nginx.conf /etc/nginx/nginx.conf
COPY --chmod=755 nginx-entrypoint.sh /docker-entrypoint.sh
ENTRYPOINT ["/docker-entrypoint.sh"]
USER 101
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
