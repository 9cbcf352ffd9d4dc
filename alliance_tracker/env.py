"""Read settings from the environment, rejecting values that do not parse.

A typo in a production variable should stop the process at start-up with a clear
message, not run with a silently different configuration.
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {sorted(TRUE_WORDS | FALSE_WORDS)}, not {raw!r}")


def env_int(name, default, minimum=None):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


CACHE_URL_FORMS = "redis://host:6379/1, rediss://…, file:///absolute/folder or locmem://"


def env_cache(name, default_folder):
    """The cache named by a URL: Redis in production, a folder on one machine, memory for one process."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return _folder_cache(default_folder)
    problem = ImproperlyConfigured(f"{name} must look like {CACHE_URL_FORMS}, not {raw!r}")
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 (a port that is not a number raises here)
    except ValueError:
        raise problem from None
    if parts.scheme in {"redis", "rediss"}:
        database = parts.path.lstrip("/")
        if not parts.hostname or (database and not database.isdigit()):
            raise problem
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": raw,
            # A Redis that is down must answer quickly, not hang every request.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    if parts.scheme == "file":
        if parts.netloc or not parts.path.startswith("/"):
            raise problem
        return _folder_cache(parts.path)
    if parts.scheme == "locmem" and not parts.path.strip("/"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": parts.netloc}
    raise problem


def _folder_cache(folder):
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(folder),
        # Culling deletes counters at random: keep it for far more clients than one machine sees.
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
