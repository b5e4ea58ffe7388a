#!/usr/bin/env bash
# `npm test` runs this first (package.json "pretest"), so the README's one test
# command sets up a fresh machine too: the page and PDF tests need Debian's headless
# Chromium and poppler-utils (pdftoppm). Playwright's own browser download cannot
# reach its host here, so the browser comes from the distribution. The tests fail,
# never skip, when these are missing.
set -euo pipefail
# The webhook snippet tests (docs/webhooks.md) also run python3 and openssl.
if command -v chromium >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 &&
  command -v python3 >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-browser: install Debian's chromium and poppler-utils (apt-get install chromium poppler-utils) and rerun" >&2
  exit 1
fi
echo "ensure-browser: installing chromium and poppler-utils from Debian…" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils python3 openssl >/dev/null
