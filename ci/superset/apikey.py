"""Mint a Superset API key (Flask-AppBuilder, FAB_API_KEY_ENABLED) for the user named in the variable USER_VAR, unless
the key in KEY_VAR is still valid for that user: `apikey.py GATE_SUPERSET_USER GATE_SUPERSET_API_KEY` (the gate's),
`apikey.py GATE_SUPERSET_VIEWER_USER GATE_SUPERSET_VIEWER_API_KEY` (the viewer's).

Run with the venv's python and SUPERSET_CONFIG_PATH set (ci/superset-up does this, after user.py). Prints the new
key on stdout, on a line of its own starting `GATE-API-KEY ` (ci/superset-up writes it into $GATE_HOME/secrets.env, mode 600), nothing when the current one holds.
The key is never logged. Exit 3, minting nothing, when the installed Flask-AppBuilder has no API keys (Superset 5.0
ships Flask-AppBuilder 4.8, where FAB_API_KEY_ENABLED does not exist; they came with the 5.x line of Superset 6).
"""
import os
import sys


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: apikey.py USER_VAR KEY_VAR", file=sys.stderr)
        return 2
    username = os.environ.get(sys.argv[1], "")
    current = os.environ.get(sys.argv[2], "")
    if not username:
        print(f"apikey.py: {sys.argv[1]} not set", file=sys.stderr)
        return 2
    from superset.app import create_app

    app = create_app()
    with app.app_context():
        sm = app.appbuilder.sm
        if not hasattr(sm, "create_api_key"):
            import flask_appbuilder

            print(f"apikey.py: Flask-AppBuilder {flask_appbuilder.__version__} has no API keys: none minted",
                  file=sys.stderr)
            return 3
        user = sm.find_user(username=username)
        if user is None:
            print(f"apikey.py: user {username} missing (run user.py first)", file=sys.stderr)
            return 1
        if current:
            holder = sm.validate_api_key(current)
            if holder is not None and holder.username == username:
                print(f"apikey.py: the API key of {username} is valid", file=sys.stderr)
                return 0
        created = sm.create_api_key(user, "gate")
        if not created:
            print(f"apikey.py: could not create an API key for {username}", file=sys.stderr)
            return 1
        # Superset's start-up may print to stdout too: the key's line is marked.
        print("GATE-API-KEY " + created["key"])
        print(f"apikey.py: API key minted for {username}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
