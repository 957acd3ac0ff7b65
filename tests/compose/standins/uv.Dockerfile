# Stand-in for ghcr.io/astral-sh/uv: only the uv binary at /uv, from the uv wheel.
FROM scratch
COPY uv /uv
