#!/usr/bin/env bash
# End-to-end checks of `capdo survey`: (a) a scripted survey over a pipe gives the golden
# dossier; (b) a survey killed with SIGKILL half-way resumes at the first unanswered question
# with every confirmed answer kept; (c) bad answers are re-asked with the exact reason;
# (d) exit codes.
# Usage: survey.sh CAPDO_EXE SOURCE_DIR
set -u
capdo=$1
src=$2
export CAPDO_CRITERIA_DIR="$src/criteria"
export CAPDO_TODAY=2026-11-24 CAPDO_NOW=2026-11-24T10:00:00Z
export USER=tester
unset CAPDO_LANG LC_ALL LC_MESSAGES
work=$(mktemp -d "${TMPDIR:-/tmp}/capdo-survey.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail=0
pass=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then pass=$((pass + 1)); else
    echo "FAIL $1:"; diff <(printf '%s\n' "$2") <(printf '%s\n' "$3"); fail=$((fail + 1)); fi
}
schema="$src/templates/dossier.xsd"
validates() {  # validates NAME FILE: the dossier is valid against the shipped schema
  if [ ! -f "$schema" ]; then return; fi
  if xmllint --noout --schema "$schema" "$2" >/dev/null 2>"$work/xmllint.err"; then pass=$((pass + 1));
  else echo "FAIL $1: $2 does not validate:"; cat "$work/xmllint.err"; fail=$((fail + 1)); fi
}
without_history() { sed '/<history>/,/<\/history>/d' "$1"; }

# ---- (a) A level-3 provincial portal under Decree 331, in Vietnamese, over a pipe -------------
portal=(
  # Part 1: the unit, the owner, the operating unit ("=": the unit itself), the security unit.
  "Sở Khoa học và Công nghệ tỉnh Hà Sơn" "000.00.17.H99" "Hà Sơn"
  "Số 8 đường Lê Lợi, phường Trung Tâm, tỉnh Hà Sơn" "Nguyễn Thị Ánh" "Trưởng phòng Chuyển đổi số"
  "0299 3856 789" "anhnt@hason.gov.vn"
  "Ủy ban nhân dân tỉnh Hà Sơn" "Số 1 đường Lê Lợi, phường Trung Tâm, tỉnh Hà Sơn" "Trần Văn Bình"
  "0299 3852 100" "binhtv@hason.gov.vn"
  "="
  "Trung tâm Giám sát, điều hành đô thị thông minh tỉnh Hà Sơn" "" "Lê Minh Cường" "0299 3858 123"
  "cuonglm@hason.gov.vn"
  # The system: name, code, purpose, users, data subjects, hosting provider and location.
  "Cổng dịch vụ công và Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Hà Sơn" "HS-DVC"
  "Tiếp nhận, giải quyết thủ tục hành chính trực tuyến cho người dân và doanh nghiệp trên địa bàn tỉnh"
  "1.850" "85.000" "Trung tâm dữ liệu VNPT Hà Sơn" "Phòng máy chủ VNPT Hà Sơn, số 5 đường Trần Phú"
  # One component (no list), two connections.
  ""
  "Cổng dịch vụ công quốc gia" "hai chiều" "Hồ sơ thủ tục hành chính, trạng thái và kết quả giải quyết"
  "Cơ sở dữ liệu quốc gia về dân cư" "vào" "Thông tin công dân để xác thực"
  ""
  # Part 2: boundary, scope, type (by number), information, defence, administrative procedures
  # (→ level 3), conditional line (by label), data subjects, portal, e-Government, national
  # data, risk level, critical, population database, hosting; then confirm level 3.
  "có" "không" "có" "2" "public personal" "không" "có" "Không" "85.000" "0" "có" "không" "không"
  "3" "không" "có" "rented_dc"
  "có"
  # Part 3: G01.01 met with its evidence; G01.02 partial with a plan; G01.03 not met;
  # G01.04 … G02.06 skipped; G02.07 not applicable.
  "đạt" "Quy chế quản lý rủi ro an ninh mạng ban hành kèm Quyết định 15/QĐ-SKHCN"
  "Quyết định 15/QĐ-SKHCN ban hành Quy chế quản lý rủi ro an ninh mạng"
  "https://vanban.hason.gov.vn/15-qd-skhcn" "2026-03-02" ""
  "một phần" "Quy trình có từ năm 2024 nhưng chưa được rà soát" "" "Rà soát quy trình quản lý rủi ro"
  "Phòng Chuyển đổi số" "2027-03-31"
  "chưa đạt" "Lập sổ đăng ký rủi ro theo TCVN 14423:2026" "Trung tâm Giám sát, điều hành đô thị thông minh"
  "2027-06-30"
  "" "" "" "" "" "" "" "" "" "" "" "" ""
  "na" "Hệ thống không cho phép quản trị từ thiết bị di động; cán bộ chỉ quản trị từ máy trạm tại trung tâm"
)
printf '%s\n' "${portal[@]}" > "$work/portal.in"
"$capdo" survey "$work/portal.xml" --lang vi < "$work/portal.in" > "$work/portal.out" 2> "$work/portal.err"
rc=$?
check "scripted survey exit" 1 "$rc"
check "scripted survey summary" "capdo: using regime 'nd331-2026' (in force on 2026-11-24)
capdo: '$work/portal.xml': chưa đầy đủ; còn thiếu: 214/218 yêu cầu" "$(cat "$work/portal.err")"
if diff -u "$src/tests/golden/survey-portal.xml" "$work/portal.xml" > "$work/portal.diff"; then pass=$((pass + 1));
else echo "FAIL golden survey-portal.xml:"; cat "$work/portal.diff"; fail=$((fail + 1)); fi
validates "scripted dossier" "$work/portal.xml"
check "scripted survey welcome" "capdo survey: hồ sơ mới '$work/portal.xml', chế độ nd331-2026 (Luật An ninh mạng 116/2025/QH15, Nghị định 331/2026/NĐ-CP, TCVN 14423:2026)" \
  "$(head -1 "$work/portal.out")"
