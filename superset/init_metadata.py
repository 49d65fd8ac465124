"""Initialise Superset's metadata database in one process (instead of four `superset` CLI start-ups):
migrate it to the current schema (`superset db upgrade`), create roles and permissions (`superset init`),
then create the admin user or, when it exists, set its password.

Run by revops/dashboard/server.py with Superset's own Python (.venv-superset); reads SUPERSET_CONFIG_PATH,
SUPERSET_HOME and SUPERSET_SECRET_KEY like every Superset process, and the admin's name and password from
SUPERSET_ADMIN_USER and SUPERSET_ADMIN_PASSWORD.
"""

import os
import sqlite3
import sys


def _fast_sqlite_writes(connection, _record) -> None:  # type: ignore[no-untyped-def]
    if isinstance(connection, sqlite3.Connection):
        connection.execute("pragma synchronous = off")


def main() -> int:
    username = os.environ.get("SUPERSET_ADMIN_USER", "admin")
    password = os.environ.get("SUPERSET_ADMIN_PASSWORD", "")
    if not password:
        print("SUPERSET_ADMIN_PASSWORD is not set", file=sys.stderr)
        return 2

    from flask_migrate import upgrade
    from superset.app import create_app

    app = create_app()
    with app.app_context():
        from sqlalchemy import event
        from sqlalchemy.engine import Engine
        from superset.extensions import appbuilder, db, security_manager

        if db.engine.dialect.name == "sqlite":
            # hundreds of migration commits: no fsync per commit while initialising (a crash here means
            # running it again); every engine, as the migrations make their own. The server keeps defaults.
            db.engine.dispose()
            event.listen(Engine, "connect", _fast_sqlite_writes)
        upgrade()
        appbuilder.add_permissions(update_perms=True)
        security_manager.sync_role_definitions()
        user = security_manager.find_user(username=username)
        if user is None:
            admin = security_manager.find_role("Admin")
            created = security_manager.add_user(
                username, "RevOps", "Admin", f"{username}@example.com", admin, password
            )
            if not created:
                print(f"could not create the admin user {username}", file=sys.stderr)
                return 1
            print(f"admin user {username} created")
        else:
            security_manager.reset_password(user.id, password)
            print(f"admin user {username} exists: password set")
    return 0


if __name__ == "__main__":
    sys.exit(main())
