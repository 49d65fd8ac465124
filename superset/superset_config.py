"""Superset configuration for the revops dashboard (loaded through SUPERSET_CONFIG_PATH).

Everything secret or machine-specific comes from the environment, set by `python -m revops.dashboard`
(see revops/dashboard/server.py):
- SUPERSET_SECRET_KEY: signs sessions and encrypts the stored connection details. Required: Superset would
  otherwise start with its public default key, which lets anyone forge a session.
- SUPERSET_HOME: the state folder; the metadata database is the SQLite file `superset.db` in it.
"""

import os

SECRET_KEY = os.environ.get("SUPERSET_SECRET_KEY", "")
if not SECRET_KEY:
    raise RuntimeError(
        "SUPERSET_SECRET_KEY is not set: Superset refuses to start with a default key "
        "(`make dashboard` sets a demo key and says so; set your own outside the demo)"
    )

STATE_DIR = os.environ["SUPERSET_HOME"]
SQLALCHEMY_DATABASE_URI = f"sqlite:///{os.path.join(STATE_DIR, 'superset.db')}?check_same_thread=false"

# no anonymous access: the Public role gets no permissions at all (never the Admin role's)
PUBLIC_ROLE_LIKE = None
AUTH_ROLE_PUBLIC = "Public"

# the dashboard reads the warehouse only: no uploads, no DML, no example data
ALLOW_FILE_UPLOAD = False
PREVENT_UNSAFE_DB_CONNECTIONS = True

# one local process: no Celery, no thumbnails, no alerts and reports
FEATURE_FLAGS = {"THUMBNAILS": False, "ALERT_REPORTS": False}

# keep logs in the state folder
LOG_LEVEL = "WARNING"
