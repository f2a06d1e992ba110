#!/usr/bin/env python3
"""Generate criteria/nd331-2026/requirements.xml from the TCVN 14423:2026 reference table.

Inputs:
  --reference      shared/reference/requirements-tcvn14423.tsv (318 rows: G01.01..G18.07,
                   PA.01..PA.10, ND.01..ND.13); title_vi and summary_en are taken unchanged.
  --i18n           criteria/tools/tcvn14423-i18n.tsv: id, title_en, summary_vi, note_vi, note_en.
  --params-i18n    criteria/tools/tcvn14423-params-i18n.tsv: parameter definitions (id, kind,
                   Vietnamese and English names) and the Vietnamese wording of every parameter
                   value and per-level text (keyed by the English wording of the reference).

The output is deterministic (same inputs give the same bytes). Hand edits belong in the
translation tables or in this script, never in the generated XML.

Only the Python standard library is used.
"""

import argparse
import collections
import hashlib
import os
import re
import sys

REGIME = "nd331-2026"
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

DEFAULT_REFERENCE = os.path.join(os.path.dirname(REPO), "shared", "reference",
                                 "requirements-tcvn14423.tsv")
DEFAULT_I18N = os.path.join(HERE, "tcvn14423-i18n.tsv")
DEFAULT_PARAMS_I18N = os.path.join(HERE, "tcvn14423-params-i18n.tsv")
DEFAULT_OUTPUT = os.path.join(REPO, "criteria", REGIME, "requirements.xml")

# Number of G-rows that apply at each level (nd331-2026.md section 11).
EXPECTED_G_COUNTS = {1: 111, 2: 131, 3: 195, 4: 273, 5: 288}
EXPECTED_ROWS = 318

GROUPS = [
    ("management", "Yêu cầu quản lý", "Management requirements"),
    ("technical", "Yêu cầu kỹ thuật", "Technical requirements"),
    ("physical", "An ninh vật lý (Phụ lục A)", "Physical security (Annex A)"),
]

# Category names that differ from the reference's group_vi / group_en.
CATEGORY_NAME_OVERRIDE = {
    "ND": ("Nghĩa vụ theo Nghị định 331/2026", "Decree 331/2026 obligations"),
}

# Section number of each G group per level (nd331-2026.md section 10); None = no group.
def group_section(group, level):
    if level >= 3:
        if level >= 4 and group == 16:
            return 17
        if level >= 4 and group == 17:
            return 16
        return group
    if group <= 12:
        return group
    return {14: 13, 15: 14, 16: 15}.get(group)

# Clauses that sit in another group at that level (stated in the reference).
CROSS_GROUP_CLAUSES = {("G04.24", 3), ("G17.03", 2), ("G17.04", 2)}

# Reference parameter names that are generic or used with different meanings in different
# rows get a descriptive id: (row id, name in the reference) -> parameter id.
PARAM_ID = {
    ("G04.18", "scope"): "dataflow_doc_scope",
    ("G04.21", "scope"): "data_processing_rules_scope",
    ("G05.02", "scope"): "hardening_scope",
    ("G06.08", "scope"): "password_policy_scope",
    ("G11.07", "scope"): "backup_encryption_scope",
    ("G12.22", "scope"): "change_management_scope",
    ("G12.01", "form"): "network_docs_form",
    ("G12.03", "form"): "network_architecture_form",
    ("G14.03", "form"): "staff_qualification_form",
    ("G12.27", "condition"): "secure_admin_connection_condition",
    ("G12.39", "condition"): "remote_admin_source_condition",
    ("G11.08", "separation"): "backup_separation",
    ("G04.27", "purpose"): "digital_signature_purpose",
    ("G08.03", "fields"): "log_fields",
    ("G10.04", "features"): "antimalware_features",
    ("G11.02", "resilience"): "backup_resilience",
    ("G12.02", "architecture"): "network_architecture_model",
    ("G12.09", "redundancy"): "core_network_redundancy",
    ("G12.20", "isolation"): "core_zone_isolation",
    ("G12.29", "direction"): "access_control_direction",
    ("G12.46", "responsible"): "acceptance_responsible",
    ("G14.01", "staffing"): "security_staffing",
    ("G17.03", "group"): "outsourced_dev_clause_group",
    ("G06.05", "types_listed"): "account_types_listed",
    ("G06.11", "admin_accounts"): "admin_account_rules",
    ("G06.22", "mfa"): "mfa_scope",
    ("G07.06", "patching"): "patch_management",
    ("G04.09", "at_rest_scope"): "encryption_at_rest_scope",
    ("G04.10", "in_transit"): "transit_protection",
}

