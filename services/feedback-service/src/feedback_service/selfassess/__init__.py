"""Self-assessment: a student scores themself against their cohort's rubric before the mentor's
feedback of that cycle is released; the release locks it."""
