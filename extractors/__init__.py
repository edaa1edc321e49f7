"""extractors stage of vnplan."""
