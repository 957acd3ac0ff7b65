"""Helpers of the end-to-end suite: the stack harness, the dev mailbox reader, page objects."""
