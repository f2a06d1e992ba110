// The dossier (hồ sơ đề xuất cấp độ) of one information system: identity, system
// description, answers, proposed and approved level, self-assessment per requirement,
// auditor verdicts and history. Format: docs/dossier-format.md, templates/dossier.xsd.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "capdo/answers.h"
#include "capdo/classify.h"
#include "capdo/date.h"
#include "capdo/diagnostic.h"
#include "capdo/regime.h"

namespace capdo {

/// The dossier format this build writes; it reads every 1.x.
inline constexpr int kDossierFormatMajor = 1;
inline constexpr int kDossierFormatMinor = 0;

struct Contact {
  std::string name;
  std::string role;
  std::string phone;
  std::string email;
  bool operator==(const Contact& o) const {
    return name == o.name && role == o.role && phone == o.phone && email == o.email;
  }
};

/// A unit, the system owner (chủ quản), the operating unit (đơn vị vận hành) or the
/// information-security unit (đơn vị chuyên trách).
struct Organisation {
  std::string name;
  std::string type;  ///< unit type: department, district, commune, hospital, school, other (see unit_type)
  std::string code;  ///< e.g. the unit's budget-relationship or administrative code
  std::string province;
  std::string address;
  Contact contact;
  bool empty() const { return name.empty() && code.empty() && province.empty() && address.empty(); }
  bool operator==(const Organisation& o) const {
    return name == o.name && type == o.type && code == o.code && province == o.province && address == o.address &&
           contact == o.contact;
  }
};

/// The unit types capdo reports on (a province's departments, district and commune
/// People's Committees, hospitals, schools). The explicit `type` wins; without it the type is
/// inferred from the usual name prefixes ("Sở …", "UBND huyện …", "Bệnh viện …").
const std::vector<std::string>& unit_types();
std::string unit_type(const Organisation& unit);
const char* unit_type_label(const std::string& type, Lang lang);

/// A component of the system (Decree 85 Art. 5(2); Decree 331 Art. 8(2)). Its level
/// answers are in Answers::components under the same id.
struct SystemComponent {
  std::string id;
  std::string name;
  std::string kind;  ///< free text: web application, database, LAN…
  std::string description;
  bool operator==(const SystemComponent& o) const {
    return id == o.id && name == o.name && kind == o.kind && description == o.description;
  }
};

struct Connection {
  std::string system;     ///< the other system
  std::string direction;  ///< "in", "out" or "both"
  std::string data;       ///< what is exchanged
  bool operator==(const Connection& o) const { return system == o.system && direction == o.direction && data == o.data; }
};

struct SystemInfo {
  std::string name;
  std::string code;  ///< the unit's own identifier for the system, unique within the unit
  std::string purpose;
  std::optional<long long> users;          ///< people who use the system
  std::string users_note;
  std::optional<long long> data_subjects;  ///< people whose data it processes
  std::string data_subjects_note;
  std::string hosting_provider;  ///< data-centre or cloud provider, if rented
  std::string hosting_location;
  std::vector<SystemComponent> components;
  std::vector<Connection> connections;
  bool operator==(const SystemInfo& o) const {
    return name == o.name && code == o.code && purpose == o.purpose && users == o.users &&
           users_note == o.users_note && data_subjects == o.data_subjects &&
           data_subjects_note == o.data_subjects_note && hosting_provider == o.hosting_provider &&
           hosting_location == o.hosting_location && components == o.components && connections == o.connections;
  }
};

/// The level the unit proposes. `computed` is what the criteria give; when the unit
/// proposes another level it must say why.
struct LevelProposal {
  int proposed = 0;  ///< 0: not yet proposed
  std::string justification;
  bool operator==(const LevelProposal& o) const { return proposed == o.proposed && justification == o.justification; }
};

/// The approval decision (quyết định phê duyệt), if any.
struct Approval {
  int level = 0;
  std::string decision;  ///< number, e.g. "1234/QĐ-UBND"
  std::optional<Date> date;
  std::string approver;
  bool operator==(const Approval& o) const {
    return level == o.level && decision == o.decision && date == o.date && approver == o.approver;
  }
};

/// Self-assessment status of one requirement (procedure.md §4).
enum class Status { unanswered, met, partial, not_met, not_applicable };
/// "met", "partial", "not-met", "not-applicable", "unanswered".
const char* to_string(Status s);
std::optional<Status> parse_status(std::string_view s);
/// "Đáp ứng đầy đủ" / "Met" and so on.
const char* status_label(Status s, Lang lang);

struct Evidence {
  std::string title;
  std::string location;  ///< path, URL or archive reference; never opened by capdo
  std::optional<Date> date;
  bool operator==(const Evidence& o) const { return title == o.title && location == o.location && date == o.date; }
};

struct Remediation {
  std::string action;
  std::string owner;
  std::optional<Date> due;
  bool empty() const { return action.empty() && owner.empty() && !due; }
  bool operator==(const Remediation& o) const { return action == o.action && owner == o.owner && due == o.due; }
};

/// The unit's self-assessment of one requirement.
struct Assessment {
  std::string requirement;
  Status status = Status::unanswered;
  std::string implementation;  ///< how the requirement is met (phương án triển khai)
  std::string justification;   ///< required for not-applicable
  std::vector<Evidence> evidence;
  Remediation remediation;     ///< required for partial and not-met
  bool operator==(const Assessment& o) const {
    return requirement == o.requirement && status == o.status && implementation == o.implementation &&
           justification == o.justification && evidence == o.evidence && remediation == o.remediation;
  }
};

struct Verdict {
  std::string requirement;
  Status status = Status::unanswered;
  std::string note;
  bool operator==(const Verdict& o) const { return requirement == o.requirement && status == o.status && note == o.note; }
};

/// An auditor's verdicts, kept apart from the unit's self-assessment.
struct Audit {
  std::string auditor;
  std::string organisation;
  std::optional<Date> date;
  std::vector<Verdict> verdicts;
  bool operator==(const Audit& o) const {
    return auditor == o.auditor && organisation == o.organisation && date == o.date && verdicts == o.verdicts;
  }
};

struct HistoryEntry {
  std::string time;  ///< ISO 8601 UTC, "2026-11-24T10:15:00Z"
  std::string who;
  std::string what;
  bool operator==(const HistoryEntry& o) const { return time == o.time && who == o.who && what == o.what; }
};

struct Dossier {
  int format_major = kDossierFormatMajor;
  int format_minor = kDossierFormatMinor;
  std::string regime;
  std::string catalog_version;
  Organisation unit;
  Organisation owner;
  Organisation operating_unit;
  Organisation security_unit;
  SystemInfo system;
  Answers answers;
  LevelProposal proposal;
  std::optional<Approval> approval;
  std::vector<Assessment> assessments;  ///< catalog order
  std::optional<Audit> audit;
  std::vector<HistoryEntry> history;

