#!/bin/sh
# Build halld .deb packages for arm64 and armhf with Debian's own tools
# (go, dpkg-deb; nothing else). Usage, from anywhere in the repository:
#
#   firmware-config/deb/build.sh [arm64] [armhf]      (default: both)
#
# Environment: OUT (default /tmp/halld-deb) receives the .deb files and the
# package trees; VERSION (default 0.1.0~git<date>.<commit>) the version;
# REF (e.g. HEAD or a tag) builds the Go code from that commit through
# `git archive` instead of from the working tree, so that edits in progress
# stay out of a release. The files of this kit always come from beside this
# script.
# The packages are outputs: do not commit them.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
fc=$(dirname "$here")          # firmware-config/
repo=$(dirname "$fc")
out=${OUT:-/tmp/halld-deb}
if [ -z "${VERSION:-}" ]; then
	if rev=$(git -C "$repo" log -1 --date=format:%Y%m%d --format=%cd.%h "${REF:-HEAD}" 2>/dev/null); then
		VERSION=0.1.0~git$rev
	else
		VERSION=0.1.0
	fi
fi
archs=${*:-arm64 armhf}

src=$repo
if [ -n "${REF:-}" ]; then
	src=$out/src-$(git -C "$repo" rev-parse --short "$REF")
	rm -rf "$src"
	mkdir -p "$src"
	git -C "$repo" archive "$REF" | tar -x -C "$src"
fi

build() {
	arch=$1
	case $arch in
	arm64) goarch=arm64 goarm= ;;
	armhf) goarch=arm goarm=7 ;;
	*) echo "build.sh: unknown architecture $arch (arm64 or armhf)" >&2; exit 2 ;;
	esac
	root=$out/halld_${VERSION}_$arch
	rm -rf "$root"
	mkdir -p "$root/DEBIAN"

	echo "build.sh: go build linux/$goarch${goarm:+ GOARM=$goarm}" >&2
	mkdir -p "$root/usr/bin"
	(cd "$src" && CGO_ENABLED=0 GOOS=linux GOARCH=$goarch GOARM=$goarm \
		go build -trimpath -ldflags="-s -w" -o "$root/usr/bin/halld" ./cmd/halld)

	# Files: install(1) sets the modes; --root-owner-group makes them root's.
	inst() { install -D -m "$1" "$2" "$root$3"; }
	inst 0644 "$fc/systemd/halld.service" /lib/systemd/system/halld.service
	inst 0644 "$fc/systemd/halld-screen.service" /lib/systemd/system/halld-screen.service
	inst 0644 "$fc/systemd/halld-agent.service" /lib/systemd/system/halld-agent.service
	inst 0755 "$fc/systemd/halld-screen.sh" /usr/lib/halld/halld-screen
	inst 0644 "$fc/udev/99-halld.rules" /lib/udev/rules.d/99-halld.rules
	# Conffiles: dpkg keeps local edits across upgrades (and asks).
	inst 0644 "$fc/examples/small-hall/hub.toml" /etc/halld/hall.toml
	inst 0644 "$fc/systemd/screen.env" /etc/halld/screen.env
	# Documentation and every example.
	doc=/usr/share/doc/halld
	inst 0644 "$fc/README.md" $doc/README.md
	inst 0644 "$fc/examples/hall.toml" $doc/examples/hall.toml
	for f in "$fc"/examples/small-hall/*.toml; do
		inst 0644 "$f" $doc/examples/small-hall/$(basename "$f")
	done
	for f in "$fc"/boards/*.md "$fc"/boards/*.dts; do
		[ -e "$f" ] || continue
		inst 0644 "$f" $doc/boards/$(basename "$f")
	done

	for s in postinst prerm postrm; do
		install -m 0755 "$here/maint/$s" "$root/DEBIAN/$s"
	done
	printf '%s\n' /etc/halld/hall.toml /etc/halld/screen.env > "$root/DEBIAN/conffiles"
	(cd "$root" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -print |
		sed 's|^\./||' | LC_ALL=C sort | xargs md5sum) > "$root/DEBIAN/md5sums"
	size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)

	cat > "$root/DEBIAN/control" <<CONTROL
Package: halld
Version: $VERSION
Architecture: $arch
Maintainer: halld maintainers <halld@localhost>
Installed-Size: $size
Depends: adduser
Recommends: udev
Suggests: cage, chromium | chromium-browser, curl, alsa-utils
Section: misc
Priority: optional
Description: hall queue appliance for government service halls
 halld issues numbered tickets at kiosks and buttons, lets clerks call them
 from their windows, and drives LED call boards, thermal ticket printers,
 the hall's big screen with voice calls, and evaluation keypads. One static
 binary with an embedded database; no other service is needed.
 .
 The package runs halld as the halld user from /etc/halld/hall.toml with
 its data in /var/lib/halld, names the hall's devices under /dev/halld/, and
 ships halld-screen.service, a Chromium kiosk for display boards (disabled).
CONTROL

	mkdir -p "$out"
	dpkg-deb --build --root-owner-group "$root" "$out/halld_${VERSION}_$arch.deb" >&2
	echo "$out/halld_${VERSION}_$arch.deb"
}

for a in $archs; do
	build "$a"
done
