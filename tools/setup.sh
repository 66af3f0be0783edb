#!/bin/sh
# setup.sh — prepare a Debian 12 machine and build tagger into ./build.
#
# Installs, with apt-get, only the Debian packages that are missing (run as root,
# or have them installed already), then configures and compiles the build
# directory. Safe to run again: it reuses an existing build directory.
set -eu
cd "$(dirname "$0")/.."

packages="gcc libc6-dev pkg-config meson ninja-build libglib2.0-dev libjson-glib-dev
  libstemmer-dev libcmocka-dev libgeonames-dev iso-codes wamerican wbritish"
# tools/check-hostile.sh: fuzzing (clang, libFuzzer and sanitizer runtimes),
# valgrind, static analysis.
packages="$packages clang libclang-rt-14-dev valgrind cppcheck clang-tidy"
# tests/batch/parallel.sh: the GNU parallel scale-out check.
packages="$packages parallel"

missing=""
for p in $packages; do
  if ! dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
if [ -n "$missing" ]; then
  echo "setup: installing$missing" >&2
  if [ "$(id -u)" != 0 ]; then
    echo "setup: these Debian packages are missing; run as root or install them:$missing" >&2
    exit 1
  fi
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >&2
fi

if [ -f build/build.ninja ]; then
  meson setup --reconfigure build >/dev/null
else
  meson setup build >/dev/null
fi
meson compile -C build >&2
