"""Feedback requests: a student asks a mentor for feedback; the mentor writes it from the request,
and publishing that feedback closes the request. Also the mentor's "needs attention" list."""
