#!/usr/bin/env bash
# Installs, with apt-get, the Debian packages capdo needs to build. With --tests, also what
# only the tests need. Installs only what is missing; safe to run again. Needs root (or sudo).
# Usage: install-deps.sh [--tests]
set -euo pipefail
tests=0
case "${1:-}" in
  "") ;;
  --tests) tests=1 ;;
  *) echo "usage: $0 [--tests]" >&2; exit 2 ;;
esac
# catch2 and libxml2-utils (xmllint) are here, not in the test group: configuring the build
# needs them, because it builds the tests by default.
packages=(
  build-essential cmake pkg-config
  libpugixml-dev libfmt-dev libxlsxwriter-dev libcli11-dev catch2 libminizip-dev zlib1g-dev libisal-dev
  libxml2-utils
)
test_packages=(python3-openpyxl)
if [ $tests -eq 1 ]; then packages+=("${test_packages[@]}"); fi
installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}
missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done
# LibreOffice Calc, for the tests only. libreoffice-calc (with the GUI) and
# libreoffice-calc-nogui conflict: either will do, and installing one would remove the other.
if [ $tests -eq 1 ] && ! installed libreoffice-calc && ! installed libreoffice-calc-nogui; then
  missing+=(libreoffice-calc-nogui)
fi
what="build dependencies"
if [ $tests -eq 1 ]; then what="build and test dependencies"; fi
if [ ${#missing[@]} -eq 0 ]; then
  echo "capdo: all $what are installed"
  exit 0
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "capdo: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
