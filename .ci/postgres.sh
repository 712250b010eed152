#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: initdb into a temp folder, listening on a free loopback port only,
# password authentication (scram-sha-256), run as a non-root user (initdb and postgres refuse root).
#
#   eval "$(bash .ci/postgres.sh start)"   # installs Debian's postgresql when missing (as root), starts a cluster and
#                                          # prints the exports: SYM_TEST_POSTGRES (an Npgsql connection string) and
#                                          # SYM_TEST_POSTGRES_DIR (the cluster's folder)
#   bash .ci/postgres.sh stop              # stops the cluster in $SYM_TEST_POSTGRES_DIR and deletes its folder
#
# .ci/run sources nothing from here: it runs the two commands above. Everything the script says goes to stderr, so
# `eval "$(…)"` sees only the exports.
set -euo pipefail

say() { echo "postgres.sh: $*" >&2; }

find_bin() {
  local dir
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return 0
  fi
  # Debian keeps the server binaries out of PATH, one folder per major version; take the newest.
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

install_postgres() {
  if [ "$(id -u)" -ne 0 ]; then
    say "PostgreSQL is not installed and this is not root: install Debian's 'postgresql' package (sudo apt-get install -y postgresql)."
    exit 1
  fi
  say "installing Debian's postgresql package"
  # Only the binaries: no 'main' cluster started as a service on port 5432.
  mkdir -p /etc/postgresql-common
  if ! grep -qs '^create_main_cluster' /etc/postgresql-common/createcluster.conf; then
    echo "create_main_cluster = false" >> /etc/postgresql-common/createcluster.conf
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
}

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  say "no free loopback port found"
  exit 1
}

# Runs a command as the cluster's owner: this user, or (as root) a system user made for it.
as_owner() {
  if [ "$(id -u)" -ne 0 ]; then
    "$@"
  else
    runuser -u "$OWNER" -- "$@"
  fi
}

start() {
  local bin dir port password
  bin=$(find_bin) || { install_postgres; bin=$(find_bin) || { say "installed postgresql, but found no initdb"; exit 1; }; }
  if [ "$(id -u)" -eq 0 ]; then
    OWNER=postgres
    if ! id "$OWNER" >/dev/null 2>&1; then
      OWNER=sym-postgres
      id "$OWNER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$OWNER"
    fi
  else
    OWNER=$(id -un)
  fi

  dir=$(mktemp -d "${TMPDIR:-/tmp}/sym-postgres.XXXXXX")
  chmod 755 "$dir"
  password=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  printf '%s\n' "$password" > "$dir/pwfile"
  chown -R "$OWNER" "$dir" 2>/dev/null || true
  as_owner "$bin/initdb" -D "$dir/data" -U sym --pwfile="$dir/pwfile" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  rm -f "$dir/pwfile"

  # Several test classes, crash scenarios and three host processes each keep a connection pool: room for them all.
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=400 -c shared_buffers=128MB" >&2; then
      break
    fi
    say "could not start on port $port (attempt $attempt)"
    port=""
  done
  if [ -z "$port" ]; then
    tail -n 30 "$dir/server.log" >&2 || true
    exit 1
  fi

  say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (folder $dir, owner $OWNER)"
  printf '%s\n' "$bin" > "$dir/bin"
  echo "export SYM_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=sym;Password=$password;Database=postgres'"
  echo "export SYM_TEST_POSTGRES_DIR='$dir'"
}

stop() {
  local dir=${1:-${SYM_TEST_POSTGRES_DIR:-}}
  if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then
    say "no cluster to stop (SYM_TEST_POSTGRES_DIR is not set or has no data folder)"
    return 0
  fi
  local bin
  bin=$(cat "$dir/bin")
  if [ "$(id -u)" -eq 0 ]; then
    OWNER=$(stat -c %U "$dir/data")
  fi
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >&2 || say "pg_ctl stop failed; removing the folder anyway"
  rm -rf "$dir"
  say "stopped and removed $dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: bash .ci/postgres.sh start | stop [folder]" >&2; exit 2 ;;
esac