# Unnamed specifications: row id -> parameter id.
UNNAMED_PARAM = {
    "G06.19": "account_rules_review",
    "G06.23": "access_rules_review",
    "G08.12": "log_procedure_review",
    "G11.03": "backup_rules_review",
    "G16.09": "incident_reporting_procedure_update",
    "G16.11": "incident_response_procedure_update",
    "G17.02": "sdlc_procedure_update",
    "G17.09": "vuln_report_procedure_update",
    "PA.01": "server_room_siting",
    "PA.02": "physical_access_control",
    "PA.03": "theft_protection",
    "PA.04": "lightning_protection",
    "PA.05": "fire_protection",
    "PA.06": "water_protection",
    "PA.07": "antistatic_protection",
    "PA.08": "climate_control",
    "PA.09": "power_supply",
    "PA.10": "em_protection",
}

# Rows whose per_level_parameters do not fit "name: L1=...; L2=..." (or need more than the
# reference spells out), rewritten into that pattern. The reference text must still be the
# one quoted here, so that a change of the reference is noticed. The pseudo-name "@text"
# stands for the per-level <text> (the requirement as worded at that level).
SPEC_OVERRIDE = {
    "G12.13": (
        "note: L1 line also requires control of endpoints connecting to the network (see G12.16)",
        "@text: L1=The L1 line also requires control of endpoints connecting to the network (see G12.16)",
    ),
    "G16.01": (
        "present: L2-L3 (no separate policy-content line in the toolkit's L4-L5 checklists) | "
        "content: L3 adds periodic drills (no frequency set)",
        "present: L2-L3 (no separate policy-content line in the toolkit's L4-L5 checklists) | "
        "@text: L3=L3 adds periodic drills (no frequency set)",
    ),
    "G18.03": (
        "frequency: chosen by organisation (toolkit recommends >=1/year at L3)",
        "pentest_programme_frequency: L3=chosen by organisation (toolkit recommends >=1/year at L3); "
        "L4-L5=chosen by organisation",
    ),
    "PA.02": (
        "L1=guarded entry; L2=adds entry/exit camera; L3=electronic gate, CCTV retention >=3 months, "
        "control items brought in/out; L4=central CCTV watched 24/7, retention >=6 months, isolation "
        "perimeter, separate camera + locked cabinets for core network/critical servers; L5=>=2-factor "
        "authentication to enter room/core equipment, retention >=12 months",
        "L1=guarded entry; L2=adds entry/exit camera; L3=electronic gate, CCTV retention >=3 months, "
        "control items brought in/out; L4=central CCTV watched 24/7, retention >=6 months, isolation "
        "perimeter, separate camera + locked cabinets for core network/critical servers; L5=>=2-factor "
        "authentication to enter room/core equipment, retention >=12 months | "
        "cctv_retention: L3=>=3 months; L4=>=6 months; L5=>=12 months",
    ),
    "ND.02": (
        "triggers: first determination; change of function/scope/users/information type/technology; "
        "expansion/integration/interconnection/data sharing; serious incident or high risk; authority "
        "request | method: awaiting MPS rules (Art.10.8)",
        "risk_assessment_triggers: all levels=first determination; change of function/scope/users/"
        "information type/technology; expansion/integration/interconnection/data sharing; serious "
        "incident or high risk; authority request | risk_assessment_method: all levels=awaiting MPS "
        "rules (Art.10.8)",
    ),
    "ND.06": (
        "separation: L3-L4=logical separation of system, network zones and storage partitions; L5 or "
        "national-security IS=physical separation of system, storage partitions and core network "
        "devices, logical separation of zones, shared security tools only for monitoring/detection/"
        "alerting/perimeter",
        "@text: L3-L4=Logical separation of the system, network zones and storage partitions (a "
        "national-security information system is separated as at L5); L5=Physical separation of the "
        "system, storage partitions and core network devices, logical separation of network zones; "
        "shared security tools only for monitoring, detection, alerting and the perimeter (the same "
        "applies to national-security information systems)",
    ),
    "ND.07": (
        "frequency: not fixed by decree (periodic by level and risk)",
        "inspection_frequency: all levels=not fixed by decree (periodic by level and risk)",
    ),
    "ND.08": (
        "professional_org_required: L5 or national-security IS; serious incident/high risk; major "
        "change; doubtful self-assessment; authority request or owner decision",
        "professional_org_required: all levels=L5 or national-security IS; serious incident/high risk; "
        "major change; doubtful self-assessment; authority request or owner decision",
    ),
    "ND.09": (
        "serious_incident_initial_notice=24 h; cause/scope/remediation report=72 h; signs of "
        "national-security/public-order harm or serious disruption=immediately",
        "serious_incident_initial_notice: all levels=24 h | incident_full_report: all levels=72 h | "
        "incident_urgent_notice: all levels=signs of national-security/public-order harm or serious "
        "disruption",
    ),
    "ND.10": (
        "drill_frequency: not fixed by decree",
        "drill_frequency: all levels=not fixed by decree",
    ),
    "ND.12": (
        "data_period=15/12 previous year to 14/12; units to owner before 20/12; owner to MPS before 25/12",
        "report_data_period: all levels=15/12 previous year to 14/12 | report_unit_due: all "
        "levels=units to owner before 20/12 | report_owner_due: all levels=owner to MPS before 25/12",
    ),
    "ND.13": (
        "MPS central monitoring infrastructure targets L3, L4, L5 and national-security IS (Art.34.1(e))",
        "@text: L3-L5=The MPS central monitoring infrastructure covers L3, L4, L5 and national-security "
        "information systems (Art.34.1(e))",
    ),
}

