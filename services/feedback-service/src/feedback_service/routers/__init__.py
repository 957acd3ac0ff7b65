"""HTTP routers of the feedback service (HTTP only; rules live in `service`)."""
