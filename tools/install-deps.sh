#!/usr/bin/env bash
# Installs, with apt-get, the Debian packages capdo needs to build and test.
# Installs only what is missing; safe to run again. Needs root (or sudo).
set -euo pipefail
packages=(
  build-essential cmake pkg-config
  libpugixml-dev libfmt-dev libxlsxwriter-dev libcli11-dev catch2 libminizip-dev zlib1g-dev libisal-dev
  libxml2-utils python3-openpyxl
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "capdo: all build dependencies are installed"
  exit 0
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "capdo: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
