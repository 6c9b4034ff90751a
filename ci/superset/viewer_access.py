"""The scratch viewer of the scenario tests: a user whose role grants each dataset on its own, so one can be taken away.

    viewer_access.py up            user GATE_SCRATCH_VIEWER_USER (password GATE_SCRATCH_VIEWER_PASSWORD) with role
                                   "PowerFill Viewer scratch": Gamma's permissions plus datasource access to every
                                   dataset, one grant each (the local viewer's role has all-datasource access instead)
    viewer_access.py revoke SLUG   the role loses its grant on the dataset of dashboard SLUG (a -scratch one)

Run with the venv's python and SUPERSET_CONFIG_PATH set (ci/superset-viewer-scratch does). Only this role and user
are changed: the viewer the other suites use is left alone.
"""
import os
import sys

ROLE = "PowerFill Viewer scratch"


def datasets_of(slug):
    from superset.models.dashboard import Dashboard
    from superset.extensions import db

    dashboard = db.session.query(Dashboard).filter_by(slug=slug).one_or_none()
    if dashboard is None:
        raise LookupError(f"no dashboard with slug {slug!r}")
    return dashboard.datasources


def up(sm):
    from superset.connectors.sqla.models import SqlaTable
    from superset.extensions import db
    from user import ensure_user, gamma_role

    grants = [sm.add_permission_view_menu("datasource_access", dataset.get_perm()) for dataset in db.session.query(SqlaTable).all()]
    role = gamma_role(sm, ROLE, grants)
    username, password = os.environ.get("GATE_SCRATCH_VIEWER_USER", ""), os.environ.get("GATE_SCRATCH_VIEWER_PASSWORD", "")
    if not username or not password:
        raise LookupError("GATE_SCRATCH_VIEWER_USER / GATE_SCRATCH_VIEWER_PASSWORD not set")
    ensure_user(sm, username, password, "Scratch viewer", role, only_role=True)
    print(f"viewer_access: {username} with role {ROLE!r}: {len(grants)} dataset grant(s)")


def revoke(sm, slug):
    from superset.extensions import db

    if not slug.endswith("-scratch"):
        raise LookupError(f"refusing {slug!r}: only -scratch dashboards' datasets may be revoked")
    role = sm.find_role(ROLE)
    if role is None:
        raise LookupError(f"role {ROLE!r} missing (run `up` first)")
    perms = {dataset.get_perm() for dataset in datasets_of(slug)}
    before = len(role.permissions)
    role.permissions = [p for p in role.permissions if not (p.permission.name == "datasource_access" and p.view_menu.name in perms)]
    db.session.commit()
    print(f"viewer_access: role {ROLE!r} lost {before - len(role.permissions)} grant(s): {', '.join(sorted(perms))}")


def main(argv) -> int:
    if not argv or argv[0] not in ("up", "revoke") or len(argv) != (1 if argv[0] == "up" else 2):
        print("usage: viewer_access.py up | revoke SLUG", file=sys.stderr)
        return 2
    from superset.app import create_app

    app = create_app()
    with app.app_context():
        try:
            if argv[0] == "up":
                up(app.appbuilder.sm)
            else:
                revoke(app.appbuilder.sm, argv[1])
        except LookupError as error:
            print(f"viewer_access: {error}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
