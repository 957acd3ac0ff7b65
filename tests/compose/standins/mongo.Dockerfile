# Stand-in for mongo:7.0. It is NOT MongoDB: mongoeco, a pure-Python server of the MongoDB wire
# protocol persisting to SQLite in /data/db, enough for pymongo clients. It proves the compose
# wiring (name, port, volume, healthcheck, start order), not MongoDB's behaviour.
FROM localhost/debian:trixie
COPY certs/ /usr/local/share/ca-certificates/
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 python3-venv ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && update-ca-certificates \
 && python3 -m venv /opt/mongoeco \
 && PIP_CERT=/etc/ssl/certs/ca-certificates.crt /opt/mongoeco/bin/pip install -q --no-cache-dir \
      'mongoeco[wire]==4.11.0' pymongo \
 && groupadd --system --gid 999 mongodb \
 && useradd --system --uid 999 --gid 999 --home-dir /data/db --no-create-home mongodb \
 && mkdir -p /data/db && chown mongodb:mongodb /data/db
COPY --chmod=755 mongod mongosh /usr/local/bin/
USER mongodb
CMD ["mongod"]
