"""Threads: the messages a student and their mentor (admins too) write on a feedback."""
