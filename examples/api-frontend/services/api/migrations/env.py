"""Alembic's environment: online migrations against $DATABASE_URL."""
import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine, pool

if context.config.config_file_name:
    fileConfig(context.config.config_file_name)

url = os.environ.get("DATABASE_URL", "")
if not url.startswith("postgresql://"):
    raise SystemExit("alembic: DATABASE_URL must be a postgresql:// URL")

engine = create_engine(url.replace("postgresql://", "postgresql+psycopg2://", 1),
                       poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
