"""Settings from the environment, checked once at start."""
import os
from dataclasses import dataclass


class ConfigError(Exception):
    """A setting is missing or malformed: one line saying which and what to do."""


@dataclass(frozen=True)
class Config:
    port: int
    database_url: str
    version: str


def load(environ=os.environ):
    url = environ.get("DATABASE_URL", "")
    if not url.startswith("postgresql://"):
        raise ConfigError(
            "DATABASE_URL must be a postgresql:// URL "
            "(e.g. postgresql://user:password@host:5432/worker)")
    try:
        port = int(environ.get("PORT", "8080"))
    except ValueError:
        raise ConfigError("PORT must be a number, not %r" % environ["PORT"])
    return Config(port=port, database_url=url,
                  version=environ.get("APP_VERSION", "dev"))