check "scripted survey level shown" "Cấp độ đề xuất: 3" "$(grep -m1 '^Cấp độ đề xuất' "$work/portal.out")"
check "scripted survey numbering" "[17/218] G02.07 — Đăng ký thiết bị di động [nguồn thứ cấp]" \
  "$(grep -m1 '^\[17/218\]' "$work/portal.out")"
check "scripted survey no reprompt" 0 "$(grep -c '^  ! ' "$work/portal.out")"
# Resuming the finished session asks the first unanswered question: the security unit's address.
out=$("$capdo" survey "$work/portal.xml" --lang en < /dev/null 2>/dev/null); rc=$?
check "resume scripted exit" 1 "$rc"
check "resume scripted position" "Resuming at the first unanswered question.

== Part 1/3 — System description › Information-security unit ==
[20/38] Address?" "$(sed -n '3,6p' <<<"$out")"
check "resume without answers leaves the dossier" "" "$(without_history "$work/portal.xml" | diff - <(without_history "$src/tests/golden/survey-portal.xml"))"

# ---- (b) Killed with SIGKILL half-way, then resumed ------------------------------------------
answers=(
  "Sở A" "H01" "Hà Sơn" "Số 1" "An" "Trưởng phòng" "0299 111 222" "an@a.gov.vn"
  "=" "=" "=" "Cổng A" "CA" "Dịch vụ công" "1000" "2000" "VNPT" "Phòng máy" "" ""
  "yes" "no" "yes" "citizen" "public personal" "no"
  # killed here, before the answer to admin_procedures is entered
  "yes" "no" "2000" "0" "yes" "no" "no" "3" "no" "no" "own_premises" "yes"
  "met" "Quy chế" "Quyết định 1" "vb/1.pdf" "2026-01-05" "" "partial" "" "" "Sửa" "Phòng A" "2027-01-01"
)
kill_after=26
fifo="$work/feed"
mkfifo "$fifo"
# The output file exists before the survey starts: the shell opens the FIFO (which blocks
# until the feeder opens it) before anything else, so the feeder must not race the redirect.
: > "$work/killed.out"
prompts() { local n; n=$(grep -c '^\[' "$work/killed.out" 2>/dev/null); echo "${n:-0}"; }
"$capdo" survey "$work/killed.xml" --lang en > "$work/killed.out" 2>/dev/null < "$fifo" &
pid=$!
exec 3> "$fifo"
timeout=0
for ((i = 0; i < kill_after; i++)); do
  before=$(prompts)
  printf '%s\n' "${answers[$i]}" >&3
  # A slow feeder: the next prompt is printed only after the answer is saved.
  for ((t = 0; t < 500; t++)); do [ "$(prompts)" -gt "$before" ] && break; sleep 0.02; done
  [ "$(prompts)" -gt "$before" ] || timeout=1
