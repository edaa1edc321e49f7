"""vnplan: Vietnamese government plans (PDF, DOCX, DOC) to Parquet tables."""

__version__ = "0.4.0"
