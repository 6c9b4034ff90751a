"""Create the local stack's viewer: user GATE_SUPERSET_VIEWER_USER with role "PowerFill Viewer" (Gamma's permissions
and access to every database and dataset: all the local Superset holds is PowerFill's), or reset its password.

Run with the venv's python and SUPERSET_CONFIG_PATH set (ci/superset-up does this, after admin.py). The password is
read from the environment and never printed.
"""
import os
import sys

ROLE = "PowerFill Viewer"


def main() -> int:
    username = os.environ.get("GATE_SUPERSET_VIEWER_USER", "")
    password = os.environ.get("GATE_SUPERSET_VIEWER_PASSWORD", "")
    if not username or not password:
        print("viewer.py: GATE_SUPERSET_VIEWER_USER / GATE_SUPERSET_VIEWER_PASSWORD not set", file=sys.stderr)
        return 2
    from superset.app import create_app

    app = create_app()
    with app.app_context():
        sm = app.appbuilder.sm
        gamma = sm.find_role("Gamma")
        if gamma is None:
            print("viewer.py: role Gamma missing (run `superset init` first)", file=sys.stderr)
            return 1
        role = sm.find_role(ROLE) or sm.add_role(ROLE)
        wanted = list(gamma.permissions)
        for permission, view in (("all_database_access", "all_database_access"), ("all_datasource_access", "all_datasource_access")):
            pv = sm.find_permission_view_menu(permission, view)
            if pv is None:
                print(f"viewer.py: permission {permission} missing (run `superset init` first)", file=sys.stderr)
                return 1
            wanted.append(pv)
        role.permissions = wanted
        from superset.extensions import db

        db.session.commit()
        user = sm.find_user(username=username)
        if user is None:
            if not sm.add_user(username, "Gate", "Viewer", f"{username}@gate.local", role, password=password):
                print(f"viewer.py: could not create user {username}", file=sys.stderr)
                return 1
            print(f"viewer {username}: created with role {ROLE}")
        else:
            sm.reset_password(user.id, password)
            user.roles = [role]
            user.active = True
            sm.update_user(user)
            print(f"viewer {username}: password reset, role {ROLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
