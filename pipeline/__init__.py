"""pipeline stage of vnplan."""
