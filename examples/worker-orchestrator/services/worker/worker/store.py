"""The jobs table (created by the Alembic migrations in migrations/)."""
import psycopg2


class JobStore:
    def __init__(self, database_url):
        self._url = database_url

    def _connect(self):
        return psycopg2.connect(self._url, connect_timeout=3)

    def schema_version(self):
        with self._connect() as connection, connection.cursor() as cursor:
            cursor.execute("SELECT version_num FROM alembic_version")
            row = cursor.fetchone()
            return row[0] if row else None

    def add(self, text):
        with self._connect() as connection, connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO jobs (text) VALUES (%s) RETURNING id, text, status",
                (text,))
            return _job(cursor.fetchone())

    def list(self):
        with self._connect() as connection, connection.cursor() as cursor:
            cursor.execute("SELECT id, text, status FROM jobs ORDER BY id")
            return [_job(row) for row in cursor.fetchall()]


def _job(row):
    return {"id": row[0], "text": row[1], "status": row[2]}
