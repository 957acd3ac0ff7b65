"""The feedback service's outbound HTTP clients (the user directory of auth-backend)."""
