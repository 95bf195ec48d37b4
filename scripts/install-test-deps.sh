#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, when they are missing: a PostgreSQL server
# (the suite runs on both SQLite and PostgreSQL) and python3-twilio (the official Python SDK,
# used from /usr/bin/python3 to drive the API as users do), python3-flask (Twilio's Python SMS quick
# start is a Flask app, run as its docs write it), openssl (self-signed certificates
# for the TLS webhook test) and espeak-ng (text to speech: the media tests check real synthesised
# speech; without it Dialtone falls back to silence) and chromium (the console's tests click
# through it headless, driven by playwright-core). Needs root, or sudo.
set -euo pipefail
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
/usr/bin/python3 -c 'import twilio' >/dev/null 2>&1 || need+=(python3-twilio)
/usr/bin/python3 -c 'import flask' >/dev/null 2>&1 || need+=(python3-flask)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -eq 0 ]; then echo "test dependencies present"; exit 0; fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
