"""Create the Superset admin user, or reset its password if it exists.

Run with the venv's python and SUPERSET_CONFIG_PATH set (ci/superset-up does this).
Reads GATE_SUPERSET_USER / GATE_SUPERSET_PASSWORD from the environment, so the
password never appears on a command line or in a log.
"""
import os
import sys


def main() -> int:
    username = os.environ.get("GATE_SUPERSET_USER", "")
    password = os.environ.get("GATE_SUPERSET_PASSWORD", "")
    if not username or not password:
        print("admin.py: GATE_SUPERSET_USER / GATE_SUPERSET_PASSWORD not set", file=sys.stderr)
        return 2
    from superset.app import create_app

    app = create_app()
    with app.app_context():
        sm = app.appbuilder.sm
        role = sm.find_role(sm.auth_role_admin)
        if role is None:
            print("admin.py: role Admin missing (run `superset init` first)", file=sys.stderr)
            return 1
        user = sm.find_user(username=username)
        if user is None:
            created = sm.add_user(username, "Gate", "Admin", f"{username}@gate.local", role, password=password)
            if not created:
                print(f"admin.py: could not create user {username}", file=sys.stderr)
                return 1
            print(f"admin user {username}: created")
        else:
            sm.reset_password(user.id, password)
            if role not in user.roles:
                user.roles.append(role)
            user.active = True
            sm.update_user(user)
            print(f"admin user {username}: password reset")
    return 0


if __name__ == "__main__":
    sys.exit(main())