done
check "feeder kept pace" 0 "$timeout"
printf 'ye' >&3  # half an answer, never entered
sleep 0.1
{ kill -9 $pid; wait $pid; } 2>/dev/null
check "killed exit" 137 $?
exec 3>&-
# Every confirmed answer is in the dossier, which is whole.
xmllint --noout "$work/killed.xml"; check "killed dossier is well-formed" 0 $?
check "killed keeps part 1" 'Sở A|Cổng A|Dịch vụ công' \
  "$(sed -n 's/.*<unit name="\([^"]*\)".*/\1/p; s/.*<system name="\([^"]*\)".*/\1/p; s/.*<purpose>\(.*\)<\/purpose>.*/\1/p' "$work/killed.xml" | paste -sd'|')"
check "killed keeps level answers" 'boundary_ok=yes split_to_lower=no in_scope=yes system_type=citizen info_types=public personal defence_security=no' \
  "$(sed -n 's/.*<answer q="\([a-z_]*\)">\(.*\)<\/answer>.*/\1=\2/p' "$work/killed.xml" | paste -sd' ')"
# Resume: it starts at the question being answered when it was killed.
printf '%s\n' "${answers[@]:$kill_after}" > "$work/rest.in"
"$capdo" survey "$work/killed.xml" --lang en < "$work/rest.in" > "$work/resumed.out" 2>/dev/null
check "resumed exit" 1 $?
check "resumed at the first unanswered question" "Resuming at the first unanswered question.

== Part 2/3 — Level determination ==
[7/18] Does the system handle administrative procedures? (yes/no)" "$(sed -n '3,6p' "$work/resumed.out")"
# The same answers in one uninterrupted session give the same dossier (history apart).
printf '%s\n' "${answers[@]}" > "$work/whole.in"
"$capdo" survey "$work/whole.xml" --lang en < "$work/whole.in" > /dev/null 2>&1
check "interrupted equals uninterrupted" "" "$(diff <(without_history "$work/whole.xml") <(without_history "$work/killed.xml"))"
check "history per session and part" 'tester: survey: system description
tester: survey: level questions
tester: survey: level questions
tester: survey: proposed level 3 (computed: 3)
tester: survey: self-assessment at level 3' \
  "$(sed -n 's/.*who="\([^"]*\)">\(.*\)<\/change>/\1: \2/p' "$work/killed.xml")"
validates "resumed dossier" "$work/killed.xml"
# Killed at random moments while answers stream in: the file is always whole and resumable.
for delay in 0.15 0.3 0.45; do
  rm -f "$work/random.xml"
  (for a in "${answers[@]}"; do printf '%s\n' "$a"; sleep 0.01; done) \
    | "$capdo" survey "$work/random.xml" --lang en > /dev/null 2>&1 &
  pid=$!
  sleep $delay
  { kill -9 $pid; wait $pid; } 2>/dev/null
  if [ -f "$work/random.xml" ]; then
    xmllint --noout "$work/random.xml" 2>/dev/null; check "random kill $delay: well-formed" 0 $?
    "$capdo" survey "$work/random.xml" --lang en < /dev/null > /dev/null 2>&1; rc=$?
    check "random kill $delay: resumable" yes "$([ $rc -le 1 ] && echo yes || echo "no ($rc)")"
  fi
done

