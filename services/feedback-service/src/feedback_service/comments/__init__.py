"""The comment bank: mentors' own reusable comments and shared ones admins curate."""
