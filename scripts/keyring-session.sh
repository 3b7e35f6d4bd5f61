#!/bin/sh
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring, so the keychain
# tests meet a real Secret Service (with CI set they fail rather than skip without one), e.g.
#   scripts/keyring-session.sh npx vitest run main/hub/secrets
# The keyring lives in a throwaway folder with a throwaway password, so the tests neither read nor
# leave anything in the user's own keyrings. The daemon runs in the foreground so that it is
# stopped by its own pid: a daemonized one can outlive a short session.
set -u
if [ $# -eq 0 ]; then echo "usage: $0 <command> [args...]" >&2; exit 2; fi
keyring_home="$(mktemp -d)"
status=0
dbus-run-session -- sh -c '
  home="$1"; shift
  printf pw | XDG_DATA_HOME="$home/data" XDG_RUNTIME_DIR="$home/run" \
    gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null &
  keyring=$!
  # A client that asks before the daemon owns the name would have D-Bus start a second, locked one.
  tries=0
  until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 100 ]; then echo "gnome-keyring-daemon did not start within 10 s" >&2; break; fi
    sleep 0.1
  done
  status=0
  "$@" || status=$?
  kill "$keyring" 2>/dev/null
  wait "$keyring" 2>/dev/null
  exit "$status"' sh "$keyring_home" "$@" || status=$?
rm -rf "$keyring_home" || true
exit "$status"
