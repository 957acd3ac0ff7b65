"""Auth: accounts, password and emailed-code login, tokens, sessions, admin user management."""