# Requirements that apply only when a condition holds (docs/criteria-format.md, Expressions).
APPLIES_IF = {
    "ND.06": "hosting has-any ['rented_dc', 'cloud']",
}

PARAM_KINDS = ("duration", "frequency", "number", "distance-km", "text")

FREQUENCIES = {
    "yearly": "P1Y",
    ">=1/year": "P1Y",
    "every 6 months": "P6M",
    ">=every 6 months": "P6M",
    "quarterly": "P3M",
    "monthly": "P1M",
}

VI_LETTERS = "abcdđeghiklmn"


class GenError(Exception):
    pass


def fail(msg):
    raise GenError(msg)


# --------------------------------------------------------------------------- reading

def read_tsv(path, expected_header):
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    header = lines[0].split("\t")
    if header[:len(expected_header)] != expected_header:
        fail(f"{path}: unexpected header {header}, expected {expected_header}")
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < len(expected_header):
            cells += [""] * (len(expected_header) - len(cells))
        if len(cells) > len(expected_header):
            fail(f"{path}:{n}: {len(cells)} columns, expected {len(expected_header)}")
        rows.append((n, dict(zip(expected_header, [c.strip() for c in cells]))))
    return rows


REF_HEADER = ["id", "group_vi", "group_en", "title_vi", "summary_en", "min_level",
              "per_level_parameters", "source_citation", "confidence", "confidence_note"]
I18N_HEADER = ["id", "title_en", "summary_vi", "note_vi", "note_en"]
PARAMS_HEADER = ["type", "key", "kind", "value", "vi", "en"]


def load_params_i18n(path):
    params = {}
    values = {}
    for n, r in read_tsv(path, PARAMS_HEADER):
        t = r["type"]
        if t == "param":
            if r["key"] in params:
                fail(f"{path}:{n}: parameter {r['key']} defined twice")
            if not re.fullmatch(r"[a-z][a-z0-9_]*", r["key"]):
                fail(f"{path}:{n}: bad parameter id {r['key']!r}")
            if r["kind"] not in PARAM_KINDS:
                fail(f"{path}:{n}: bad kind {r['kind']!r}")
            if not r["vi"] or not r["en"]:
                fail(f"{path}:{n}: parameter {r['key']} needs vi and en names")
            params[r["key"]] = r
        elif t == "value":
            if r["key"] in values:
                fail(f"{path}:{n}: value wording {r['key']!r} given twice")
            if not r["vi"]:
                fail(f"{path}:{n}: value {r['key']!r} has no Vietnamese wording")
            values[r["key"]] = r
        else:
            fail(f"{path}:{n}: unknown type {t!r}")
    return params, values


# --------------------------------------------------------------------------- parsing

LEVEL_SPEC_RE = re.compile(
    r"(?P<spec>(?:L\d(?:-L\d)?)(?:, L\d(?:-L\d)?)*|all applicable levels|all levels)=(?P<val>.*)$",
    re.S)


def parse_levels(spec, applicable):
    """'L1, L3-L5' -> [1, 3, 4, 5]; 'all levels' -> the applicable levels."""
    if spec in ("all levels", "all applicable levels"):
        return list(applicable)
    out = []
    for part in spec.split(", "):
        m = re.fullmatch(r"L(\d)(?:-L(\d))?", part)
        if not m:
            fail(f"bad level list {spec!r}")
        a = int(m.group(1))
        b = int(m.group(2) or a)
        if not 1 <= a <= b <= 5:
            fail(f"bad level range {spec!r}")
        out.extend(range(a, b + 1))
    return out


