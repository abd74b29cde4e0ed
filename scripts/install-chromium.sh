#!/bin/sh
# Debian's Chromium for the browser tests. Playwright's own browser download is never used.
set -eu
if [ -x /usr/bin/chromium ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "Chromium is missing and this user cannot install it: run 'apt-get install -y chromium' as root." >&2
        exit 1
    fi
fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium
