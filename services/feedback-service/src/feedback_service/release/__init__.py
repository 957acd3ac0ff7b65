"""Release control: publishes scheduled for a time, feedback a manual post policy holds."""
