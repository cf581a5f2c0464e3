"""Items in PostgreSQL (tables from migrations/versions)."""
import psycopg2


class ItemRepository:
    def __init__(self, database_url):
        self._url = database_url

    def _run(self, sql, parameters=()):
        with psycopg2.connect(self._url, connect_timeout=3) as connection:
            with connection.cursor() as cursor:
                cursor.execute(sql, parameters)
                return cursor.fetchall() if cursor.description else []

    def migrated_to(self):
        rows = self._run("SELECT version_num FROM alembic_version")
        return rows[0][0] if rows else None

    def all(self):
        rows = self._run("SELECT id, title, done FROM items ORDER BY id")
        return [{"id": i, "title": t, "done": d} for i, t, d in rows]

    def create(self, title):
        (row,) = self._run(
            "INSERT INTO items (title) VALUES (%s) RETURNING id, title, done",
            (title,))
        return {"id": row[0], "title": row[1], "done": row[2]}
