#!/usr/bin/env bash
# Installs what the server- and browser-marked tests need, from Debian's packages:
# PostgreSQL + PostGIS (the tests start their own throwaway server on loopback) and Chromium
# (the report test renders the HTML report headless). A failure here is reported, not fatal:
# those tests then skip with the reason.
set -uo pipefail
[ "${CEASEFIRE_SKIP_SERVICES:-}" = "1" ] && exit 0
need=()
compgen -G "/usr/share/postgresql/*/extension/postgis.control" >/dev/null || need+=(postgresql postgresql-postgis)
command -v chromium >/dev/null || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ]; then
  echo "services: not root, cannot install ${need[*]}; the tests that need them will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || echo "services: apt-get update failed" >&2
# postgresql-postgis is Debian's metapackage for PostGIS on the default PostgreSQL.
apt-get install -y -qq --no-install-recommends "${need[@]}" >/tmp/ceasefire-services.log 2>&1 \
  || { echo "services: could not install ${need[*]} (see /tmp/ceasefire-services.log)" >&2; tail -5 /tmp/ceasefire-services.log >&2; }
exit 0
