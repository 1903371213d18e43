#!/usr/bin/env bash
# Browser tests drive Debian's Chromium; install it when missing (needs root + apt-get).
set -u
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
        && exit 0
    echo "apt-get could not install chromium."
else
    echo "chromium is missing and cannot be installed here (needs root and apt-get)."
fi
# Not fatal here: without CI=true the browser tests skip with a visible line;
# under CI=true they fail.
exit 0
