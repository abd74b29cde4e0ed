#!/bin/sh
# axe-core, the accessibility rules engine the browser journeys run on every screen they
# pass (WCAG 2.2 AA), from the npm registry into .axe/ (never committed). Pinned; idempotent:
# does nothing while the pinned version is there. Prints the path of axe.min.js on stdout
# (npm's own output goes to stderr), for tests/browser/accessibility.py.
set -eu
cd "$(dirname "$0")/.."
VERSION=4.14.1
DIR=.axe
SCRIPT="$DIR/node_modules/axe-core/axe.min.js"
if ! grep -qs "\"version\": \"$VERSION\"" "$DIR/node_modules/axe-core/package.json"; then
    if ! command -v npm >/dev/null 2>&1; then
        echo "npm is missing: install Node.js (apt-get install -y npm) to fetch axe-core." >&2
        exit 1
    fi
    mkdir -p "$DIR"
    npm install --silent --no-audit --no-fund --prefix "$DIR" "axe-core@$VERSION" >&2
fi
echo "$PWD/$SCRIPT"