# ---- (c) Bad answers are re-asked with the reason; ? and back -----------------------------------
bad=(
  # Part 1: a bad phone, a bad e-mail, a bad count, a bad component id.
  "Sở A" "H01" "Hà Sơn" "Số 1" "An" "Trưởng phòng" "abc" "0299 111 222" "an.nv" "an@a.gov.vn" "=" "=" "="
  "Cổng A" "" "Dịch vụ công" "nhiều" "1000" "" "" "" "cổng dvc" "" ""
  # Part 2: help, a bad yes/no, a bad choice, back (and keep), a bad many-of, a range, a level.
  "?" "maybe" "yes" "no" "yes" "portal" "back" "" "citizen" "public moon" "public" "no" "yes" "no" "no" "no"
  "no" "6" "3" "no" "no" "own_premises" "7" "x" "yes"
  # Part 3: a bad status, N/A without a justification, a bad evidence date.
  "done" "na" "" "Không áp dụng cho cổng" "met" "" "Quyết định 1" "" "2026-02-30" "2026-02-28"
)
printf '%s\n' "${bad[@]}" > "$work/bad.in"
"$capdo" survey "$work/bad.xml" --lang en < "$work/bad.in" > "$work/bad.out" 2>/dev/null
check "bad answers exit" 1 $?
check "bad answers reasons" "  ! 'abc' is not a phone number
  ! 'an.nv' is not an e-mail address
  ! 'nhiều' is not a whole number
  ! 'cổng dvc' is not a valid id (letters, digits and _ . : -, starting with a letter or digit)
  ! 'maybe' is not yes or no
  ! 'portal' is not one of: internal, citizen, infrastructure, industrial, other
  ! 'moon' is not one of: public, private, personal, state_secret
  ! 6 is outside 1–5
  ! 7 is outside 1–5
  ! 'x' is not yes or a level (1–5)
  ! 'done' is not one of: met (m), partial (p), not-met (n), not-applicable (na)
  ! a justification is required for not-applicable
  ! '2026-02-30' is not a date (YYYY-MM-DD)" "$(grep '^  ! ' "$work/bad.out")"
check "help shows the citation" "Citation: Decree 331/2026/NĐ-CP, Art. 7(2); Decree 331/2026/NĐ-CP, Art. 8(1)" \
  "$(grep -m1 '^Citation:' "$work/bad.out")"
check "back shows the previous question" "[3/12] Is it a state body's system, or does it provide online services to citizens and businesses? (yes/no)
  [current: yes — empty keeps it]" "$(grep -A1 '^\[3/12\]' "$work/bad.out" | tail -2)"
check "bad answers are not stored" "1000|Không áp dụng cho cổng|2026-02-28" \
  "$(sed -n 's/.*<users count="\([0-9]*\)".*/\1/p; s/.*<justification>\(.*\)<\/justification>.*/\1/p; s/.*<evidence .*date="\([0-9-]*\)".*/\1/p' "$work/bad.xml" | paste -sd'|')"
printf '%s\n' "Sở A" "" "" "" "" "" "" "abc@" > "$work/badvi.in"
"$capdo" survey "$work/badvi.xml" --lang vi < "$work/badvi.in" > "$work/badvi.out" 2>/dev/null
check "bad answer in Vietnamese" "  ! 'abc@' không phải là địa chỉ thư điện tử" "$(grep '^  ! ' "$work/badvi.out")"

# ---- (d) Exit codes -------------------------------------------------------------------------------
# 0: a complete dossier (every requirement met, optional fields left empty; the extra lines
# after the last requirement are never read).
{
  printf '%s\n' "Sở A" "H01" "Hà Sơn" "Số 1" "An" "Trưởng phòng" "0299 111 222" "an@a.gov.vn" "=" "=" "="
  printf '%s\n' "Cổng A" "" "Dịch vụ công" "" "" "" "" "" ""
  printf '%s\n' yes no yes citizen "public personal" no yes no 2000 0 yes no no 3 no no own_premises yes
  for ((i = 0; i < 218; i++)); do printf 'm\n\n\n'; done
} > "$work/full.in"
"$capdo" survey "$work/full.xml" --lang en < "$work/full.in" > /dev/null 2> "$work/full.err"
check "complete exit" 0 $?
check "complete summary" "capdo: '$work/full.xml': dossier complete" "$(tail -1 "$work/full.err")"
# 217: on own premises, ND.06 (rented data centre or cloud) does not apply.
check "complete dossier items" 217 "$(grep -c '<item requirement=".*" status="met"' "$work/full.xml")"
check "complete dossier without ND.06" 0 "$(grep -c 'requirement="ND.06"' "$work/full.xml")"
validates "complete dossier" "$work/full.xml"
"$capdo" survey "$work/full.xml" --lang en < /dev/null > /dev/null 2>&1
check "complete dossier resumed exit" 0 $?
# 1: incomplete (above, and with no input at all).
"$capdo" survey "$work/empty.xml" --lang en < /dev/null > /dev/null 2> "$work/empty.err"
check "empty input exit" 1 $?
check "empty input summary" "capdo: '$work/empty.xml': incomplete; still to answer: 7 description fields, 9 level questions, the proposed level" \
  "$(tail -1 "$work/empty.err")"
