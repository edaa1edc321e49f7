"""normalizers stage of vnplan."""
