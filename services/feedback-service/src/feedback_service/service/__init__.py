"""The rules of the feedback service; routers call these, these call the store."""
