#!/usr/bin/env bash
# Checks the Debian packages the test suites need and installs missing ones when running as root.
#
#   bash scripts/ensure-system-deps.sh [chromium] [postgres]     (no arguments = both)
#
# Exit 0 when everything needed is present (possibly after installing), 1 otherwise, after printing
# the exact command to run. Used by scripts/test and .ci/run.
set -uo pipefail

want_chromium=0
want_postgres=0
if [ "$#" -eq 0 ]; then set -- chromium postgres; fi
for arg in "$@"; do
  case "$arg" in
    chromium) want_chromium=1 ;;
    postgres) want_postgres=1 ;;
    *) echo "ensure-system-deps: unknown component '$arg'" >&2; exit 2 ;;
  esac
done

# Prints the PostgreSQL server bindir (same search order as src/platform/testing/pg-cluster.ts).
pg_bindir() {
  local d
  if [ -n "${LANTERN_PG_BINDIR:-}" ]; then d="$LANTERN_PG_BINDIR"; [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] && { echo "$d"; return 0; }; return 1; fi
  if command -v pg_config >/dev/null 2>&1; then
    d="$(pg_config --bindir 2>/dev/null || true)"
    if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then echo "$d"; return 0; fi
  fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5 -rn); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then echo "$d"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1; then
    d="$(dirname "$(readlink -f "$(command -v initdb)")")"
    if [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then echo "$d"; return 0; fi
  fi
  return 1
}

missing_packages() {
  local pkgs=()
  if [ "$want_chromium" = 1 ] && [ ! -x /usr/bin/chromium ]; then pkgs+=(chromium); fi
  if [ "$want_postgres" = 1 ]; then
    if ! pg_bindir >/dev/null; then
      pkgs+=(postgresql postgresql-contrib)
    elif [ "$(id -u)" = 0 ] && ! id -u "${LANTERN_PG_OS_USER:-postgres}" >/dev/null 2>&1; then
      # As root, initdb must run as the unprivileged postgres user, which the package creates.
      pkgs+=(postgresql postgresql-contrib)
    fi
  fi
  echo "${pkgs[*]:-}"
}

missing="$(missing_packages)"
if [ -z "$missing" ]; then exit 0; fi

if [ "$(id -u)" != 0 ]; then
  echo "Missing system packages: $missing" >&2
  echo "Install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y $missing" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages: $missing, and apt-get is not available to install them." >&2
  echo "Install Chromium at /usr/bin/chromium and PostgreSQL (server + contrib) by other means." >&2
  exit 1
fi

echo "Installing missing system packages: $missing"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get update -q </dev/null; then
  echo "apt-get update failed; run: apt-get update && apt-get install -y $missing" >&2
  exit 1
fi
# shellcheck disable=SC2086 # word splitting of the package list is intended
if ! apt-get install -y -q $missing </dev/null; then
  echo "apt-get install failed; run: apt-get update && apt-get install -y $missing" >&2
  exit 1
fi

still="$(missing_packages)"
if [ -n "$still" ]; then
  echo "Still missing after apt-get install: $still" >&2
  exit 1
fi
exit 0