check "empty input still creates the dossier" yes "$([ -f "$work/empty.xml" ] && echo yes || echo no)"
validates "empty dossier" "$work/empty.xml"
# 2: usage errors.
msg=$("$capdo" survey "$work/x.xml" --regime nd85 < /dev/null 2>&1); rc=$?
check "unknown regime exit" 2 $rc
check "unknown regime message" "capdo: error: unknown regime 'nd85', did you mean 'nd85-2016'?
Run with --help for more information." "$msg"
msg=$("$capdo" survey "$work/portal.xml" --regime nd85-2016 < /dev/null 2>&1); rc=$?
check "regime mismatch exit" 2 $rc
check "regime mismatch message" "capdo: error: '$work/portal.xml' is a dossier for regime 'nd331-2026', not 'nd85-2016'
Run with --help for more information." "$msg"
"$capdo" survey < /dev/null > /dev/null 2>&1; check "missing DOSSIER exit" 2 $?
# 3: a dossier that cannot be resumed; nothing is written.
printf '<?xml version="1.0"?>\n<dossier format="1.0" regime="nd331-2026">\n  <system>\n</dossier>\n' > "$work/malformed.xml"
msg=$("$capdo" survey "$work/malformed.xml" < /dev/null 2>&1); rc=$?
check "malformed exit" 3 $rc
check "malformed message" "$work/malformed.xml:4:3: error: malformed XML: closing tag does not match the opening tag" "$msg"
printf '<?xml version="1.0"?>\n<dossier format="2.0" regime="nd331-2026"/>\n' > "$work/future.xml"
msg=$("$capdo" survey "$work/future.xml" < /dev/null 2>&1); rc=$?
check "future format exit" 3 $rc
check "future format message" "$work/future.xml:2:18: error: unsupported dossier format '2.0' (this capdo reads format 1.x)" "$msg"
printf '<?xml version="1.0"?>\n<dossier format="1.0" regime="nd331-2026">\n  <system/>\n  <self-assessment>\n    <item requirement="G01.01" status="done"/>\n  </self-assessment>\n</dossier>\n' > "$work/badstatus.xml"
cp "$work/badstatus.xml" "$work/badstatus.orig"
msg=$("$capdo" survey "$work/badstatus.xml" < /dev/null 2>&1); rc=$?
check "bad dossier exit" 3 $rc
check "bad dossier message" "capdo: using regime 'nd331-2026'
$work/badstatus.xml:5:40: error: unknown status 'done' (expected met, partial, not-met, not-applicable or unanswered)" "$msg"
check "bad dossier untouched" "" "$(diff "$work/badstatus.orig" "$work/badstatus.xml")"
# 4: the folder does not exist, or the dossier is a folder.
msg=$("$capdo" survey "$work/nope/d.xml" < /dev/null 2>&1); rc=$?
check "no folder exit" 4 $rc
check "no folder message" "capdo: using regime 'nd331-2026' (in force on 2026-11-24)
capdo: error: cannot create file '$work/nope/d.xml': no folder '$work/nope'" "$msg"
mkdir "$work/adir"
msg=$("$capdo" survey "$work/adir" < /dev/null 2>&1); rc=$?
check "folder as dossier exit" 4 $rc
check "folder as dossier message" "capdo: error: cannot read file '$work/adir': it is a directory" "$msg"
# 130: Ctrl-C after two answers; both are saved.
fifo2="$work/feed2"
mkfifo "$fifo2"
"$capdo" survey "$work/int.xml" --lang en < "$fifo2" > "$work/int.out" 2> "$work/int.err" &
pid=$!
exec 4> "$fifo2"
printf '%s\n' "Sở A" "H01" >&4
for ((t = 0; t < 500; t++)); do grep -q '^\[3/32\]' "$work/int.out" && break; sleep 0.02; done
kill -INT $pid
wait $pid
check "interrupted exit" 130 $?
exec 4>&-
check "interrupted message" "capdo: interrupted; every answer given so far is saved in '$work/int.xml'" "$(tail -1 "$work/int.err")"
check "interrupted keeps answers" '<unit name="Sở A" code="H01" />' "$(grep -m1 '<unit ' "$work/int.xml" | sed 's/^ *//')"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