def split_spec(spec):
    return re.split(r"; (?=L\d|all levels|all applicable levels)", spec)


def parse_parameters(rid, raw):
    """Returns (present_levels or None, present_remark, [(name, suggested, [(levelspec, value)])])."""
    spec = raw
    if rid in SPEC_OVERRIDE:
        expected, spec = SPEC_OVERRIDE[rid]
        if raw != expected:
            fail(f"{rid}: per_level_parameters changed in the reference; update SPEC_OVERRIDE\n"
                 f"  now:      {raw!r}\n  expected: {expected!r}")
    present = None
    remark = ""
    segments = []
    if not spec:
        return present, remark, segments
    for seg in spec.split(" | "):
        m = re.fullmatch(r"present: (L\d(?:-L\d)?(?:, L\d(?:-L\d)?)*)(?: \((.*)\))?", seg)
        if m:
            if present is not None:
                fail(f"{rid}: two present: segments")
            present = parse_levels(m.group(1), range(1, 6))
            remark = m.group(2) or ""
            continue
        m = re.fullmatch(r"(@text|[a-z][a-z0-9_]*)( \(suggested\))?: (.*)", seg, re.S)
        if m:
            name, suggested, body = m.group(1), bool(m.group(2)), m.group(3)
        else:
            if rid not in UNNAMED_PARAM:
                fail(f"{rid}: unnamed parameter specification {seg!r}; add it to UNNAMED_PARAM")
            name, suggested, body = None, False, seg
        parts = []
        for p in split_spec(body):
            pm = LEVEL_SPEC_RE.match(p)
            if not pm:
                fail(f"{rid}: cannot parse {p!r} in {seg!r}")
            parts.append((pm.group("spec"), pm.group("val")))
        segments.append((name, suggested, parts))
    return present, remark, segments


def parse_tcvn_clauses(rid, cite):
    """Per-level TCVN clauses of a G row -> {level: clause}."""
    text = cite.split("; ND331 map:")[0]
    if not text.startswith("TCVN 14423:2026 "):
        fail(f"{rid}: citation does not start with TCVN 14423:2026: {cite!r}")
    text = text[len("TCVN 14423:2026 "):]
    restrict = None
    extra = {}
    m = re.fullmatch(r"(.*?) \((.*)\)", text)
    if m:
        text, paren = m.group(1), m.group(2)
        if re.fullmatch(r"x=3\.\.7 for L1\.\.L5", paren):
            pass
        elif re.fullmatch(r"L\d-L\d", paren):
            restrict = parse_levels(paren, range(1, 6))
        else:
            pm = re.fullmatch(r"L(\d) (?:via |precursor )?(\d\.[0-9.]*[a-zđ]?)", paren)
            if not pm:
                fail(f"{rid}: cannot parse citation remark {paren!r}")
            extra[int(pm.group(1))] = pm.group(2)
    clauses = {}
    for item in text.split("; "):
        m = re.fullmatch(r"(?:(L\d(?:-L\d)?) )?(x\.[0-9.]+[a-zđ]?|\d\.[0-9.]+[a-zđ]?)", item)
        if not m:
            fail(f"{rid}: cannot parse citation item {item!r}")
        spec, clause = m.group(1), m.group(2)
        levels = parse_levels(spec, None) if spec else (restrict or [1, 2, 3, 4, 5])
        for lv in levels:
            c = clause
            if c.startswith("x."):
                c = f"{lv + 2}{c[1:]}"
            elif not spec:
                fail(f"{rid}: clause {clause} without level")
            if lv in clauses:
                fail(f"{rid}: two clauses for L{lv}")
            clauses[lv] = c
    for lv, c in extra.items():
        clauses[lv] = c  # "(L4 6.10.2.2a)" refines the x.N pattern; "(L3 via …)" adds a level
    # Sanity: clause numbers belong to the level and the group (x = level + 2).
    group = int(rid[1:3])
    for lv, c in clauses.items():
        major, sec = c.split(".")[:2]
        sec = re.match(r"\d+", sec).group(0)
        if int(major) != lv + 2:
            fail(f"{rid}: clause {c} does not belong to L{lv}")
        if (rid, lv) not in CROSS_GROUP_CLAUSES and int(sec) != group_section(group, lv):
            fail(f"{rid}: clause {c} is not in the group's section at L{lv}")
    return clauses


