# Sourced by run.sh and the test harnesses: the ports, URLs and databases of a local stack.
# Every value can be overridden from the environment (e.g. EDGE_PORT=9080 make run).
: "${VAR_DIR:=$PWD/var}"
: "${EDGE_PORT:=8080}"
: "${AUTH_PORT:=8001}"
: "${NOTIFICATION_PORT:=5001}"
: "${FEEDBACK_PORT:=8000}"
: "${AUTH_DATABASE_URL:=sqlite+aiosqlite:///$VAR_DIR/auth-backend.db}"
: "${NOTIFICATION_DATABASE_URL:=sqlite+aiosqlite:///$VAR_DIR/notification-service.db}"
: "${FEEDBACK_DATABASE_URL:=sqlite+aiosqlite:///$VAR_DIR/feedback-service.db}"
: "${ENVIRONMENT:=development}"
: "${LOG_FORMAT:=json}"
: "${AUTH_URL:=http://127.0.0.1:$AUTH_PORT}"
: "${NOTIFICATION_URL:=http://127.0.0.1:$NOTIFICATION_PORT}"
: "${FEEDBACK_URL:=http://127.0.0.1:$FEEDBACK_PORT}"
: "${JWKS_URL:=$AUTH_URL/.well-known/jwks.json}"
: "${PUBLIC_URL:=http://localhost:$EDGE_PORT}"
export VAR_DIR EDGE_PORT AUTH_PORT NOTIFICATION_PORT FEEDBACK_PORT AUTH_DATABASE_URL \
  NOTIFICATION_DATABASE_URL FEEDBACK_DATABASE_URL ENVIRONMENT LOG_FORMAT AUTH_URL NOTIFICATION_URL \
  FEEDBACK_URL JWKS_URL PUBLIC_URL
