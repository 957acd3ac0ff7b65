"""The feedback service's outbound HTTP clients: the user directory of auth-backend, and the
service-token client the outbox relay calls notification-service with."""
