"""The storage layer every domain repository stands on: the records they read and write
(`records`), the SQL and MongoDB plumbing of the adapters (`sql`, `mongo`), and the one store
composed of every aggregate's repository for the adapter DATABASE_URL names (`adapters`)."""
