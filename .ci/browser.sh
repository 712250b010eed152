#!/usr/bin/env bash
# What the console's browser tests (tests/Sym.Sdk.Hosting.Console.Tests) need, installed when missing:
#   - Debian's chromium package (/usr/bin/chromium), which Playwright for .NET launches by path (Playwright's own browser
#     download is not used: PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1);
#   - axe-core from the npm registry, into artifacts/axe-core (ignored by git), injected into each page by the tests.
#
#   eval "$(bash .ci/browser.sh)"   # prints the exports: SYM_AXE_CORE (the path of axe.min.js), PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD
#
# Everything else the script says goes to stderr, so `eval "$(…)"` sees only the exports.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "browser.sh: $*" >&2; }

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    say "'$*' is not installed and this is not root: sudo apt-get install -y $*"
    exit 1
  fi
  say "installing Debian's $* package(s)"
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "${APT_UPDATED:-}" ]; then
    apt-get update -qq >&2
    APT_UPDATED=1
  fi
  apt-get install -y -qq "$@" >/dev/null 2>&1 || apt-get install -y -qq "$@" >&2
}

if [ ! -x /usr/bin/chromium ]; then
  apt_install chromium
fi

axe=artifacts/axe-core/node_modules/axe-core/axe.min.js
if [ ! -f "$axe" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    apt_install npm
  fi
  say "installing axe-core from the npm registry into artifacts/axe-core"
  mkdir -p artifacts/axe-core
  npm install --prefix artifacts/axe-core --no-audit --no-fund --silent axe-core@4 >&2
fi

echo "export SYM_AXE_CORE='$PWD/$axe'"
echo "export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1"
