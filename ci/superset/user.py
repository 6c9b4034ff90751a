"""Create a Superset user of the local stack with its role, or reset its password and role if it exists.

    user.py admin    the gate's admin: GATE_SUPERSET_USER / GATE_SUPERSET_PASSWORD, role Admin
    user.py viewer   the viewer: GATE_SUPERSET_VIEWER_USER / GATE_SUPERSET_VIEWER_PASSWORD, role "PowerFill Viewer"
                     (Gamma's permissions and access to every database and dataset: all the local Superset holds
                     is PowerFill's), made or brought up to date here

Run with the venv's python and SUPERSET_CONFIG_PATH set, after `superset init` (ci/superset-up does this). The
credentials are read from the environment, so a password never appears on a command line or in a log.
"""
import os
import sys

VIEWER_ROLE = "PowerFill Viewer"
WHO = {"admin": ("GATE_SUPERSET_USER", "GATE_SUPERSET_PASSWORD", "Admin"),
       "viewer": ("GATE_SUPERSET_VIEWER_USER", "GATE_SUPERSET_VIEWER_PASSWORD", "Viewer")}


def gamma_role(sm, name, extra):
    """Role `name` made or brought up to date: Gamma's permissions plus `extra` (permission-view pairs)."""
    gamma = sm.find_role("Gamma")
    if gamma is None:
        raise LookupError("role Gamma missing (run `superset init` first)")
    role = sm.find_role(name) or sm.add_role(name)
    role.permissions = list(gamma.permissions) + list(extra)
    from superset.extensions import db

    db.session.commit()
    return role


def viewer_role(sm):
    """The viewer's role: Gamma's permissions plus all database and datasource access."""
    extra = []
    for name in ("all_database_access", "all_datasource_access"):
        permission = sm.find_permission_view_menu(name, name)
        if permission is None:
            raise LookupError(f"permission {name} missing (run `superset init` first)")
        extra.append(permission)
    return gamma_role(sm, VIEWER_ROLE, extra)


def main(argv) -> int:
    if len(argv) != 1 or argv[0] not in WHO:
        print("usage: user.py admin|viewer", file=sys.stderr)
        return 2
    user_var, password_var, last_name = WHO[argv[0]]
    username, password = os.environ.get(user_var, ""), os.environ.get(password_var, "")
    if not username or not password:
        print(f"user.py: {user_var} / {password_var} not set", file=sys.stderr)
        return 2
    from superset.app import create_app

    app = create_app()
    with app.app_context():
        sm = app.appbuilder.sm
        try:
            role = sm.find_role(sm.auth_role_admin) if argv[0] == "admin" else viewer_role(sm)
        except LookupError as error:
            print(f"user.py: {error}", file=sys.stderr)
            return 1
        if role is None:
            print("user.py: role Admin missing (run `superset init` first)", file=sys.stderr)
            return 1
        try:
            # The admin keeps any other role it was given; the viewer has exactly its own.
            done = ensure_user(sm, username, password, last_name, role, only_role=argv[0] == "viewer")
        except LookupError as error:
            print(f"user.py: {error}", file=sys.stderr)
            return 1
        print(f"{argv[0]} user {username}: {done}, role {role.name}")
    return 0


def ensure_user(sm, username, password, last_name, role, only_role):
    """User `username` created with `role`, or its password reset and `role` given (as its only role when
    `only_role`), active. Returns what was done; raises LookupError when Superset would not create it."""
    user = sm.find_user(username=username)
    if user is None:
        if not sm.add_user(username, "Gate", last_name, f"{username}@gate.local", role, password=password):
            raise LookupError(f"could not create user {username}")
        return "created"
    sm.reset_password(user.id, password)
    if only_role:
        user.roles = [role]
    elif role not in user.roles:
        user.roles.append(role)
    user.active = True
    sm.update_user(user)
    return "password reset"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
