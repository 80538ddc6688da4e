#!/bin/sh
# halld-screen: run by halld-screen.service inside cage. Waits until halld
# answers at HALLD_URL, then becomes Chromium in kiosk mode.
#
# Why wait: a page that fails to load becomes Chromium's error page, which
# never retries, so a screen that booted before the hub would stay blank
# for the day. Once the page has loaded it reconnects to halld by itself.
set -eu

url=${HALLD_URL:-http://127.0.0.1:8080/screen/}
profile=${RUNTIME_DIRECTORY:-/tmp/halld-screen}/chromium
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ] || ! command -v curl >/dev/null; then
	echo "halld-screen: needs chromium (or chromium-browser) and curl" >&2
	exit 1
fi

# HALLD_CA: the hub's own CA (its /ca.crt) for an https HALLD_URL. curl
# checks the hub with it, and Chromium trusts it through the screen user's
# NSS database (certutil, Debian's libnss3-tools), re-imported each start so
# a replaced CA file takes effect.
set --
if [ -n "${HALLD_CA:-}" ]; then
	if [ ! -r "$HALLD_CA" ] || ! command -v certutil >/dev/null; then
		echo "halld-screen: HALLD_CA=$HALLD_CA needs a readable file and certutil (libnss3-tools)" >&2
		exit 1
	fi
	db="$HOME/.pki/nssdb"
	mkdir -p "$db"
	[ -f "$db/cert9.db" ] || certutil -d "sql:$db" -N --empty-password
	certutil -d "sql:$db" -D -n halld-hall-ca 2>/dev/null || true
	certutil -d "sql:$db" -A -t "C,," -n halld-hall-ca -i "$HALLD_CA"
	set -- --cacert "$HALLD_CA"
fi

# Poll with a short timeout; log once a minute, not every try.
n=0
until curl -fsS -o /dev/null --max-time 3 "$@" "$url" 2>/dev/null; do
	if [ $((n % 30)) -eq 0 ]; then
		echo "halld-screen: waiting for $url" >&2
	fi
	n=$((n + 1))
	sleep 2
done
echo "halld-screen: $url answers, starting $browser" >&2

mkdir -p "$profile"
# --ozone-platform=wayland: draw on cage directly (no Xwayland needed).
# --autoplay-policy: the screen speaks calls without anyone touching it.
# CHROMIUM_FLAGS is split on spaces on purpose (several flags).
# shellcheck disable=SC2086
exec "$browser" \
	--kiosk \
	--ozone-platform=wayland \
	--autoplay-policy=no-user-gesture-required \
	--noerrdialogs \
	--disable-session-crashed-bubble \
	--no-first-run \
	--disable-background-networking \
	--disable-translate \
	--disable-features=Translate \
	--overscroll-history-navigation=0 \
	--disable-pinch \
	--user-data-dir="$profile" \
	${CHROMIUM_FLAGS:-} \
	"$url"
