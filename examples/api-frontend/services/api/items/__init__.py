"""The project tool's API: items kept in PostgreSQL, schema by Alembic."""
