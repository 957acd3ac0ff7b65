"""Feedback: rubric-based mentor feedback, assignments, trends and export."""
