"""Test support for the Campus suites and tools, never installed in an image.

- `campus_testing.databases`: one real database per suite (SQLite or PostgreSQL, `TEST_DATABASE`).
- `campus_testing.clock`: a clock the tests move forward.
- `campus_testing.tokens`: access tokens shaped like auth-backend's, signed with a test key.
- `campus_testing.services`: each service's test settings and in-process app.
- `campus_testing.emails`: the one table of email addresses every service's tests run.
- `campus_testing.demo`: the demo accounts, password and assignments, as the tools see them.
- `campus_testing.plugin`: the pytest plugin (fixtures every service suite shares).
"""
