# Sourced by the CLI test scripts (usage: SCRIPT CAPDO_EXE SOURCE_DIR): arguments, a fixed
# "today", a scratch folder removed on exit, check() and finish() (prints the closing line
# "N passed, M failed" and fails when anything did).
set -u
capdo=$1
src=$2
export CAPDO_CRITERIA_DIR="$src/criteria" CAPDO_TODAY=2026-11-24
unset CAPDO_LANG LC_ALL LC_MESSAGES
work=$(mktemp -d "${TMPDIR:-/tmp}/capdo-cli.XXXXXX")
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then
    pass=$((pass + 1))
  else
    echo "FAIL $1:"
    diff <(printf '%s\n' "$2") <(printf '%s\n' "$3")
    fail=$((fail + 1))
  fi
}
finish() {
  echo "$pass passed, $fail failed"
  [ $fail -eq 0 ]
}
