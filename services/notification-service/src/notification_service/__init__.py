"""Notifications: one-time codes, reliable email delivery, status page and dev mailbox."""
