#!/bin/sh
# The mock OpenID Connect provider for the identity-provider browser tests, in its own venv
# (.venv-oidc): its dependencies (Flask and friends) must not mix with the app's pins.
# oidc-provider-mock 0.3.4 is the last release for Python 3.11; every package of the venv
# is pinned in scripts/oidc-mock-constraints.txt. Idempotent: does nothing while the venv
# matches those pins. Prints the path of the `oidc-provider-mock` command on stdout
# (everything else goes to stderr), for tests/browser/identity_provider.py.
set -eu
cd "$(dirname "$0")/.."
VENV=.venv-oidc
PINS=scripts/oidc-mock-constraints.txt
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
if ! cmp -s "$PINS" "$VENV/.installed" 2>/dev/null; then
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV" >&2
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        "oidc-provider-mock==0.3.4" -c "$PINS" >&2
    cp "$PINS" "$VENV/.installed"
fi
echo "$PWD/$VENV/bin/oidc-provider-mock"