  bool operator==(const Dossier& o) const;

  /// The level the self-assessment is for: the approved level, else the proposed one.
  int assessed_level() const;
  Assessment* assessment(std::string_view requirement);
  const Assessment* assessment(std::string_view requirement) const;
  /// Adds a history entry with the current UTC time (CAPDO_NOW overrides it, for tests).
  void record(const std::string& who, const std::string& what);
};

/// The requirements that apply to a dossier at `level`: those with an <at> for the level
/// whose applies-if holds for at least one component (unknown counts as applying, so a
/// missing answer never hides a requirement).
std::vector<const Requirement*> applicable_requirements(const Regime& regime, const Answers& answers,
                                                        const Classification& c, int level);
/// Whether one requirement of the level applies (the test applicable_requirements() makes).
bool requirement_applies(const Regime& regime, const Requirement& req, const Answers& answers, const Classification& c);
/// The wording of a requirement for this dossier: the variant whose condition holds, else
/// the level's wording, else the summary.
const Text& effective_text(const Regime& regime, const Requirement& req, int level, const Answers& answers,
                           const Classification& c);

/// Reads a dossier. Throws InputError for files that cannot be a dossier (malformed XML,
/// wrong root, unknown major format); everything else is added to `diags` with its place.
Dossier read_dossier(const std::string& path, const Regime& regime, Diagnostics& diags);
class XmlSource;

/// What to keep when reading. Scoring needs statuses, justifications and remediation plans;
/// the annual batch skips implementation and evidence texts to stay fast and small.
struct DossierReadOptions {
  bool texts = true;  ///< keep implementation texts and evidence
};

/// Reads a dossier from an already parsed file.
Dossier read_dossier(const XmlSource& src, const Regime& regime, Diagnostics& diags,
                     const DossierReadOptions& options = {});
/// Throws InputError unless `src` is a dossier this capdo can read (root, major format).
void require_dossier_root(const XmlSource& src);

/// The regime id a dossier file names (to load the right regime before reading it).
std::string peek_dossier_regime(const std::string& path);
/// Serialises a dossier; the classification snapshot is recomputed from the answers.
std::string write_dossier(const Dossier& d, const Regime& regime);
/// Writes atomically (temporary file, fsync, rename).
void save_dossier(const std::string& path, const Dossier& d, const Regime& regime);


}  // namespace capdo
