#!/usr/bin/env bash
# End-to-end checks of the capdo command: exit codes, exact messages, count checks.
# Usage: run.sh CAPDO_EXE SOURCE_DIR
source "$(dirname "$0")/lib.sh"

# Count checks against the Circular 12 annexes (issue: M / T / D per level).
expected=("15 13 6" "18 17 11" "22 21 23" "22 21 25" "22 21 27")
for level in 1 2 3 4 5; do
  tsv=$("$capdo" criteria list --regime nd85-2016 --level $level --format tsv 2>/dev/null)
  got="$(grep -c '^M-' <<<"$tsv") $(grep -c '^T-' <<<"$tsv") $(grep -c '^D-' <<<"$tsv")"
  check "nd85 level $level counts" "${expected[$((level - 1))]}" "$got"
done
first=$("$capdo" criteria list --regime nd85-2016 --level 2 --format tsv 2>/dev/null | grep -c '^M-1.5.4')
check "M-1.5.4 absent at level 2" 0 "$first"
first=$("$capdo" criteria list --regime nd85-2016 --level 3 --format tsv 2>/dev/null | grep -c '^M-1.5.4')
check "M-1.5.4 present at level 3" 1 "$first"

# Regime picked by date, and said so.
msg=$("$capdo" criteria list --level 1 --format tsv 2>&1 >/dev/null)
check "regime by date" "capdo: using regime 'nd331-2026' (in force on 2026-11-24)" "$msg"
msg=$("$capdo" criteria list --level 1 --date 2026-05-01 --format tsv 2>&1 >/dev/null)
check "regime by --date" "capdo: using regime 'nd85-2016' (in force on 2026-05-01)" "$msg"

# Usage errors: exit 2 with a suggestion.
msg=$("$capdo" criteria list --regime nd85 --level 1 2>&1); rc=$?
check "unknown regime exit" 2 "$rc"
check "unknown regime message" "capdo: error: unknown regime 'nd85', did you mean 'nd85-2016'?
Run with --help for more information." "$msg"
"$capdo" criteria list --regime nd85-2016 --level 9 >/dev/null 2>&1; check "level 9 is a usage error" 2 $?

# validate: a bad file exits 3 and names line and column.
bad="$src/tests/data/criteria-bad/duplicate-and-level9.xml"
msg=$("$capdo" criteria validate "$bad" 2>&1); rc=$?
check "validate bad exit" 3 "$rc"
check "validate bad output" "$bad:19:31: error: level '9' is outside 1–5
$bad:26:22: error: duplicate requirement id 'R1' (first defined at $bad:22:22)
capdo: checked 1 file: 2 errors, 0 warnings" "$msg"
"$capdo" criteria validate >/dev/null 2>&1; check "validate shipped exit" 0 $?

# show: citation and confidence.
out=$("$capdo" criteria show M-1.5.4 --lang en 2>/dev/null)
check "show M-1.5.4 levels" 1 "$(grep -c '^Applies at levels: 3, 4, 5$' <<<"$out")"
out=$("$capdo" criteria show G08.10 --lang en 2>/dev/null)
check "show G08.10 secondary" 1 "$(grep -c '^G08.10 — .*\[secondary\]$' <<<"$out")"
msg=$("$capdo" criteria show M-1.5.44 2>&1); rc=$?
check "show unknown exit" 2 "$rc"
check "show unknown message" "capdo: error: no requirement, criterion or question 'M-1.5.44', did you mean 'M-1.5.4'?
Run with --help for more information." "$msg"

# classify: the Decree 85 threshold through the command line, text and exit codes.
data="$src/tests/data/answers"
for users in 9999 10000; do
  sed "s/USERS/$users/" "$data/nd85-online-service.xml.in" > "${TMPDIR:-/tmp}/capdo-cli-$$.xml"
  out=$("$capdo" classify "${TMPDIR:-/tmp}/capdo-cli-$$.xml" --lang en 2>/dev/null); rc=$?
  check "classify nd85 $users exit" 0 "$rc"
  want=2; [ $users = 10000 ] && want=3
  check "classify nd85 $users level" "Proposed level: $want" "$(grep '^Proposed level' <<<"$out")"
done
rm -f "${TMPDIR:-/tmp}/capdo-cli-$$.xml"
msg=$("$capdo" classify "$data/bad-answer.xml" 2>&1); rc=$?
check "classify bad answer exit" 3 "$rc"
check "classify bad answer message" "$data/bad-answer.xml:3:3: error: answer to 'system_type': 'portal' is not one of: internal, citizen, infrastructure, industrial, other" "$(grep error <<<"$msg")"
"$capdo" classify "$data/nope.xml" >/dev/null 2>&1; check "classify missing file exit" 4 $?
msg=$("$capdo" classify "$data/nope.xml" 2>&1)
check "classify missing file message" "capdo: error: cannot open file '$data/nope.xml': No such file or directory" "$msg"
msg=$("$capdo" classify "$src/tests/data/criteria-bad/malformed.xml" 2>&1); rc=$?
check "classify malformed exit" 3 "$rc"
check "classify malformed message" "$src/tests/data/criteria-bad/malformed.xml:6:5: error: malformed XML: closing tag does not match the opening tag" "$msg"
"$capdo" classify "$data/partial.xml" >/dev/null 2>&1; check "classify partial exit" 1 $?

# The golden rationale of the bundled example, in both languages.
for lang in en vi; do
  out=$("$capdo" classify "$src/templates/examples/portal-answers.xml" --lang $lang 2>/dev/null)
  if diff -u "$src/tests/golden/classify-portal.$lang.txt" <(printf '%s\n' "$out") >/dev/null; then pass=$((pass + 1));
  else echo "FAIL golden classify-portal.$lang.txt:"; diff -u "$src/tests/golden/classify-portal.$lang.txt" <(printf '%s\n' "$out"); fail=$((fail + 1)); fi
done

finish