def parse_annex_clauses(rid, cite):
    clauses = {}
    for m in re.finditer(r"\bA\.(\d)\.\d+[a-zđ]?", cite):
        lv = int(m.group(1))
        if lv in clauses:
            fail(f"{rid}: two Annex A clauses for L{lv}")
        clauses[lv] = m.group(0)
    return clauses


DOC_MARKERS = [("ND331", "d331"), ("ND330", "d330"), ("Law 116", "law116")]
REF_RE = r"(\d+)(?:\.(\d+)(?:-(?:\d+\.)?(\d+))?)?((?:\([a-zđ]\))*)"


def parse_decree_cites(rid, text):
    """'ND331 Art.31.1(b)(c), 3.2-3.3' -> cite dicts, in order, without duplicates."""
    events = []
    for marker, doc in DOC_MARKERS:
        for m in re.finditer(re.escape(marker), text):
            events.append((m.start(), "doc", doc))
    for m in re.finditer(r"Art\." + REF_RE + r"(?:(?:, |/)(?:Art\.)?" + REF_RE + r")*", text):
        events.append((m.start(), "refs", m))
    for m in re.finditer(r"Form (\d+)", text):
        events.append((m.start(), "form", m.group(1)))
    events.sort(key=lambda e: e[0])
    doc = None
    cites = []
    for _pos, kind, payload in events:
        if kind == "doc":
            doc = payload
            continue
        if doc is None:
            fail(f"{rid}: reference without a document in {text!r}")
        if kind == "form":
            cites.append({"doc": doc, "form": payload})
            continue
        for rm in re.finditer(r"(?:Art\.)?" + REF_RE, payload.group(0)):
            art, cl, cl_to, points = rm.groups()
            clauses = [None]
            if cl:
                clauses = [str(c) for c in range(int(cl), int(cl_to or cl) + 1)]
            pts = re.findall(r"\(([a-zđ])\)", points) or [None]
            for c in clauses:
                for p in pts:
                    cite = {"doc": doc, "art": art}
                    if c:
                        cite["clause"] = c
                    if p:
                        if c is None:
                            fail(f"{rid}: point without clause in {text!r}")
                        cite["point"] = p
                    cites.append(cite)
    out = []
    for c in cites:
        if c not in out:
            out.append(c)
    return out


# --------------------------------------------------------------------------- values

def machine_value(kind, en):
    s = en.strip()
    if kind == "frequency":
        return FREQUENCIES.get(s, "")
    if kind == "duration":
        m = re.fullmatch(r"(?:>=)?(\d+) (month|months|day|days|year|years)", s)
        if m:
            return f"P{m.group(1)}{m.group(2)[0].upper()}"
        m = re.fullmatch(r"(\d+) h\b.*", s)
        if m and int(m.group(1)) % 24 == 0:
            return f"P{int(m.group(1)) // 24}D"
        return ""
    if kind == "number":
        m = re.match(r"(?:>=)?(\d+)(?:$| )", s)
        return m.group(1) if m else ""
    if kind == "distance-km":
        m = re.fullmatch(r"(?:>=)?(\d+) km", s)
        return m.group(1) if m else ""
    return ""


# --------------------------------------------------------------------------- XML

def attr(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
            .replace("\n", "&#10;").replace("\t", "&#9;"))


def bi(tag, vi, en, extra=""):
    if not vi or not en:
        fail(f"<{tag}> without vi or en: vi={vi!r} en={en!r}")
    return f'<{tag} vi="{attr(vi)}" en="{attr(en)}"{extra}/>'


def cite_xml(c):
    order = ["doc", "art", "clause", "point", "annex", "section", "form"]
    return "<cite " + " ".join(f'{k}="{attr(c[k])}"' for k in order if k in c) + "/>"


def sentence(s):
    """Capitalised, ending with a full stop: used for per-level <text>."""
    if not s:
        return s
    s = s[:1].upper() + s[1:]
    return s if s[-1] in ".!?" else s + "."


def level_runs(levels):
    """[1, 2, 3, 5] -> [(1, 3), (5, 5)]."""
    runs = []
    for lv in sorted(levels):
        if runs and runs[-1][1] == lv - 1:
            runs[-1] = (runs[-1][0], lv)
        else:
            runs.append((lv, lv))
    return runs


def lvl_label(levels):
    """[1, 2, 3] -> 'L1–L3'; [1, 3] -> 'L1, L3'."""
    return ", ".join(f"L{a}" if a == b else f"L{a}–L{b}" for a, b in level_runs(levels))


def lvl_label_vi(levels):
    """[1, 2, 3] -> 'cấp độ 1–3'; [1, 3] -> 'cấp độ 1, 3'."""
    return "cấp độ " + ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in level_runs(levels))


# --------------------------------------------------------------------------- main

def build(reference, i18n_path, params_path, missing=None):
    ref = read_tsv(reference, REF_HEADER)
    tr = {}
    for n, r in read_tsv(i18n_path, I18N_HEADER):
        if r["id"] in tr:
            fail(f"{i18n_path}:{n}: {r['id']} given twice")
        tr[r["id"]] = r
    params, values = load_params_i18n(params_path)

    def vi_of(en, where):
        v = values.get(en)
        if v is None:
            if missing is not None:
                missing.add(en)
                return "?"
            fail(f"{where}: no Vietnamese wording for {en!r} in {os.path.basename(params_path)}")
        used_values.add(en)
        return v["vi"]

    def en_of(en):
        v = values.get(en)
        return v["en"] if v and v["en"] else en

    used_values = set()
    ids = [r["id"] for _, r in ref]
    if len(ids) != EXPECTED_ROWS or len(set(ids)) != len(ids):
        fail(f"reference: {len(ids)} rows, {len(set(ids))} distinct ids; expected {EXPECTED_ROWS}")
    extra_tr = set(tr) - set(ids)
    if extra_tr:
        fail(f"{i18n_path}: ids not in the reference: {sorted(extra_tr)}")

    # Categories, in reference order.
    cats = collections.OrderedDict()
    for _, r in ref:
        cid = r["id"].split(".")[0]
        cats.setdefault(cid, []).append(r)
    cat_group = {}
    for cid, rows in cats.items():
        if cid == "PA":
            cat_group[cid] = "physical"
        elif cid == "ND":
            cat_group[cid] = "management"
        else:
            maps = {r["source_citation"].split("ND331 map: ")[1] for r in rows}
            groups = set()
            for mp in maps:
                m = re.search(r"(?:Art\.)?30\.([34])", mp)
                if not m:
                    fail(f"{cid}: no Art.30(3)/(4) reference in ND331 map {mp!r}")
                groups.add("management" if m.group(1) == "3" else "technical")
            if len(groups) != 1:
                fail(f"{cid}: rows map to different groups {groups}")
            cat_group[cid] = groups.pop()
        names = {(r["group_vi"], r["group_en"]) for r in rows}
        if len(names) != 1:
            fail(f"{cid}: rows carry different group names {names}")

    reqs = []
    used_params = collections.OrderedDict()
    g_counts = collections.Counter()
    stats = collections.Counter()
    for n, r in ref:
        rid = r["id"]
        where = f"{os.path.basename(reference)}:{n} ({rid})"
        cid = rid.split(".")[0]
        t = tr.get(rid)
        if t is None:
            if missing is not None:
                missing.add(f"ROW {rid}")
                t = {"title_en": "?", "summary_vi": "?", "note_vi": "", "note_en": ""}
            else:
                fail(f"{where}: missing from {os.path.basename(i18n_path)}")
        for col in ("title_en", "summary_vi"):
            if not t[col] and missing is None:
                fail(f"{where}: empty {col} in the translation table")
        if bool(t["note_vi"]) != bool(t["note_en"]):
            fail(f"{where}: note_vi and note_en must both be given or both be empty")
        conf = r["confidence"]
        if conf not in ("secondary", "unverified"):
            fail(f"{where}: unexpected confidence {conf!r}")
        if r["confidence_note"] and not t["note_en"] and missing is None:
            fail(f"{where}: confidence_note present but no note in the translation table")
        min_level = int(r["min_level"])
        present, remark, segments = parse_parameters(rid, r["per_level_parameters"])
        if remark and not t["note_en"] and missing is None:
            fail(f"{where}: the present: remark needs a note in the translation table")
        levels = present if present is not None else list(range(min_level, 6))
        if present is not None and min(present) != min_level:
            fail(f"{where}: present: {present} does not start at min_level {min_level}")
        if rid.startswith("G"):
            for lv in levels:
                g_counts[lv] += 1

        cite = r["source_citation"]
        if cid == "PA":
            clauses = parse_annex_clauses(rid, cite)
            cites = [{"doc": "tcvn14423", "section": "Annex A"}]
        elif cid == "ND":
            clauses = {}
            cites = parse_decree_cites(rid, cite)
        else:
            clauses = parse_tcvn_clauses(rid, cite)
            cites = parse_decree_cites(rid, cite[cite.index("ND331 map:"):])
        if not cites:
            fail(f"{where}: no citation")

        # Per-level content.
        at = {lv: {"text": None, "params": []} for lv in levels}
        outside = []  # (param name en, param name vi, level label, clause list, en, vi)
        for name, suggested, parts in segments:
            if name == "@text":
                pid = None
            elif name is None:
                pid = UNNAMED_PARAM[rid]
            else:
                pid = PARAM_ID.get((rid, name), name)
            if pid is not None:
                if pid not in params:
                    if missing is not None:
                        missing.add(f"PARAM {pid} ({rid})")
                        continue
                    fail(f"{where}: parameter {pid} not defined in {os.path.basename(params_path)}")
                used_params.setdefault(pid, params[pid])
            for spec, val in parts:
                lvs = parse_levels(spec, levels)
                val_en = en_of(val)
                val_vi = vi_of(val, where)
                inside = [lv for lv in lvs if lv in at]
                out = [lv for lv in lvs if lv not in at]
                if out:
                    if pid is None:
                        fail(f"{where}: per-level text for L{out} where the item does not apply")
                    outside.append((pid, out, val_en, val_vi))
                for lv in inside:
                    if pid is None:
                        if at[lv]["text"] is not None:
                            fail(f"{where}: two texts at L{lv}")
                        at[lv]["text"] = (sentence(val_vi), sentence(val_en))
                        continue
                    if any(p["ref"] == pid for p in at[lv]["params"]):
                        fail(f"{where}: {pid} given twice at L{lv}")
                    kind = params[pid]["kind"]
                    ov = values.get(val, {}).get("value", "")
                    mv = "" if ov == "-" else (ov or machine_value(kind, val))
                    if kind == "text" and mv:
                        fail(f"{where}: text parameter {pid} with machine value {mv}")
                    at[lv]["params"].append({"ref": pid, "value": mv, "vi": val_vi, "en": val_en,
                                             "suggested": suggested})
                    stats["param values"] += 1
                    if mv:
                        stats["machine values"] += 1

        # Note: the hand-written note, then the values given for levels where the item
        # does not apply (precursors at lower levels).
        note_vi, note_en = t["note_vi"], t["note_en"]
        if outside:
            first = min(levels)
            en_parts = [f"Below L{first} this is not a separate item."]
            vi_parts = [f"Dưới cấp độ {first}, đây chưa là mục riêng."]
            by_pid = collections.OrderedDict()
            for pid, out, ven, vvi in outside:
                by_pid.setdefault(pid, []).append((out, ven, vvi))
            for pid, items in by_pid.items():
                e_items, v_items = [], []
                for out, ven, vvi in items:
                    cl = [clauses[lv] for lv in out if lv in clauses]
                    suffix = " (" + ", ".join(cl) + ")" if cl else ""
                    e_items.append(f"{lvl_label(out)}{suffix}: {ven}")
                    v_items.append(f"{lvl_label_vi(out)}{suffix}: {vvi}")
                en_parts.append(f"{params[pid]['en']} — " + "; ".join(e_items) + ".")
                vi_parts.append(f"{params[pid]['vi']} — " + "; ".join(v_items) + ".")
            note_en = " ".join(x for x in [note_en] + en_parts if x)
            note_vi = " ".join(x for x in [note_vi] + vi_parts if x)
            stats["notes on lower levels"] += 1

        at_xml = []
        for lv in levels:
            clause = clauses.get(lv, "")
            if cid != "ND" and not clause:
                stats["levels without clause"] += 1
            a = f'<at level="{lv}"' + (f' clause="{attr(clause)}"' if clause else "")
            body = []
            if at[lv]["text"]:
                body.append(bi("text", *at[lv]["text"]))
            for p in at[lv]["params"]:
                extra = ' suggested="true"' if p["suggested"] else ""
                v = f' value="{attr(p["value"])}"' if p["value"] else ""
                body.append(f'<param ref="{p["ref"]}"{v} vi="{attr(p["vi"])}" en="{attr(p["en"])}"{extra}/>')
            if body:
                at_xml.append((a + ">", body, "</at>"))
            else:
                at_xml.append((a + "/>", [], None))

        reqs.append({
            "id": rid, "group": cat_group[cid], "category": cid, "confidence": conf,
            "applies_if": APPLIES_IF.get(rid),
            "title": (r["title_vi"], t["title_en"]),
            "summary": (t["summary_vi"], r["summary_en"]),
            "note": (note_vi, note_en) if note_en else None,
            "cites": cites, "at": at_xml,
        })

    if missing is None:
        if dict(g_counts) != EXPECTED_G_COUNTS:
            fail(f"G-row counts per level {dict(sorted(g_counts.items()))} != {EXPECTED_G_COUNTS}")
        unused = set(params) - set(used_params)
        if unused:
            fail(f"{params_path}: parameters never used: {sorted(unused)}")
        unused_v = set(values) - used_values
        if unused_v:
            fail(f"{params_path}: value wordings never used: {sorted(unused_v)}")
        for rid in APPLIES_IF:
            if rid not in ids:
                fail(f"APPLIES_IF names unknown row {rid}")

    # ------------------------------------------------------------------ output
    with open(reference, "rb") as f:
        ref_hash = hashlib.sha256(f.read()).hexdigest()[:16]
    o = []
    o.append('<?xml version="1.0" encoding="UTF-8"?>')
    o.append("<!-- Generated by criteria/tools/import_tcvn14423.py from")
    o.append(f"     shared/reference/requirements-tcvn14423.tsv (sha256 {ref_hash}…),")
    o.append("     criteria/tools/tcvn14423-i18n.tsv and criteria/tools/tcvn14423-params-i18n.tsv.")
    o.append("     Do not edit by hand: hand edits belong in the translation tables or the script.")
    o.append("     Sources: TCVN 14423:2026 as paraphrased by a third-party framework [secondary];")
    o.append("     Annex A rows [unverified]; Decree 331/2026 obligations (rows ND.nn). -->")
    o.append(f'<part regime="{REGIME}" format="1">')
    o.append("  <groups>")
    for gid, vi, en in GROUPS:
        o.append(f'    <group id="{gid}">{bi("name", vi, en)}</group>')
    for cid, rows in cats.items():
        vi, en = CATEGORY_NAME_OVERRIDE.get(cid, (rows[0]["group_vi"], rows[0]["group_en"]))
        if cid == "PA":
            c = {"doc": "tcvn14423", "section": "Annex A"}
        elif cid == "ND":
            c = {"doc": "d331"}
        else:
            c = {"doc": "tcvn14423", "section": f"5.{int(cid[1:])}"}
        o.append(f'    <category id="{cid}" group="{cat_group[cid]}">{bi("name", vi, en)}{cite_xml(c)}</category>')
    o.append("  </groups>")
    o.append("  <parameters>")
    for pid, p in used_params.items():
        o.append(f'    <parameter id="{pid}" kind="{p["kind"]}">{bi("name", p["vi"], p["en"])}</parameter>')
    o.append("  </parameters>")
    o.append("  <requirements>")
    for q in reqs:
        a = f'    <requirement id="{q["id"]}" group="{q["group"]}" category="{q["category"]}" confidence="{q["confidence"]}"'
        if q["applies_if"]:
            a += f' applies-if="{attr(q["applies_if"])}"'
        o.append(a + ">")
        o.append("      " + bi("title", *q["title"]))
        o.append("      " + bi("summary", *q["summary"]))
        if q["note"]:
            o.append("      " + bi("note", *q["note"]))
        for c in q["cites"]:
            o.append("      " + cite_xml(c))
        for open_, body, close in q["at"]:
            o.append("      " + open_)
            for b in body:
                o.append("        " + b)
            if close:
                o.append("      " + close)
        o.append("    </requirement>")
    o.append("  </requirements>")
    o.append("</part>")
    return "\n".join(o) + "\n", g_counts, stats, used_params


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reference", default=DEFAULT_REFERENCE)
    ap.add_argument("--i18n", default=DEFAULT_I18N)
    ap.add_argument("--params-i18n", default=None,
                    help="default: tcvn14423-params-i18n.tsv next to the --i18n table")
    ap.add_argument("-o", "--output", default=DEFAULT_OUTPUT)
    ap.add_argument("--list-missing", action="store_true",
                    help="print the wordings that lack a translation and exit")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    params_path = args.params_i18n or os.path.join(os.path.dirname(os.path.abspath(args.i18n)),
                                                   "tcvn14423-params-i18n.tsv")
    try:
        if args.list_missing:
            missing = set()
            build(args.reference, args.i18n, params_path, missing)
            for m in sorted(missing):
                print(m)
            return 0
        xml, counts, stats, used = build(args.reference, args.i18n, params_path)
    except GenError as e:
        print(f"import_tcvn14423: error: {e}", file=sys.stderr)
        return 1
    tmp = args.output + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(xml)
    os.replace(tmp, args.output)
    if not args.quiet:
        print(f"wrote {args.output}: {EXPECTED_ROWS} requirements, {len(used)} parameters; "
              "G items per level " + ", ".join(f"L{k} {v}" for k, v in sorted(counts.items()))
              + "; " + ", ".join(f"{k} {v}" for k, v in sorted(stats.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
