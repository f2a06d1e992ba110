#include "capdo/synth.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <filesystem>
#include <iterator>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "capdo/answers.h"
#include "capdo/classify.h"
#include "capdo/error.h"
#include "capdo/parallel.h"
#include "capdo/source.h"

namespace capdo {

const char* to_string(SynthDamage d) {
  switch (d) {
    case SynthDamage::none: return "ok";
    case SynthDamage::truncated: return "truncated";
    case SynthDamage::invalid_status: return "invalid-status";
    case SynthDamage::invalid_level: return "invalid-level";
    case SynthDamage::invalid_count: return "invalid-count";
    case SynthDamage::invalid_date: return "invalid-date";
    case SynthDamage::format_version: return "format-version";
    case SynthDamage::unknown_requirement: return "unknown-requirement";
    case SynthDamage::not_utf8: return "not-utf8";
    case SynthDamage::wrong_root: return "wrong-root";
  }
  return "ok";
}

std::optional<SynthDamage> parse_synth_damage(std::string_view s) {
  if (s == "ok") return SynthDamage::none;
  for (SynthDamage d : kSynthDamageKinds)
    if (s == to_string(d)) return d;
  return std::nullopt;
}

namespace {

// ---- deterministic randomness ----------------------------------------------------------------
// splitmix64, seeded from (seed, stream, index). Only integer arithmetic with fixed results:
// no std::random_device, no standard distributions (their output is implementation-defined).

constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Independent streams, so that e.g. changing --damaged does not change any dossier's content.
enum Stream : std::uint64_t { kUnitStream = 1, kLevelStream, kTemplateStream, kDamageStream, kDuplicateStream,
                              kDossierStream, kSizeStream };

class Rng {
 public:
  Rng(std::uint64_t seed, std::uint64_t stream, std::uint64_t index)
      : state_(mix64(mix64(seed + stream * 0xD1B54A32D192ED03ULL) ^ (index * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL))) {}
  std::uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ULL;
    return mix64(state_);
  }
  /// 0 … n-1 (n > 0). The modulo bias is below 2^-40 for the sizes used here.
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % static_cast<std::uint64_t>(n)); }
  /// lo … hi inclusive.
  long between(long lo, long hi) {
    if (hi <= lo) return lo;
    return lo + static_cast<long>(next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  int between(int lo, int hi) { return static_cast<int>(between(static_cast<long>(lo), static_cast<long>(hi))); }
  bool percent(int p) { return below(100) < static_cast<std::size_t>(p); }
  template <typename T, std::size_t N>
  const T& pick(const T (&a)[N]) {
    return a[below(N)];
  }
  /// An index drawn with the given integer weights (at least one positive).
  template <typename W>
  std::size_t weighted(const W& weights) {
    long total = 0;
    for (auto w : weights) total += static_cast<long>(w);
    long x = between(0L, total - 1);
    std::size_t i = 0;
    for (auto w : weights) {
      if (x < static_cast<long>(w)) return i;
      x -= static_cast<long>(w);
      ++i;
    }
    return i - 1;
  }

 private:
  std::uint64_t state_;
};

// ---- text helpers ----------------------------------------------------------------------------

std::string subst(std::string s, const std::string& province) {
  for (std::size_t at = s.find("{p}"); at != std::string::npos; at = s.find("{p}", at + province.size()))
    s.replace(at, 3, province);
  return s;
}

// Decodes one UTF-8 character at `i` (input known to be valid UTF-8); advances `i`.
char32_t decode(std::string_view s, std::size_t& i) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    ++i;
    return b;
  }
  int n = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : 1;
  char32_t cp = b & (n == 3 ? 0x07u : n == 2 ? 0x0Fu : 0x1Fu);
  ++i;
  for (int k = 0; k < n && i < s.size(); ++k, ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3Fu);
  return cp;
}

// The base letter of a Vietnamese character, lowercase ASCII; 0 for anything else non-ASCII.
char fold_char(char32_t cp) {
  if (cp < 0x80) {
    char c = static_cast<char>(cp);
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  if (cp >= 0x1EA0 && cp <= 0x1EF9) return "aaaaaaaaaaaaeeeeeeeeiioooooooooooouuuuuuuyyyy"[(cp - 0x1EA0) / 2];
  switch (cp) {
    case 0xC0: case 0xC1: case 0xC2: case 0xC3: case 0xE0: case 0xE1: case 0xE2: case 0xE3: case 0x102: case 0x103:
      return 'a';
    case 0xC8: case 0xC9: case 0xCA: case 0xE8: case 0xE9: case 0xEA: return 'e';
    case 0xCC: case 0xCD: case 0xEC: case 0xED: case 0x128: case 0x129: return 'i';
    case 0xD2: case 0xD3: case 0xD4: case 0xD5: case 0xF2: case 0xF3: case 0xF4: case 0xF5: case 0x1A0: case 0x1A1:
      return 'o';
    case 0xD9: case 0xDA: case 0xF9: case 0xFA: case 0x168: case 0x169: case 0x1AF: case 0x1B0: return 'u';
    case 0xDD: case 0xFD: return 'y';
    case 0x110: case 0x111: return 'd';
    default: return 0;
  }
}

/// Lowercase ASCII letters and digits only: "Hòa Bình Xanh" -> "hoabinhxanh".
std::string slug(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    char c = fold_char(decode(s, i));
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  }
  return out;
}

/// The first letter of a word, folded: "Đặng" -> 'd'.
char initial(std::string_view word) {
  std::size_t i = 0;
  return word.empty() ? 'x' : fold_char(decode(word, i));
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

Date days_before(const Date& d, long days) { return Date::from_days(d.days_since_epoch() - days); }
Date days_after(const Date& d, long days) { return Date::from_days(d.days_since_epoch() + days); }

// Draws are sequenced one statement at a time: the order of evaluation of function arguments
// is unspecified, and the output must not depend on the compiler.
std::string timestamp(const Date& d, Rng& r) {
  int hour = r.between(1, 9);  // 08:00–16:59 in Vietnam
  int minute = r.between(0, 59);
  return fmt::format("{}T{:02}:{:02}:00Z", d.to_string(), hour, minute);
}

// ---- Vietnamese name banks -------------------------------------------------------------------

const char* const kFamily[] = {"Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh",
                               "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"};
const char* const kMaleMiddle[] = {"Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Công", "Xuân", "Tiến"};
const char* const kFemaleMiddle[] = {"Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Thùy", "Kim"};
const char* const kMaleGiven[] = {"Hùng", "Dũng", "Tuấn", "Nam", "Sơn", "Long", "Bình", "Hải", "Thắng", "Cường",
                                  "Phong", "Trung", "Khánh", "Đạt", "Quân", "Hiếu", "Tú", "Vinh", "Hoàng", "Thành"};
const char* const kFemaleGiven[] = {"Hạnh", "Lan", "Hương", "Mai", "Linh", "Trang", "Hà", "Thảo", "Ngọc",
                                    "Yến", "Phương", "Nhung", "Hoa", "Thủy", "Huyền", "Oanh", "Vân", "Giang"};
const char* const kPlaceFirst[] = {"Tân", "Hòa", "An", "Phú", "Đông", "Tây", "Bình", "Thanh", "Yên", "Hồng", "Vĩnh",
                                   "Phước", "Long", "Hưng", "Cẩm", "Mỹ", "Đức", "Nghĩa", "Kim", "Hải", "Ngọc", "Tam",
                                   "Lạc", "Quảng", "Xuân", "Trung", "Thái", "Thuận", "Gia", "Minh", "Sơn", "Tiên"};
const char* const kPlaceSecond[] = {"Phú", "Bình", "Khánh", "Lâm", "Hưng", "Minh", "Xuân", "Thịnh", "Phong", "Lộc",
                                    "Long", "Hải", "Thủy", "Hòa", "Sơn", "Châu", "Thành", "Tiến", "An", "Lợi",
                                    "Quang", "Định", "Tân", "Phát", "Hiệp", "Thạnh", "Trạch", "Điền", "Mỹ", "Đông"};
const char* const kStreets[] = {"Trần Hưng Đạo", "Lê Lợi", "Nguyễn Huệ", "Hùng Vương", "Quang Trung",
                                "Lý Thường Kiệt", "Hai Bà Trưng", "Phan Đình Phùng", "Nguyễn Trãi", "Điện Biên Phủ",
                                "Lê Duẩn", "Trần Phú", "Nguyễn Văn Cừ", "Võ Nguyên Giáp"};
const char* const kFamous[] = {"Nguyễn Du", "Lê Quý Đôn", "Trần Phú", "Chu Văn An", "Nguyễn Trãi", "Lê Lợi",
                               "Quang Trung", "Trần Hưng Đạo", "Võ Thị Sáu", "Nguyễn Bỉnh Khiêm", "Lương Thế Vinh",
                               "Phan Bội Châu", "Kim Đồng", "Lý Tự Trọng", "Ngô Quyền", "Nguyễn Huệ", "Lê Hồng Phong",
                               "Trưng Vương", "Đinh Tiên Hoàng", "Nguyễn Đình Chiểu"};

struct Person {
  std::string name;
  std::string email_local;  // "hanh.nt"
};

Person person(Rng& r) {
  bool female = r.percent(50);
  std::string family = r.pick(kFamily);
  std::string middle = female ? r.pick(kFemaleMiddle) : r.pick(kMaleMiddle);
  std::string given = female ? r.pick(kFemaleGiven) : r.pick(kMaleGiven);
  Person p;
  p.name = family + " " + middle + " " + given;
  p.email_local = slug(given) + "." + initial(family) + initial(middle);
  return p;
}

std::string place_name(Rng& r) {
  for (;;) {
    std::string a = r.pick(kPlaceFirst), b = r.pick(kPlaceSecond);
    if (a != b) return a + " " + b;
  }
}

// ---- units -----------------------------------------------------------------------------------

enum UnitKind : unsigned {
  kOffice = 1u << 0,
  kTech = 1u << 1,
  kDept = 1u << 2,
  kAgri = 1u << 3,
  kSecurity = 1u << 4,
  kIrrigation = 1u << 5,
  kCommune = 1u << 6,
  kDistrict = 1u << 7,
  kHospital = 1u << 8,
  kSchool = 1u << 9,
  kCentre = 1u << 10,
};
constexpr unsigned kProvincial = kOffice | kTech | kDept | kAgri | kSecurity;
constexpr unsigned kLocal = kCommune | kDistrict;
constexpr unsigned kAll = (1u << 11) - 1;

const char* kind_name(unsigned k) {
  switch (k) {
    case kOffice: return "office";
    case kTech: return "tech";
    case kDept: return "department";
    case kAgri: return "agriculture";
    case kSecurity: return "security";
    case kIrrigation: return "irrigation";
    case kCommune: return "commune";
    case kDistrict: return "district";
    case kHospital: return "hospital";
    case kSchool: return "school";
    default: return "centre";
  }
}

unsigned kind_bit(const std::string& name) {
  for (unsigned b = 1; b < (1u << 11); b <<= 1)
    if (name == kind_name(b)) return b;
  return kCentre;
}

enum class OwnerKind { province, police, defence, self, education, health, commune };

// Provincial bodies, in the order they are created: the first units of every run, so that a
// small run still has the provincial hub and units that may own level 4–5 systems.
struct ProvincialBody {
  unsigned kind;
  const char* name;
  const char* abbrev;
  const char* suffix;
  const char* title;  // head of the unit
  OwnerKind owner;
};
const ProvincialBody kProvincialBodies[] = {
    {kOffice, "Văn phòng Ủy ban nhân dân tỉnh {p}", "vpubnd", "QĐ-VP", "Chánh", OwnerKind::province},
    {kTech, "Sở Khoa học và Công nghệ tỉnh {p}", "sokhcn", "QĐ-SKHCN", "Giám đốc", OwnerKind::province},
    {kAgri, "Sở Nông nghiệp và Môi trường tỉnh {p}", "sonnmt", "QĐ-SNNMT", "Giám đốc", OwnerKind::province},
    {kSecurity, "Công an tỉnh {p}", "congan", "QĐ-CAT", "Giám đốc", OwnerKind::police},
    {kDept, "Sở Y tế tỉnh {p}", "soyte", "QĐ-SYT", "Giám đốc", OwnerKind::province},
    {kDept, "Sở Giáo dục và Đào tạo tỉnh {p}", "sogddt", "QĐ-SGDĐT", "Giám đốc", OwnerKind::province},
    {kDept, "Sở Nội vụ tỉnh {p}", "sonv", "QĐ-SNV", "Giám đốc", OwnerKind::province},
    {kDept, "Sở Tài chính tỉnh {p}", "sotc", "QĐ-STC", "Giám đốc", OwnerKind::province},
    {kSecurity, "Bộ Chỉ huy Quân sự tỉnh {p}", "bchqs", "QĐ-BCH", "Chỉ huy trưởng", OwnerKind::defence},
    {kDept, "Sở Xây dựng tỉnh {p}", "soxd", "QĐ-SXD", "Giám đốc", OwnerKind::province},
    {kDept, "Sở Công Thương tỉnh {p}", "soct", "QĐ-SCT", "Giám đốc", OwnerKind::province},
    {kDept, "Sở Tư pháp tỉnh {p}", "sotp", "QĐ-STP", "Giám đốc", OwnerKind::province},
    {kDept, "Sở Văn hóa, Thể thao và Du lịch tỉnh {p}", "sovhttdl", "QĐ-SVHTTDL", "Giám đốc", OwnerKind::province},
    {kIrrigation, "Công ty TNHH Một thành viên Khai thác công trình thủy lợi {p}", "thuyloi", "QĐ-CTTL", "Chủ tịch",
     OwnerKind::province},
    {kDept, "Thanh tra tỉnh {p}", "thanhtra", "QĐ-TTr", "Chánh", OwnerKind::province},
    {kDept, "Sở Dân tộc và Tôn giáo tỉnh {p}", "sodttg", "QĐ-SDTTG", "Giám đốc", OwnerKind::province},
    {kCentre, "Trung tâm Phục vụ hành chính công tỉnh {p}", "hcc", "QĐ-TTPVHCC", "Giám đốc", OwnerKind::province},
    {kHospital, "Bệnh viện Đa khoa tỉnh {p}", "bvdk", "QĐ-BVĐK", "Giám đốc", OwnerKind::health},
    {kCentre, "Đài Phát thanh và Truyền hình tỉnh {p}", "ptth", "QĐ-PTTH", "Giám đốc", OwnerKind::province},
    {kDept, "Ban Quản lý các khu công nghiệp tỉnh {p}", "bqlkcn", "QĐ-BQL", "Trưởng ban", OwnerKind::province},
    {kDept, "Sở Ngoại vụ tỉnh {p}", "songv", "QĐ-SNgV", "Giám đốc", OwnerKind::province},
    {kSchool, "Trường Trung học phổ thông Chuyên tỉnh {p}", "thptchuyen", "QĐ-THPTC", "Hiệu trưởng",
     OwnerKind::education},
};

// Kinds of the other units, with their weight among units and their relative number of systems.
struct KindWeight {
  unsigned kind;
  int unit_weight;
  int systems;
};
const KindWeight kRandomKinds[] = {
    {kCommune, 40, 3}, {kSchool, 28, 2}, {kHospital, 10, 5}, {kCentre, 10, 3},
    {kDistrict, 6, 5},  {kSecurity, 3, 4}, {kIrrigation, 3, 3},
};

int systems_weight(unsigned kind) {
  if (kind & (kOffice | kTech)) return 9;
  if (kind & (kDept | kAgri)) return 6;
  for (const KindWeight& k : kRandomKinds)
    if (k.kind == kind) return k.systems;
  return 3;
}

// ---- system catalogue ------------------------------------------------------------------------

// How the answers of a component are drawn; each profile gives one level under both regimes.
enum class Profile {
  internal_public,      // L1: internal, public information only
  internal_private,     // L2: internal, private or personal information
  infra_org,            // L2: infrastructure of one organisation
  citizen_info,         // L2: serves citizens, no procedures, few data subjects
  citizen_admin,        // L3: administrative procedures (nd331) / online services level 3–4 (nd85)
  citizen_conditional,  // L3: conditional business line
  citizen_many,         // L3: ≥ 100,000 data subjects (nd331) / ≥ 10,000 users (nd85)
  infra_province,       // L3: infrastructure of a province or sector
  population_db,        // L3 floor: connected to the National Population Database
  provincial_portal,    // L3 floor: provincial web portal
  defence_harm,         // L3
  industrial_g2,        // L3: industrial control of grade II–IV works
  defence_serious,      // L4
  industrial_g1,        // L4: grade I works
  defence_especially,   // L5
  industrial_special,   // L5: special-grade works
  national_data,        // L5: centralised especially important national data
};

int profile_level(Profile p) {
  switch (p) {
    case Profile::internal_public: return 1;
    case Profile::internal_private:
    case Profile::infra_org:
    case Profile::citizen_info: return 2;
    case Profile::defence_serious:
    case Profile::industrial_g1: return 4;
    case Profile::defence_especially:
    case Profile::industrial_special:
    case Profile::national_data: return 5;
    default: return 3;
  }
}

enum Connections : unsigned {
  kConnNationalPortal = 1u << 0,
  kConnPopulation = 1u << 1,
  kConnDocAxis = 1u << 2,
  kConnLgsp = 1u << 3,
  kConnInsurance = 1u << 4,
  kConnEducation = 1u << 5,
};

enum TemplateFlags : unsigned {
  kEmail = 1u << 0,      // an e-mail system (Circular 12 applicability)
  kSensitive = 1u << 1,  // processes health data
  kPopLink = 1u << 2,    // also connected to the population database (floor, same level)
  kFallback = 1u << 3,   // only where no unit can own the level
};

struct SystemTemplate {
  const char* code;
  const char* name;
  Profile profile;
  unsigned units;
  int weight;
  const char* component_kind;
  const char* purpose;
  const char* users_note;
  const char* subjects_note;  // whose data, for systems serving citizens
  const char* infra_kind;     // Decree 85 infra_kind choices
  unsigned connections;
  unsigned flags;
};

const SystemTemplate kTemplates[] = {
    // Level 1
    {"TTNB", "Trang thông tin nội bộ", Profile::internal_public, kAll, 10, "Ứng dụng web",
     "Đăng tải tin tức, thông báo và tài liệu công khai dùng trong nội bộ đơn vị.",
     "Cán bộ, công chức, viên chức của đơn vị", nullptr, nullptr, 0, 0},
    {"LICH", "Hệ thống lịch công tác điện tử", Profile::internal_public, kAll & ~kSchool, 8, "Ứng dụng web",
     "Công bố lịch công tác tuần của lãnh đạo và các phòng, ban.", "Cán bộ, công chức, viên chức của đơn vị", nullptr,
     nullptr, 0, 0},
    {"TCVB", "Hệ thống tra cứu văn bản quy phạm pháp luật", Profile::internal_public, kProvincial | kLocal | kCentre, 6,
     "Ứng dụng web", "Tra cứu văn bản quy phạm pháp luật và văn bản chỉ đạo, điều hành đã công bố.",
     "Cán bộ, công chức của đơn vị", nullptr, nullptr, 0, 0},
    {"BANTIN", "Bảng thông tin điện tử tại trụ sở", Profile::internal_public, kLocal | kHospital | kSchool | kCentre, 6,
     "Màn hình hiển thị", "Niêm yết thủ tục hành chính, lịch làm việc và thông báo công khai tại trụ sở.",
     "Cán bộ phụ trách đăng tin", nullptr, nullptr, 0, 0},
    {"HOCLIEU", "Kho học liệu số", Profile::internal_public, kSchool, 10, "Ứng dụng web",
     "Lưu trữ bài giảng, đề kiểm tra và tài liệu tham khảo công khai cho giáo viên.", "Giáo viên của trường", nullptr,
     nullptr, 0, 0},
    {"XEPHANG", "Hệ thống xếp hàng tự động", Profile::internal_public, kHospital | kCentre | kLocal, 6,
     "Thiết bị đầu cuối", "Cấp số thứ tự và điều phối lượt tiếp đón tại quầy.", "Nhân viên tiếp đón", nullptr, nullptr,
     0, 0},
    {"QUANTRAC", "Hệ thống quan trắc môi trường tự động", Profile::internal_public, kAgri | kIrrigation, 8,
     "Thiết bị quan trắc và ứng dụng web", "Thu thập và tổng hợp số liệu quan trắc chất lượng nước, không khí.",
     "Cán bộ chuyên môn", nullptr, nullptr, 0, 0},
    {"MUCNUOC", "Hệ thống theo dõi mực nước, lượng mưa", Profile::internal_public, kAgri | kIrrigation | kLocal, 6,
     "Thiết bị đo và ứng dụng web", "Theo dõi mực nước, lượng mưa phục vụ phòng, chống thiên tai.",
     "Cán bộ trực phòng, chống thiên tai", nullptr, nullptr, 0, 0},
    {"THUOC", "Hệ thống tra cứu thông tin thuốc", Profile::internal_public, kHospital, 6, "Ứng dụng web",
     "Tra cứu danh mục và hướng dẫn sử dụng thuốc cho nhân viên y tế.", "Bác sĩ, dược sĩ, điều dưỡng", nullptr,
     nullptr, 0, 0},
    {"SOHOA", "Hệ thống số hóa tài liệu lưu trữ công khai", Profile::internal_public, kProvincial | kLocal | kCentre, 4,
     "Ứng dụng nội bộ", "Số hóa và tra cứu tài liệu lưu trữ đã được công bố.", "Cán bộ văn thư, lưu trữ", nullptr,
     nullptr, 0, 0},
    // Level 2
    {"EMAIL", "Hệ thống thư điện tử", Profile::internal_private, kAll, 10, "Ứng dụng thư điện tử",
     "Trao đổi thư điện tử công vụ của cán bộ, công chức, viên chức.", "Cán bộ, công chức, viên chức có hộp thư",
     nullptr, nullptr, 0, kEmail},
    {"QLVB", "Hệ thống quản lý văn bản và điều hành", Profile::internal_private, kAll, 10, "Ứng dụng nội bộ",
     "Tiếp nhận, xử lý, luân chuyển văn bản đến, văn bản đi và hồ sơ công việc.",
     "Cán bộ, công chức, viên chức của đơn vị", nullptr, nullptr, kConnDocAxis, 0},
    {"LAN", "Mạng nội bộ (LAN)", Profile::infra_org, kAll, 10, "Hạ tầng mạng",
     "Kết nối máy trạm, máy chủ và thiết bị của đơn vị, kết nối Internet và mạng truyền số liệu chuyên dùng.",
     "Cán bộ, công chức, viên chức của đơn vị", nullptr, "network", 0, 0},
    {"WEB", "Trang thông tin điện tử", Profile::citizen_info, kAll, 8, "Ứng dụng web",
     "Cung cấp thông tin về hoạt động của đơn vị, tiếp nhận góp ý của người dân.",
     "Cán bộ quản trị nội dung và người truy cập", "Người dân đăng ký nhận tin, gửi góp ý", nullptr, 0, 0},
    {"KETOAN", "Phần mềm kế toán hành chính sự nghiệp", Profile::internal_private, kAll, 8, "Ứng dụng nội bộ",
     "Hạch toán, lập báo cáo tài chính và quản lý lương của đơn vị.", "Kế toán viên", nullptr, nullptr, 0, 0},
    {"NHANSU", "Hệ thống quản lý hồ sơ cán bộ, công chức, viên chức", Profile::internal_private,
     kProvincial | kLocal | kHospital | kSchool | kCentre, 6, "Ứng dụng nội bộ",
     "Quản lý hồ sơ, quá trình công tác, đào tạo và thi đua, khen thưởng.", "Cán bộ tổ chức, nhân sự", nullptr,
     nullptr, 0, 0},
    {"HDTT", "Hệ thống hội nghị truyền hình trực tuyến", Profile::internal_private,
     kProvincial | kLocal | kCentre | kHospital, 5, "Thiết bị và phần mềm hội nghị",
     "Tổ chức họp trực tuyến giữa tỉnh, các sở, ngành và cơ sở.", "Lãnh đạo, cán bộ dự họp", nullptr, nullptr, 0, 0},
    {"CSDL", "Cơ sở dữ liệu chuyên ngành của đơn vị", Profile::infra_org, kProvincial | kCentre | kLocal, 5,
     "Cơ sở dữ liệu", "Lưu trữ dữ liệu nghiệp vụ phục vụ quản lý chuyên ngành của đơn vị.",
     "Cán bộ chuyên môn", nullptr, "database", 0, 0},
    {"QLTH", "Hệ thống quản lý trường học", Profile::internal_private, kSchool, 10, "Ứng dụng web",
     "Quản lý hồ sơ học sinh, điểm, thời khóa biểu và cán bộ, giáo viên.", "Cán bộ quản lý, giáo viên", nullptr,
     nullptr, kConnEducation, 0},
    {"SLL", "Sổ liên lạc điện tử", Profile::citizen_info, kSchool, 8, "Ứng dụng web và di động",
     "Thông báo kết quả học tập, rèn luyện của học sinh tới cha mẹ học sinh.", "Giáo viên, cha mẹ học sinh",
     "Học sinh và cha mẹ học sinh", nullptr, 0, 0},
    {"LMS", "Hệ thống học trực tuyến (LMS)", Profile::citizen_info, kSchool, 6, "Ứng dụng web",
     "Tổ chức dạy học, giao bài và kiểm tra trực tuyến.", "Giáo viên, học sinh", "Học sinh của trường", nullptr, 0,
     0},
    {"LIS", "Hệ thống thông tin xét nghiệm (LIS)", Profile::internal_private, kHospital, 6, "Ứng dụng nội bộ",
     "Quản lý chỉ định, kết quả xét nghiệm và kết nối máy xét nghiệm.", "Bác sĩ, kỹ thuật viên xét nghiệm", nullptr,
     nullptr, 0, 0},
    {"PACS", "Hệ thống lưu trữ và truyền tải hình ảnh y tế (PACS)", Profile::internal_private, kHospital, 6,
     "Ứng dụng nội bộ và thiết bị lưu trữ", "Lưu trữ, truyền tải và đọc kết quả chẩn đoán hình ảnh.",
     "Bác sĩ chẩn đoán hình ảnh", nullptr, nullptr, 0, 0},
    {"DATLICH", "Hệ thống đặt lịch khám bệnh trực tuyến", Profile::citizen_info, kHospital, 6,
     "Ứng dụng web và di động", "Cho phép người bệnh đặt lịch khám và nhận thông báo.", "Nhân viên tiếp đón, người bệnh",
     "Người bệnh đặt lịch khám", nullptr, 0, 0},
    {"PAKN", "Hệ thống tiếp nhận, xử lý phản ánh, kiến nghị", Profile::citizen_info, kProvincial | kLocal | kCentre, 5,
     "Ứng dụng web", "Tiếp nhận và trả lời phản ánh, kiến nghị của người dân, doanh nghiệp.",
     "Cán bộ xử lý phản ánh, kiến nghị", "Người dân, doanh nghiệp gửi phản ánh", nullptr, 0, 0},
    {"CAMERA", "Hệ thống camera giám sát", Profile::internal_private, kAll, 4, "Thiết bị và phần mềm giám sát",
     "Giám sát an ninh trụ sở, lưu trữ hình ảnh 30 ngày.", "Bảo vệ, cán bộ quản trị", nullptr, nullptr, 0, 0},
    {"QLTS", "Phần mềm quản lý tài sản công", Profile::internal_private, kProvincial | kLocal | kCentre, 4,
     "Ứng dụng nội bộ", "Quản lý, theo dõi tăng giảm và khấu hao tài sản công.", "Cán bộ quản lý tài sản", nullptr,
     nullptr, 0, 0},
    {"HOTICH", "Phần mềm đăng ký, quản lý hộ tịch", Profile::internal_private, kLocal, 6, "Ứng dụng web",
     "Đăng ký khai sinh, kết hôn, khai tử và cấp trích lục hộ tịch.", "Công chức tư pháp – hộ tịch", nullptr, nullptr,
     0, 0},
    {"WIFI", "Mạng không dây (Wi-Fi) của đơn vị", Profile::infra_org, kAll, 3, "Hạ tầng mạng",
     "Truy cập Internet không dây cho cán bộ và khách tại trụ sở.", "Cán bộ và khách", nullptr, "network", 0, 0},
    // Level 3
    {"DVC", "Cổng dịch vụ công và Hệ thống thông tin giải quyết thủ tục hành chính tỉnh", Profile::citizen_admin,
     kOffice, 10, "Ứng dụng web", "Tiếp nhận, giải quyết và trả kết quả thủ tục hành chính cho người dân, doanh nghiệp.",
     "Cán bộ, công chức các sở, ngành, xã, phường", "Người dân, doanh nghiệp nộp hồ sơ trực tuyến", nullptr,
     kConnNationalPortal | kConnPopulation | kConnLgsp, kPopLink},
    {"CONGTT", "Cổng thông tin điện tử tỉnh", Profile::provincial_portal, kOffice, 10, "Ứng dụng web",
     "Công bố thông tin chỉ đạo, điều hành của tỉnh và tiếp nhận ý kiến của người dân.",
     "Biên tập viên các sở, ngành và người truy cập", "Người dân đăng ký tài khoản, gửi ý kiến", nullptr, kConnLgsp, 0},
    {"QLVBT", "Hệ thống quản lý văn bản và điều hành dùng chung của tỉnh", Profile::infra_province, kOffice, 6,
     "Nền tảng dùng chung", "Quản lý, liên thông văn bản điện tử giữa các cơ quan nhà nước của tỉnh.",
     "Cán bộ, công chức toàn tỉnh", nullptr, "data_sharing", kConnDocAxis, 0},
    {"BAOCAO", "Hệ thống thông tin báo cáo tỉnh", Profile::infra_province, kOffice, 4, "Nền tảng dùng chung",
     "Tổng hợp số liệu báo cáo kinh tế – xã hội từ các sở, ngành, xã, phường.", "Cán bộ tổng hợp báo cáo toàn tỉnh",
     nullptr, "data_sharing", kConnLgsp, 0},
    {"TTDL", "Trung tâm dữ liệu tỉnh", Profile::infra_province, kTech, 10, "Hạ tầng trung tâm dữ liệu",
     "Cung cấp hạ tầng máy chủ, lưu trữ và điện toán đám mây cho các cơ quan nhà nước của tỉnh.",
     "Cán bộ quản trị của các cơ quan thuê chỗ", nullptr, "data_centre cloud", 0, 0},
    {"LGSP", "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh (LGSP)", Profile::infra_province, kTech, 8, "Nền tảng dùng chung",
     "Kết nối, chia sẻ dữ liệu giữa các hệ thống của tỉnh và với hệ thống quốc gia.",
     "Cán bộ quản trị các hệ thống kết nối", nullptr, "data_sharing", kConnNationalPortal | kConnPopulation, 0},
    {"WAN", "Mạng truyền số liệu chuyên dùng của tỉnh", Profile::infra_province, kTech, 6, "Hạ tầng mạng",
     "Kết nối mạng diện rộng giữa các cơ quan đảng, nhà nước trên địa bàn tỉnh.", "Các cơ quan nhà nước của tỉnh",
     nullptr, "network", 0, 0},
    {"SOC", "Trung tâm giám sát an toàn thông tin tỉnh (SOC)", Profile::infra_province, kTech, 6,
     "Nền tảng giám sát", "Giám sát, cảnh báo và điều phối ứng cứu sự cố an toàn thông tin cho các hệ thống của tỉnh.",
     "Cán bộ giám sát, ứng cứu sự cố", nullptr, "soc", 0, 0},
    {"EMAILCV", "Hệ thống thư điện tử công vụ dùng chung của tỉnh", Profile::infra_province, kTech, 6,
     "Nền tảng dùng chung", "Cung cấp hộp thư công vụ cho cán bộ, công chức toàn tỉnh.",
     "Cán bộ, công chức, viên chức toàn tỉnh", nullptr, "data_sharing", 0, 0},
    {"CAPPHEP", "Hệ thống cấp phép trực tuyến", Profile::citizen_admin, kDept | kAgri, 8, "Ứng dụng web",
     "Tiếp nhận và giải quyết hồ sơ cấp phép thuộc thẩm quyền của sở.", "Cán bộ thụ lý hồ sơ",
     "Tổ chức, cá nhân đề nghị cấp phép", nullptr, kConnNationalPortal | kConnLgsp, 0},
    {"CSDLDC", "Cơ sở dữ liệu chuyên ngành dùng chung của tỉnh", Profile::infra_province, kDept | kAgri | kCentre, 5,
     "Cơ sở dữ liệu", "Lưu trữ, chia sẻ dữ liệu chuyên ngành cho các cơ quan của tỉnh.",
     "Cán bộ chuyên môn các cơ quan", nullptr, "database data_sharing", kConnLgsp, 0},
    {"DATDAI", "Hệ thống thông tin đất đai", Profile::citizen_many, kAgri, 8, "Ứng dụng web và cơ sở dữ liệu",
     "Quản lý hồ sơ địa chính, đăng ký biến động và cung cấp thông tin đất đai.",
     "Cán bộ địa chính các cấp", "Người sử dụng đất trên địa bàn tỉnh", nullptr, kConnLgsp, 0},
    {"TRAMBOM", "Hệ thống SCADA giám sát, điều khiển trạm bơm", Profile::industrial_g2, kAgri | kIrrigation, 8,
     "Hệ thống điều khiển công nghiệp", "Giám sát, điều khiển vận hành trạm bơm tưới, tiêu.", "Công nhân vận hành",
     nullptr, nullptr, 0, 0},
    {"MOTCUA", "Hệ thống một cửa điện tử", Profile::citizen_admin, kLocal | kCentre, 10, "Ứng dụng web",
     "Tiếp nhận, giải quyết và trả kết quả thủ tục hành chính tại bộ phận một cửa.",
     "Công chức bộ phận một cửa", "Người dân, doanh nghiệp nộp hồ sơ", nullptr, kConnNationalPortal | kConnLgsp, 0},
    {"DANCU", "Hệ thống quản lý dân cư, hộ tịch kết nối Cơ sở dữ liệu quốc gia về dân cư", Profile::population_db,
     kLocal, 6, "Ứng dụng web", "Tra cứu, xác thực thông tin công dân khi giải quyết thủ tục hộ tịch, cư trú.",
     "Công chức tư pháp – hộ tịch", "Công dân trên địa bàn", nullptr, kConnPopulation, 0},
    {"HIS", "Hệ thống thông tin bệnh viện (HIS)", Profile::citizen_conditional, kHospital, 10, "Ứng dụng nội bộ và web",
     "Quản lý tiếp đón, khám chữa bệnh, viện phí và dược.", "Bác sĩ, điều dưỡng, nhân viên",
     "Người bệnh đến khám, điều trị", nullptr, kConnInsurance, kSensitive},
    {"EMR", "Hệ thống bệnh án điện tử (EMR)", Profile::citizen_many, kHospital, 8, "Ứng dụng nội bộ",
     "Lập, lưu trữ và khai thác bệnh án điện tử.", "Bác sĩ, điều dưỡng", "Người bệnh có bệnh án", nullptr,
     kConnInsurance, kSensitive},
    {"LTBHYT", "Hệ thống liên thông dữ liệu khám chữa bệnh, bảo hiểm y tế", Profile::population_db, kHospital, 4,
     "Nền tảng kết nối", "Gửi dữ liệu khám chữa bệnh, xác thực thẻ bảo hiểm y tế bằng căn cước.",
     "Nhân viên giám định, tiếp đón", "Người bệnh có thẻ bảo hiểm y tế", nullptr, kConnInsurance | kConnPopulation, 0},
    {"TUYENSINH", "Hệ thống tuyển sinh đầu cấp trực tuyến", Profile::population_db, kSchool, 10, "Ứng dụng web",
     "Tiếp nhận hồ sơ tuyển sinh trực tuyến, xác thực thông tin học sinh qua mã định danh.",
     "Cán bộ tuyển sinh", "Học sinh dự tuyển và cha mẹ học sinh", nullptr, kConnPopulation | kConnEducation, 0},
    {"MATNET", "Mạng máy tính xử lý thông tin bí mật nhà nước", Profile::defence_harm, kSecurity, 8,
     "Mạng độc lập, không kết nối Internet", "Soạn thảo, lưu trữ và xử lý tài liệu mật.", "Cán bộ được phân công",
     nullptr, nullptr, 0, 0},
    {"DVCCA", "Hệ thống giải quyết thủ tục hành chính trực tuyến", Profile::citizen_admin, kSecurity, 6,
     "Ứng dụng web", "Tiếp nhận và giải quyết thủ tục hành chính trực tuyến thuộc thẩm quyền.", "Cán bộ thụ lý hồ sơ",
     "Người dân, doanh nghiệp nộp hồ sơ", nullptr, kConnNationalPortal | kConnPopulation, kPopLink},
    // Level 4
    {"CHIHUY", "Hệ thống thông tin chỉ huy, điều hành chuyên dùng", Profile::defence_serious, kSecurity, 10,
     "Hệ thống chuyên dùng", "Chỉ huy, điều hành lực lượng và xử lý thông tin nghiệp vụ.", "Cán bộ chỉ huy, trực ban",
     nullptr, nullptr, 0, 0},
    {"HOCHUA", "Hệ thống giám sát, điều khiển vận hành hồ chứa nước (công trình cấp I)", Profile::industrial_g1,
     kAgri | kIrrigation, 10, "Hệ thống điều khiển công nghiệp",
     "Giám sát mực nước, điều khiển cửa van và vận hành hồ chứa theo quy trình liên hồ.", "Cán bộ, công nhân vận hành",
     nullptr, nullptr, 0, 0},
    {"MATL4", "Mạng máy tính chuyên dùng xử lý thông tin bí mật nhà nước", Profile::defence_serious, kAll, 1,
     "Mạng độc lập, không kết nối Internet", "Soạn thảo, lưu trữ và xử lý tài liệu mật độ Tối mật.",
     "Cán bộ được phân công", nullptr, nullptr, 0, kFallback},
    // Level 5
    {"CHUYENDUNG", "Hệ thống thông tin chuyên dùng phục vụ bảo vệ an ninh quốc gia", Profile::defence_especially,
     kSecurity, 6, "Hệ thống chuyên dùng", "Xử lý thông tin phục vụ bảo vệ an ninh quốc gia.",
     "Cán bộ được phân công", nullptr, nullptr, 0, 0},
    {"KDL", "Kho dữ liệu tập trung đặc biệt quan trọng", Profile::national_data, kSecurity, 4, "Cơ sở dữ liệu",
     "Lưu trữ tập trung dữ liệu đặc biệt quan trọng phục vụ quản lý nhà nước.", "Cán bộ được phân công", nullptr,
     "database", 0, 0},
    {"DAP", "Hệ thống điều khiển vận hành đập, hồ chứa nước cấp đặc biệt", Profile::industrial_special,
     kAgri | kIrrigation, 10, "Hệ thống điều khiển công nghiệp",
     "Điều khiển cửa xả, giám sát an toàn đập và cảnh báo hạ du.", "Cán bộ, công nhân vận hành", nullptr, nullptr, 0,
     0},
    {"MATL5", "Mạng máy tính chuyên dùng xử lý thông tin bí mật nhà nước độ Tuyệt mật",
     Profile::defence_especially, kAll, 1, "Mạng độc lập, không kết nối Internet",
     "Soạn thảo, lưu trữ và xử lý tài liệu mật độ Tuyệt mật.", "Cán bộ được phân công", nullptr, nullptr, 0,
     kFallback},
};
constexpr std::size_t kTemplateCount = sizeof(kTemplates) / sizeof(kTemplates[0]);

// ---- answers ---------------------------------------------------------------------------------

using Given = std::vector<std::pair<std::string, std::string>>;

// The deciding answers of a profile, for both regimes at once: questions a regime does not
// have are skipped, and questions that do not apply are never answered.
Given profile_answers(Profile p, const SystemTemplate* t, Rng& r, long& subjects) {
  Given g;
  auto add = [&](const char* q, std::string v) { g.emplace_back(q, std::move(v)); };
  auto citizen = [&](const char* info, long lo, long hi) {
    add("system_type", "citizen");
    add("info_types", info);
    subjects = r.between(lo, hi);
    if (std::string_view(info) == "public") subjects = 0;  // no personal data: nobody to count
    add("basic_subjects", std::to_string(subjects));
    add("personal_users", std::to_string(subjects));
    long sensitive = t && (t->flags & kSensitive) ? r.between(subjects / 10, subjects / 2) : 0;
    add("sensitive_subjects", std::to_string(sensitive));
  };
  switch (p) {
    case Profile::internal_public:
      add("system_type", "internal");
      add("info_types", "public");
      break;
    case Profile::internal_private:
      add("system_type", "internal");
      add("info_types", r.percent(60) ? "private personal" : r.percent(50) ? "public private personal" : "personal");
      break;
    case Profile::infra_org:
      add("system_type", "infrastructure");
      add("info_types", "private personal");
      add("infra_scope", "one_org");
      add("infra_kind", t && t->infra_kind ? t->infra_kind : "network");
      break;
    case Profile::citizen_info:
    case Profile::population_db:
    case Profile::provincial_portal:
      citizen(r.percent(25) ? "public" : "public personal", 300, 9500);
      add("public_service_level", r.percent(50) ? "level_1_2" : "none");
      add("conditional_line", "no");
      if (p == Profile::population_db) add("population_db_link", "yes");
      if (p == Profile::provincial_portal) add("provincial_portal", "yes");
      break;
    case Profile::citizen_admin:
      citizen("public private personal", 2000, 400000);
      add("admin_procedures", "yes");
      add("public_service_level", "level_3_4");
      add("conditional_line", "no");
      break;
    case Profile::citizen_conditional:
      citizen("private personal", 5000, 300000);
      add("public_service_level", "none");
      add("conditional_line", "yes");
      break;
    case Profile::citizen_many:
      citizen("private personal", 100000, 1500000);
      add("public_service_level", "level_1_2");
      add("conditional_line", "no");
      break;
    case Profile::infra_province:
      add("system_type", "infrastructure");
      add("info_types", "public private personal");
      add("infra_scope", "sector_or_province");
      add("infra_kind", t && t->infra_kind ? t->infra_kind : "network");
      break;
    case Profile::national_data:
      add("system_type", "infrastructure");
      add("info_types", "private personal");
      add("infra_scope", "sector_or_province");
      add("infra_kind", "database");
      add("national_data", "yes");
      break;
    case Profile::defence_harm:
    case Profile::defence_serious:
    case Profile::defence_especially:
      add("system_type", "internal");
      add("info_types", "private state_secret");
      add("defence_security", "yes");
      add("security_harm", p == Profile::defence_harm      ? "harm"
                           : p == Profile::defence_serious ? "serious"
                                                           : "especially_serious");
      break;
    case Profile::industrial_g2:
      add("system_type", "industrial");
      add("info_types", "private");
      add("works_grade", r.percent(60) ? "grade_2" : r.percent(50) ? "grade_3" : "grade_4");
      break;
    case Profile::industrial_g1:
      add("system_type", "industrial");
      add("info_types", "private");
      add("works_grade", "grade_1");
      break;
    case Profile::industrial_special:
      add("system_type", "industrial");
      add("info_types", "private");
      add("works_grade", r.percent(70) ? "special" : "security_important");
      break;
  }
  if (t && (t->flags & kPopLink)) add("population_db_link", "yes");
  add("is_email_system", t && (t->flags & kEmail) ? "yes" : "no");
  int level = profile_level(p);
  if (r.percent(85)) add("risk_level", std::to_string(r.between(std::max(1, level - 1), level)));
  return g;
}

const std::string* find_given(const Given& g, const std::string& id) {
  for (const auto& [q, v] : g)
    if (q == id) return &v;
  return nullptr;
}

void set_answer(const Question& q, const std::string& text, std::map<std::string, AnswerValue>& target) {
  AnswerValue v;
  std::string err;
  if (!parse_answer(q, text, v, err))
    throw Error(fmt::format("synthetic answer to '{}' is invalid: {}", q.id, err), ExitCode::internal);
  target[q.id] = std::move(v);
}

// Fills the answers of one scope: given values first, then "no" for required yes-no (and
// one-of with a "no" choice) questions that apply. Conditions are re-evaluated until nothing
// changes, so that questions asked only after another answer are reached.
void fill(const Regime& regime, Answers& answers, std::size_t comp, Scope scope, const Given& given) {
  for (int pass = 0; pass < 4; ++pass) {
    bool changed = false;
    for (const Question& q : regime.questions) {
      if (q.scope != scope) continue;
      bool implicit = answers.components.empty();
      auto& target = scope == Scope::system || implicit ? answers.system : answers.components[comp].answers;
      if (target.count(q.id)) continue;
      const ComponentAnswers empty_comp;
      const ComponentAnswers& c = implicit ? empty_comp : answers.components[comp];
      if (eval_for_component(q.when, regime, answers, c, nullptr) != Tri::yes) continue;
      std::string value;
      if (const std::string* v = find_given(given, q.id)) {
        value = *v;
      } else if (!q.required) {
        continue;
      } else if (q.type == QuestionType::yes_no || (q.type == QuestionType::one_of && q.choice("no"))) {
        value = "no";
      } else {
        continue;  // left for classify() to report: the verification below rejects it
      }
      set_answer(q, value, target);
      changed = true;
    }
    if (!changed) break;
  }
}

// ---- self-assessment text --------------------------------------------------------------------

const char* const kManagementImpl[] = {
    "Đã ban hành quy chế bảo đảm an toàn thông tin của đơn vị; phân công cán bộ theo dõi và cập nhật hằng năm.",
    "Quy trình được ban hành kèm quyết định của thủ trưởng đơn vị và phổ biến tới toàn thể cán bộ, viên chức.",
    "Giao bộ phận chuyên trách chủ trì thực hiện; kết quả được ghi sổ theo dõi và báo cáo định kỳ.",
    "Đã lập danh mục, phân loại và cập nhật 6 tháng một lần; hồ sơ lưu tại bộ phận công nghệ thông tin.",
    "Tổ chức tập huấn, phổ biến cho cán bộ, công chức; có danh sách ký xác nhận tham gia.",
    "Hợp đồng với nhà cung cấp có điều khoản bảo mật, trách nhiệm khi xảy ra sự cố và bảo vệ dữ liệu.",
    "Phương án ứng phó sự cố đã được phê duyệt, diễn tập hằng năm cùng đội ứng cứu sự cố của tỉnh.",
    "Đánh giá rủi ro hằng năm theo mẫu hướng dẫn; kết quả trình lãnh đạo đơn vị phê duyệt.",
};
const char* const kTechnicalImpl[] = {
    "Tường lửa phân tách vùng máy chủ, vùng người dùng và vùng DMZ; chính sách được rà soát hằng quý.",
    "Phần mềm phòng chống mã độc có quản lý tập trung được cài đặt trên toàn bộ máy chủ và máy trạm.",
    "Nhật ký hệ thống được thu thập về máy chủ quản lý tập trung và lưu trữ tối thiểu 3 tháng.",
    "Sao lưu dữ liệu hằng ngày, sao lưu toàn bộ hằng tuần; bản sao lưu được lưu tại trung tâm dữ liệu dự phòng.",
    "Tài khoản quản trị cấp riêng cho từng cán bộ, xác thực hai yếu tố; rà soát quyền truy cập 6 tháng một lần.",
    "Cập nhật bản vá bảo mật hằng tháng theo khuyến nghị của nhà sản xuất; quét lỗ hổng định kỳ hằng quý.",
    "Quản trị từ xa qua mạng riêng ảo (VPN) của tỉnh; chặn truy cập quản trị trực tiếp từ Internet.",
    "Hệ thống được Trung tâm giám sát an toàn thông tin của tỉnh giám sát, cảnh báo qua thư điện tử và tin nhắn.",
    "Dữ liệu truyền trên mạng được mã hóa bằng TLS 1.2 trở lên; chứng thư số do tổ chức được cấp phép cung cấp.",
    "Ứng dụng được kiểm tra an toàn trước khi đưa vào vận hành; mã nguồn quản lý trên kho phiên bản.",
};
const char* const kPhysicalImpl[] = {
    "Phòng máy chủ có kiểm soát ra vào bằng thẻ từ, camera giám sát và sổ theo dõi ra vào.",
    "Trang bị điều hòa chính xác, cảm biến nhiệt độ, độ ẩm và hệ thống chữa cháy khí tự động.",
    "Nguồn điện dự phòng bằng UPS và máy phát điện, vận hành thử hằng tháng.",
};
const char* const kPartialGap[] = {
    "Chưa áp dụng đầy đủ cho các máy trạm.",
    "Văn bản đang trình lãnh đạo phê duyệt.",
    "Chưa có biên bản kiểm tra định kỳ.",
    "Còn thiếu kinh phí để triển khai toàn bộ.",
    "Mới triển khai cho hệ thống chính, chưa áp dụng cho hệ thống dự phòng.",
};
const char* const kManagementEvidence[] = {
    "Quyết định ban hành Quy chế bảo đảm an toàn thông tin",
    "Kế hoạch bảo đảm an toàn thông tin năm {y}",
    "Biên bản kiểm tra nội bộ",
    "Báo cáo đánh giá rủi ro năm {y}",
    "Danh sách cán bộ tham gia tập huấn",
    "Hợp đồng dịch vụ và phụ lục bảo mật",
};
const char* const kTechnicalEvidence[] = {
    "Ảnh chụp cấu hình tường lửa",
    "Báo cáo quét lỗ hổng quý {q}/{y}",
    "Nhật ký sao lưu tháng {m}/{y}",
    "Báo cáo kết quả kiểm thử xâm nhập",
    "Danh sách tài khoản quản trị đã rà soát",
    "Báo cáo giám sát của SOC tỉnh",
};
const char* const kPhysicalEvidence[] = {
    "Sổ theo dõi ra vào phòng máy chủ",
    "Biên bản kiểm tra hệ thống phòng cháy, chữa cháy",
    "Biên bản vận hành thử máy phát điện",
};
const char* const kRemediation[] = {
    "Xây dựng, ban hành quy trình còn thiếu",
    "Bổ sung kinh phí mua sắm tường lửa ứng dụng web",
    "Tổ chức kiểm tra, đánh giá lại và cập nhật hồ sơ",
    "Triển khai giải pháp giám sát tập trung",
    "Nâng cấp hệ thống sao lưu, bổ sung bản sao lưu ngoài trụ sở",
    "Thuê dịch vụ kiểm thử xâm nhập",
    "Đào tạo bổ sung cho cán bộ quản trị hệ thống",
    "Rà soát, thu hồi tài khoản không còn sử dụng",
};
const char* const kNotApplicable[] = {
    "Hệ thống không sử dụng mạng không dây.",
    "Đơn vị không thuê dịch vụ của bên thứ ba cho nội dung này.",
    "Hệ thống không có chức năng cho người dùng bên ngoài truy cập.",
    "Ứng dụng do nhà cung cấp phát triển, đơn vị không tự phát triển phần mềm.",
    "Hạ tầng do Trung tâm dữ liệu tỉnh quản lý và được đánh giá riêng.",
};
const char* const kAuditNotes[] = {
    "Chưa cung cấp được bằng chứng thực hiện.",
    "Bằng chứng chưa được cập nhật trong 12 tháng gần nhất.",
    "Cấu hình thực tế khác với mô tả trong hồ sơ.",
    "Mới triển khai cho một phần hệ thống.",
    "Đã kiểm tra thực tế, đáp ứng yêu cầu.",
};
const char* const kAuditOrgs[] = {
    "Trung tâm Giám sát an toàn không gian mạng quốc gia",
    "Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao, Công an tỉnh {p}",
    "Trung tâm Chuyển đổi số tỉnh {p}",
    "Công ty TNHH Kiểm định an toàn thông tin Sao Việt",
};

std::string fill_evidence(const char* pattern, const Date& d) {
  std::string s = pattern;
  auto rep = [&](const char* key, const std::string& v) {
    if (auto at = s.find(key); at != std::string::npos) s.replace(at, std::string_view(key).size(), v);
  };
  rep("{y}", std::to_string(d.year));
  rep("{m}", std::to_string(d.month));
  rep("{q}", std::to_string((d.month - 1) / 3 + 1));
  return s;
}

// Status frequencies in ‰ for three kinds of unit; over the mix (30 % strong, 50 % typical,
// 20 % weak) they average met 70 %, partial 15 %, not met 8 %, N/A 3 %, unanswered 4 %.
constexpr std::array<std::array<int, 5>, 3> kStatusMix = {{
    {850, 80, 30, 20, 20},    // strong
    {700, 160, 80, 30, 30},   // typical
    {480, 240, 150, 40, 90},  // weak
}};
// The share in % of a kind's systems that meet every requirement of their level (all met,
// every N/A with its reason, an audit that agrees): a quarter of a strong unit's, one in
// sixteen of a typical one's, none of a weak one's; about 10 % of all systems, so that a
// synthetic province's compliance figures are not all zero.
constexpr std::array<int, 3> kExemplary = {25, 6, 0};
constexpr std::array<Status, 5> kStatusOrder = {Status::met, Status::partial, Status::not_met, Status::not_applicable,
                                                Status::unanswered};

// ---- plan ------------------------------------------------------------------------------------

struct UnitDraft {
  unsigned kind = kCentre;
  SynthUnit unit;
};

std::string phone(Rng& r, int area) {
  if (r.percent(60)) {
    int a = r.between(1000, 9999);
    int b = r.between(0, 999);
    return fmt::format("02{:02} {:04} {:03}", area, a, b);
  }
  int a = r.between(0, 9);
  int b = r.between(0, 999);
  int c = r.between(0, 9999);
  return fmt::format("09{} {:03} {:04}", a, b, c);
}

const char* contact_role(unsigned kind, Rng& r) {
  switch (kind) {
    case kCommune:
    case kDistrict: return r.percent(50) ? "Công chức Văn phòng – Thống kê" : "Chuyên viên phụ trách chuyển đổi số";
    case kSchool: return "Giáo viên phụ trách tin học";
    case kHospital: return r.percent(50) ? "Trưởng phòng Công nghệ thông tin" : "Kỹ sư quản trị hệ thống";
    default: return r.percent(50) ? "Trưởng phòng Công nghệ thông tin" : "Chuyên viên quản trị mạng";
  }
}

class Planner {
 public:
  explicit Planner(const SynthOptions& o) : o_(o) {
    province_slug_ = slug(o.province);
    if (province_slug_.empty()) province_slug_ = "tinh";
    province_code_ = o.province == SynthOptions{}.province ? 99 : static_cast<int>(10 + fnv1a(o.province) % 89);
    area_ = static_cast<int>(3 + fnv1a(o.province) % 97);
  }

  SynthPlan run() {
    SynthPlan plan;
    plan.options = o_;
    plan.as_of = Date{o_.year, 11, 30};
    const std::size_t n = o_.count;
    if (n == 0) return plan;
    std::size_t units = o_.units ? std::min(o_.units, n) : std::max<std::size_t>(1, (n + 3) / 4);
    make_units(plan, units);
    std::vector<std::size_t> per_unit = apportion_systems(plan, n);
    std::vector<int> levels = level_sequence(n);
    // Files in unit order; unit_of[i] for the level swap below.
    std::vector<std::size_t> unit_of;
    unit_of.reserve(n);
    for (std::size_t u = 0; u < per_unit.size(); ++u) unit_of.insert(unit_of.end(), per_unit[u], u);
    move_high_levels(plan, unit_of, levels);
    gather_level3(plan, unit_of, levels);
    choose_systems(plan, unit_of, levels);
    deal_damage(plan);
    add_duplicates(plan);
    return plan;
  }

 private:
  void make_units(SynthPlan& plan, std::size_t count) {
    const std::size_t fixed_n = std::min(
        std::size(kProvincialBodies), std::max(std::min<std::size_t>(count, 4), count * 12 / 100));
    std::size_t width = std::max<std::size_t>(2, std::to_string(count).size());
    for (std::size_t u = 0; u < count; ++u) {
      Rng r(o_.seed, kUnitStream, u);
      UnitDraft d = u < fixed_n ? provincial(u, r) : local(r);
      SynthUnit& x = d.unit;
      x.kind = kind_name(d.kind);
      x.org.code = fmt::format("H{:02}.{:0{}}", province_code_, u + 1, width);
      x.org.province = o_.province;
      Person p = person(r);
      x.org.contact.name = p.name;
      x.org.contact.role = contact_role(d.kind, r);
      x.org.contact.phone = phone(r, area_);
      std::string domain = d.kind == kSchool ? fmt::format("{}.{}.edu.vn", x.abbrev, province_slug_)
                                             : fmt::format("{}.{}.gov.vn", x.abbrev, province_slug_);
      x.org.contact.email = p.email_local + "@" + domain;
      x.high_levels = (d.kind & (kAgri | kSecurity | kIrrigation)) != 0;
      plan.units.push_back(std::move(x));
    }
  }

  UnitDraft provincial(std::size_t u, Rng& r) {
    const ProvincialBody& b = kProvincialBodies[u];
    UnitDraft d;
    d.kind = b.kind;
    SynthUnit& x = d.unit;
    x.org.name = subst(b.name, o_.province);
    used_names_.insert(x.org.name);
    x.abbrev = b.abbrev;
    x.decision_suffix = b.suffix;
    x.head = std::string(b.title) + " " + x.org.name;
    int number = r.between(1, 250);
    std::string street = r.pick(kStreets);
    std::string ward = place_name(r);
    x.org.address = fmt::format("Số {} đường {}, phường {}, tỉnh {}", number, street, ward, o_.province);
    set_owner(x, b.owner, "");
    x.security_unit = b.kind & (kOffice | kTech) ? subst("Trung tâm Chuyển đổi số tỉnh {p}", o_.province)
                      : b.kind == kSecurity      ? "Phòng Kỹ thuật nghiệp vụ, " + x.org.name
                      : b.kind == kHospital      ? "Phòng Công nghệ thông tin, " + x.org.name
                                                 : "Văn phòng " + x.org.name;
    return d;
  }

  UnitDraft local(Rng& r) {
    std::vector<int> weights;
    for (const KindWeight& k : kRandomKinds) weights.push_back(k.kind == kDistrict && o_.year > 2025 ? 0 : k.unit_weight);
    UnitDraft d;
    d.kind = kRandomKinds[r.weighted(weights)].kind;
    SynthUnit& x = d.unit;
    std::string place = place_name(r);
    bool ward = r.percent(30);
    std::string commune = (ward ? "phường " : "xã ") + place;
    std::string village = fmt::format("{} {}", ward ? "Khu phố" : "Thôn", r.between(1, 12));
    std::string where = fmt::format("{}, {}, tỉnh {}", village, commune, o_.province);
    switch (d.kind) {
      case kCommune:
        x.org.name = unique("Ủy ban nhân dân " + commune);
        x.abbrev = (ward ? "phuong" : "xa") + slug(place) + suffix();
        x.decision_suffix = "QĐ-UBND";
        x.head = "Chủ tịch " + x.org.name;
        x.org.address = fmt::format("Trụ sở Ủy ban nhân dân {}, tỉnh {}", commune, o_.province);
        set_owner(x, OwnerKind::self, "");
        x.security_unit = "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân " + commune;
        break;
      case kDistrict: {
        x.org.name = unique("Ủy ban nhân dân huyện " + place);
        x.abbrev = "huyen" + slug(place) + suffix();
        x.decision_suffix = "QĐ-UBND";
        x.head = "Chủ tịch " + x.org.name;
        int number = r.between(1, 120);
        std::string street = r.pick(kStreets);
        x.org.address = fmt::format("Số {} đường {}, thị trấn {}, tỉnh {}", number, street, place, o_.province);
        set_owner(x, OwnerKind::self, "");
        x.security_unit = "Phòng Văn hóa và Thông tin huyện " + place;
        break;
      }
      case kSchool: {
        static const char* const kLevels[] = {"Mầm non", "Tiểu học", "Tiểu học", "Trung học cơ sở", "Trung học cơ sở",
                                              "Trung học phổ thông"};
        static const char* const kShort[] = {"mn", "th", "th", "thcs", "thcs", "thpt"};
        static const char* const kSuffix[] = {"QĐ-MN", "QĐ-TH", "QĐ-TH", "QĐ-THCS", "QĐ-THCS", "QĐ-THPT"};
        std::size_t lv = r.below(std::size(kLevels));
        std::string named = r.percent(50) ? place : std::string(r.pick(kFamous));
        x.org.name = unique(fmt::format("Trường {} {}", kLevels[lv], named));
        x.abbrev = kShort[lv] + slug(named) + suffix();
        x.decision_suffix = kSuffix[lv];
        x.head = "Hiệu trưởng " + x.org.name;
        x.org.address = where;
        if (lv == 5) set_owner(x, OwnerKind::education, "");
        else set_owner(x, OwnerKind::commune, commune);
        x.security_unit = "Tổ Tin học, " + x.org.name;
        break;
      }
      case kHospital: {
        static const char* const kSpecial[] = {"Bệnh viện Sản – Nhi tỉnh {p}", "Bệnh viện Y học cổ truyền tỉnh {p}",
                                               "Bệnh viện Phổi tỉnh {p}", "Bệnh viện Mắt tỉnh {p}",
                                               "Bệnh viện Tâm thần tỉnh {p}", "Bệnh viện Phục hồi chức năng tỉnh {p}"};
        std::string name;
        if (r.percent(20)) {
          std::string s = subst(r.pick(kSpecial), o_.province);
          if (!used_names_.count(s)) name = s;
        }
        if (name.empty()) name = r.percent(55) ? "Bệnh viện Đa khoa khu vực " + place : "Trung tâm Y tế khu vực " + place;
        x.org.name = unique(name);
        bool hospital = x.org.name.rfind("Bệnh viện", 0) == 0;
        x.abbrev = (hospital ? "bv" : "ttyt") + slug(place) + suffix();
        x.decision_suffix = hospital ? "QĐ-BV" : "QĐ-TTYT";
        x.head = "Giám đốc " + x.org.name;
        x.org.address = where;
        set_owner(x, OwnerKind::health, "");
        x.security_unit = "Phòng Công nghệ thông tin, " + x.org.name;
        break;
      }
      case kSecurity: {
        bool border = r.percent(40);
        x.org.name = unique(border ? "Đồn Biên phòng " + place : "Ban Chỉ huy Quân sự " + commune);
        x.abbrev = (border ? "dbp" : "bchqs") + slug(place) + suffix();
        x.decision_suffix = border ? "QĐ-ĐBP" : "QĐ-BCH";
        x.head = (border ? "Đồn trưởng " : "Chỉ huy trưởng ") + x.org.name;
        x.org.address = where;
        set_owner(x, OwnerKind::defence, "");
        x.security_unit = "Bộ phận Tham mưu, " + x.org.name;
        break;
      }
      case kIrrigation: {
        bool reservoir = r.percent(50);
        x.org.name = unique(reservoir ? "Ban Quản lý hồ chứa nước " + place
                                      : "Chi nhánh Khai thác công trình thủy lợi " + place);
        x.abbrev = (reservoir ? "hochua" : "thuyloi") + slug(place) + suffix();
        x.decision_suffix = reservoir ? "QĐ-BQL" : "QĐ-CNTL";
        x.head = (reservoir ? "Trưởng ban " : "Giám đốc ") + x.org.name;
        x.org.address = where;
        set_owner(x, OwnerKind::province, "");
        x.security_unit = "Phòng Kỹ thuật, " + x.org.name;
        break;
      }
      default: {
        static const char* const kCentres[] = {"Trung tâm Dịch vụ nông nghiệp khu vực ",
                                               "Trung tâm Văn hóa, Thông tin và Thể thao ",
                                               "Ban Quản lý dự án đầu tư xây dựng khu vực ",
                                               "Trung tâm Phát triển quỹ đất khu vực "};
        std::size_t c = r.below(std::size(kCentres));
        x.org.name = unique(kCentres[c] + place);
        x.abbrev = (c == 2 ? "bqlda" : "tt") + slug(place) + suffix();
        x.decision_suffix = c == 2 ? "QĐ-BQLDA" : "QĐ-TT";
        x.head = "Giám đốc " + x.org.name;
        x.org.address = where;
        set_owner(x, OwnerKind::province, "");
        x.security_unit = "Phòng Hành chính – Tổng hợp, " + x.org.name;
        break;
      }
    }
    return d;
  }

  // The name, numbered if it is taken ("Trường Tiểu học Tân Phú 2").
  std::string unique(const std::string& name) {
    std::string s = name;
    last_number_ = 0;
    for (int k = 2; used_names_.count(s); ++k) {
      s = fmt::format("{} {}", name, k);
      last_number_ = k;
    }
    used_names_.insert(s);
    return s;
  }
  std::string suffix() const { return last_number_ ? std::to_string(last_number_) : std::string(); }

  void set_owner(SynthUnit& x, OwnerKind k, const std::string& commune) {
    const std::string ubnd = subst("Ủy ban nhân dân tỉnh {p}", o_.province);
    x.owner_suffix = "QĐ-UBND";
    switch (k) {
      case OwnerKind::province:
        x.owner.name = ubnd;
        x.owner.code = fmt::format("H{:02}", province_code_);
        x.owner_head = "Chủ tịch " + ubnd;
        break;
      case OwnerKind::police:
        x.owner.name = "Bộ Công an";
        x.owner_head = "Bộ trưởng Bộ Công an";
        x.owner_suffix = "QĐ-BCA";
        break;
      case OwnerKind::defence:
        x.owner.name = "Bộ Quốc phòng";
        x.owner_head = "Bộ trưởng Bộ Quốc phòng";
        x.owner_suffix = "QĐ-BQP";
        break;
      case OwnerKind::self:
        x.owner.name = x.org.name;
        x.owner_head = "Chủ tịch " + ubnd;  // level 3 and above: the province approves
        break;
      case OwnerKind::education:
        x.owner.name = subst("Sở Giáo dục và Đào tạo tỉnh {p}", o_.province);
        x.owner_head = "Chủ tịch " + ubnd;
        break;
      case OwnerKind::health:
        x.owner.name = subst("Sở Y tế tỉnh {p}", o_.province);
        x.owner_head = "Chủ tịch " + ubnd;
        break;
      case OwnerKind::commune:
        x.owner.name = "Ủy ban nhân dân " + commune;
        x.owner_head = "Chủ tịch " + ubnd;
        break;
    }
    x.owner.province = o_.province;
  }

  // Each unit gets at least one system; the rest is shared by weight (kind × 0.5–1.5),
  // largest remainder first.
  std::vector<std::size_t> apportion_systems(const SynthPlan& plan, std::size_t n) {
    const std::size_t u = plan.units.size();
    std::vector<std::size_t> out(u, 1);
    std::vector<std::uint64_t> w(u);
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < u; ++i) {
      Rng r(o_.seed, kSizeStream, i);
      w[i] = static_cast<std::uint64_t>(systems_weight(kind_bit(plan.units[i].kind))) *
             static_cast<std::uint64_t>(r.between(50, 150));
      total += w[i];
    }
    std::uint64_t rest = n - u;
    std::vector<std::pair<std::uint64_t, std::size_t>> rem;
    std::uint64_t given = 0;
    for (std::size_t i = 0; i < u; ++i) {
      std::uint64_t share = rest * w[i];
      out[i] += static_cast<std::size_t>(share / total);
      given += share / total;
      rem.emplace_back(share % total, i);
    }
    std::sort(rem.begin(), rem.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (std::size_t k = 0; given < rest; ++k, ++given) ++out[rem[k].second];
    return out;
  }

  // Exactly the national mix (largest remainder, ties to the rarer level), shuffled.
  std::vector<int> level_sequence(std::size_t n) {
    // Parts per 10,000: L1 46 %, L2 40 %, L3 13 %, L4 0.3 %, L5 0.1 %; the 0.6 % left
    // goes half to L1, half to L2.
    static const std::uint64_t kMix[6] = {0, 4630, 4030, 1300, 30, 10};
    std::array<std::size_t, 6> count{};
    std::vector<std::pair<std::uint64_t, int>> rem;
    std::size_t given = 0;
    for (int l = 1; l <= 5; ++l) {
      std::uint64_t share = static_cast<std::uint64_t>(n) * kMix[l];
      count[static_cast<std::size_t>(l)] = static_cast<std::size_t>(share / 10000);
      given += count[static_cast<std::size_t>(l)];
      rem.emplace_back(share % 10000, l);
    }
    std::sort(rem.begin(), rem.end(),
              [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second > b.second; });
    for (std::size_t k = 0; given < n; ++k, ++given) ++count[static_cast<std::size_t>(rem[k].second)];
    std::vector<int> levels;
    levels.reserve(n);
    for (int l = 1; l <= 5; ++l) levels.insert(levels.end(), count[static_cast<std::size_t>(l)], l);
    Rng r(o_.seed, kLevelStream, 0);
    for (std::size_t i = n; i > 1; --i) std::swap(levels[i - 1], levels[r.below(i)]);
    return levels;
  }

  // Level 4–5 systems belong to units that can own them (SCADA of reservoirs, defence):
  // swap such a level with a level 1–2 slot of such a unit, taking the units in turn so
  // that no single unit ends up with all of them.
  void move_high_levels(const SynthPlan& plan, const std::vector<std::size_t>& unit_of, std::vector<int>& levels) {
    std::vector<std::vector<std::size_t>> able;  // slots of each capable unit, in order
    for (std::size_t i = 0; i < levels.size(); ++i) {
      if (!plan.units[unit_of[i]].high_levels) continue;
      if (i == 0 || unit_of[i] != unit_of[i - 1]) able.emplace_back();
      able.back().push_back(i);
    }
    std::vector<std::size_t> cursor(able.size(), 0);
    std::size_t turn = 0;
    for (std::size_t i = 0; i < levels.size(); ++i) {
      if (levels[i] < 4 || plan.units[unit_of[i]].high_levels) continue;
      bool moved = false;
      for (std::size_t tries = 0; tries < able.size() && !moved; ++tries, turn = (turn + 1) % able.size()) {
        std::vector<std::size_t>& slots = able[turn];
        std::size_t& c = cursor[turn];
        while (c < slots.size() && levels[slots[c]] >= 3) ++c;
        if (c == slots.size()) continue;
        std::swap(levels[i], levels[slots[c++]]);
        moved = true;
      }
      if (!moved) break;  // no room left: the rest use the fallback systems
    }
  }

  // The provincial hub runs most of the province's level-3 systems (public-service portal,
  // data centre, integration platform, SOC), and departments more than communes or schools:
  // give those units a share of level 3 by swapping with level-3 slots of other units.
  void gather_level3(const SynthPlan& plan, const std::vector<std::size_t>& unit_of, std::vector<int>& levels) {
    auto share = [&](std::size_t u) {
      unsigned k = kind_bit(plan.units[u].kind);
      return k & (kOffice | kTech) ? 60 : k & (kDept | kAgri) ? 25 : 0;
    };
    std::vector<std::size_t> donors;  // level-3 slots of units with no preference
    for (std::size_t i = 0; i < levels.size(); ++i)
      if (levels[i] == 3 && share(unit_of[i]) == 0) donors.push_back(i);
    std::size_t next = 0;
    for (std::size_t begin = 0; begin < levels.size();) {
      std::size_t end = begin;
      while (end < levels.size() && unit_of[end] == unit_of[begin]) ++end;
      std::size_t want = (end - begin) * static_cast<std::size_t>(share(unit_of[begin])) / 100;
      std::size_t have = static_cast<std::size_t>(std::count(levels.begin() + static_cast<std::ptrdiff_t>(begin),
                                                             levels.begin() + static_cast<std::ptrdiff_t>(end), 3));
      for (std::size_t i = begin; i < end && have < want && next < donors.size(); ++i) {
        if (levels[i] > 2) continue;
        std::swap(levels[i], levels[donors[next++]]);
        ++have;
      }
      begin = end;
    }
  }

  void choose_systems(SynthPlan& plan, const std::vector<std::size_t>& unit_of, const std::vector<int>& levels) {
    std::map<std::size_t, std::size_t> used;  // template -> times used in the current unit
    for (std::size_t i = 0; i < levels.size(); ++i) {
      if (i == 0 || unit_of[i] != unit_of[i - 1]) used.clear();
      const SynthUnit& unit = plan.units[unit_of[i]];
      unsigned kind = kind_bit(unit.kind);
      Rng r(o_.seed, kTemplateStream, i);
      std::vector<std::size_t> fresh, all, fallback;
      for (std::size_t t = 0; t < kTemplateCount; ++t) {
        const SystemTemplate& s = kTemplates[t];
        if (profile_level(s.profile) != levels[i]) continue;
        if (s.flags & kFallback) {
          fallback.push_back(t);
          continue;
        }
        if (!(s.units & kind)) continue;
        all.push_back(t);
        if (!used.count(t)) fresh.push_back(t);
      }
      const std::vector<std::size_t>& pool = !fresh.empty() ? fresh : !all.empty() ? all : fallback;
      std::vector<int> w;
      for (std::size_t t : pool) w.push_back(kTemplates[t].weight);
      std::size_t t = pool[r.weighted(w)];
      std::size_t times = ++used[t];
      SynthFile f;
      f.unit = unit_of[i];
      f.system_template = t;
      f.level = levels[i];
      f.system_code = times == 1 ? kTemplates[t].code : fmt::format("{}-{}", kTemplates[t].code, times);
      f.system_name = times == 1 ? kTemplates[t].name : fmt::format("{} (số {})", kTemplates[t].name, times);
      f.path = unit.org.code + "/" + f.system_code + ".xml";
      plan.files.push_back(std::move(f));
    }
  }

  void deal_damage(SynthPlan& plan) {
    const std::size_t n = plan.files.size();
    auto d = static_cast<std::size_t>(std::llround(static_cast<double>(n) * o_.damaged));
    d = std::min(d, n);
    std::vector<std::size_t> idx(n);
    for (std::size_t i = 0; i < n; ++i) idx[i] = i;
    Rng r(o_.seed, kDamageStream, 0);
    for (std::size_t k = 0; k < d; ++k) {
      std::swap(idx[k], idx[k + r.below(n - k)]);
      plan.files[idx[k]].damage = kSynthDamageKinds[k % kSynthDamageKinds.size()];
    }
  }

  void add_duplicates(SynthPlan& plan) {
    if (o_.duplicates == 0) return;
    std::vector<std::size_t> good;
    for (std::size_t i = 0; i < plan.files.size(); ++i)
      if (plan.files[i].damage == SynthDamage::none) good.push_back(i);
    if (good.empty()) throw UsageError("no undamaged dossier is left to duplicate");
    Rng r(o_.seed, kDuplicateStream, 0);
    std::map<std::size_t, int> copies;
    for (std::size_t k = 0; k < o_.duplicates; ++k) {
      std::size_t slot = k % good.size();  // once every good dossier is copied, another round
      std::size_t pick = slot + r.below(good.size() - slot);
      std::swap(good[slot], good[pick]);
      std::size_t orig = good[slot];
      int c = ++copies[orig];
      SynthFile f = plan.files[orig];
      f.damage = SynthDamage::none;
      f.duplicate_of = orig;
      const SynthUnit& unit = plan.units[f.unit];
      f.path = unit.org.code + "/" + f.system_code + (c == 1 ? "-ban-sao" : fmt::format("-ban-sao-{}", c)) + ".xml";
      plan.files.push_back(std::move(f));
    }
  }

  SynthOptions o_;
  std::string province_slug_;
  int province_code_ = 99;
  int area_ = 3;
  std::set<std::string> used_names_;
  int last_number_ = 0;
};

// ---- dossier ---------------------------------------------------------------------------------

const char* connection_name(unsigned c) {
  switch (c) {
    case kConnNationalPortal: return "Cổng dịch vụ công quốc gia";
    case kConnPopulation: return "Cơ sở dữ liệu quốc gia về dân cư";
    case kConnDocAxis: return "Trục liên thông văn bản quốc gia";
    case kConnLgsp: return "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh (LGSP)";
    case kConnInsurance: return "Hệ thống thông tin giám định bảo hiểm y tế";
    default: return "Cơ sở dữ liệu ngành giáo dục";
  }
}
const char* connection_data(unsigned c) {
  switch (c) {
    case kConnNationalPortal: return "Hồ sơ, trạng thái xử lý thủ tục hành chính";
    case kConnPopulation: return "Xác thực thông tin công dân";
    case kConnDocAxis: return "Văn bản điện tử đến và đi";
    case kConnLgsp: return "Dữ liệu dùng chung của tỉnh";
    case kConnInsurance: return "Dữ liệu khám chữa bệnh, thanh toán bảo hiểm y tế";
    default: return "Hồ sơ học sinh, giáo viên";
  }
}
const char* connection_direction(unsigned c) {
  switch (c) {
    case kConnPopulation: return "in";
    case kConnInsurance:
    case kConnEducation: return "out";
    default: return "both";
  }
}

long staff(unsigned kind, Rng& r) {
  switch (kind) {
    case kOffice:
    case kTech: return r.between(80L, 400L);
    case kCommune: return r.between(18L, 45L);
    case kSchool: return r.between(20L, 110L);
    case kHospital: return r.between(150L, 1200L);
    case kSecurity: return r.between(40L, 900L);
    default: return r.between(25L, 300L);
  }
}

Dossier build(const Regime& regime, const SynthPlan& plan, std::size_t index) {
  const SynthFile& f = plan.files[index];
  const SynthUnit& unit = plan.units[f.unit];
  const SystemTemplate& t = kTemplates[f.system_template];
  const SynthOptions& o = plan.options;
  const Date& as_of = plan.as_of;
  const unsigned kind = kind_bit(unit.kind);
  Rng r(o.seed, kDossierStream, index);

  Dossier d;
  d.regime = regime.id;
  d.catalog_version = regime.version;
  d.unit = unit.org;
  // The evaluation counts per unit type; say it rather than leave it to name prefixes.
  if (unit.kind == "commune" || unit.kind == "district" || unit.kind == "hospital" || unit.kind == "school")
    d.unit.type = unit.kind;
  else if (unit.kind == "department" || unit.kind == "office" || unit.kind == "tech" || unit.kind == "agriculture")
    d.unit.type = "department";
  else
    d.unit.type = "other";
  d.owner = unit.owner;
  int op = r.between(0, 99);
  if (op < 65) {
    d.operating_unit.name = unit.org.name;
    d.operating_unit.code = unit.org.code;
  } else if (op < 90) {
    d.operating_unit.name = subst("Trung tâm Chuyển đổi số tỉnh {p}", o.province);
  } else {
    d.operating_unit.name = subst(r.percent(50) ? "Viễn thông {p} (VNPT)" : "Viettel {p}", o.province);
  }
  d.operating_unit.province = o.province;
  d.security_unit.name = unit.security_unit;
  d.security_unit.province = o.province;

  // System description.
  SystemInfo& s = d.system;
  s.name = f.system_name;
  s.code = f.system_code;
  s.purpose = t.purpose;
  // Shared provincial platforms serve the civil servants of the whole province.
  s.users = t.profile == Profile::infra_province ? r.between(800L, 15000L) : staff(kind, r);
  s.users_note = t.users_note;

  // Answers: system scope, then the main component and perhaps a second, lower one.
  Answers& a = d.answers;
  a.regime = regime.id;
  int host = r.between(0, 99);
  std::string hosting = host < 55 ? "own_premises" : host < 85 ? "rented_dc" : host < 97 ? "cloud" : "own_premises cloud";
  if (hosting.find("rented_dc") != std::string::npos) {
    s.hosting_provider = subst(r.percent(60) ? "Trung tâm dữ liệu tỉnh {p}" : "Trung tâm dữ liệu VNPT {p}", o.province);
    s.hosting_location = o.province;
  } else if (hosting.find("cloud") != std::string::npos) {
    static const char* const kClouds[] = {"Viettel Cloud", "VNPT Cloud", "FPT Cloud", "CMC Cloud"};
    s.hosting_provider = r.pick(kClouds);
    s.hosting_location = r.percent(50) ? "Hà Nội" : "Thành phố Hồ Chí Minh";
  } else {
    s.hosting_location = "Phòng máy chủ, " + unit.org.address;
  }
  Given sys_given = {{"boundary_ok", "yes"},
                     {"in_scope", "yes"},
                     {"split_to_lower", "no"},
                     {"ns_critical", f.level == 5 && t.profile == Profile::defence_especially ? "yes" : "no"},
                     {"hosting", hosting},
                     {"has_wireless", r.percent(40) ? "yes" : "no"}};

  long subjects = 0;
  Given main_given = profile_answers(t.profile, &t, r, subjects);
  bool composite = r.percent(f.level >= 2 ? 20 : 5);
  if (composite) {
    Profile second = f.level >= 2 && r.percent(80) ? Profile::internal_private : Profile::internal_public;
    static const char* const kSecondNames[] = {"Phân hệ quản trị, báo cáo nội bộ", "Phân hệ quản lý người dùng",
                                               "Cơ sở dữ liệu nghiệp vụ nội bộ"};
    std::string second_name = r.pick(kSecondNames);
    s.components.push_back({"chinh", s.name, t.component_kind, t.purpose});
    s.components.push_back({"noibo", second_name, "Ứng dụng nội bộ", "Phục vụ quản trị và tổng hợp báo cáo nội bộ."});
    a.components.push_back({"chinh", s.name, {}});
    a.components.push_back({"noibo", second_name, {}});
    long ignored = 0;
    Given second_given = profile_answers(second, nullptr, r, ignored);
    fill(regime, a, 0, Scope::system, sys_given);
    fill(regime, a, 0, Scope::component, main_given);
    fill(regime, a, 1, Scope::component, second_given);
  } else {
    fill(regime, a, 0, Scope::system, sys_given);
    fill(regime, a, 0, Scope::component, main_given);
  }
  if (subjects > 0 && t.subjects_note) {
    s.data_subjects = subjects;
    s.data_subjects_note = t.subjects_note;
  }
  for (unsigned c = 1; c <= kConnEducation; c <<= 1)
    if (t.connections & c) s.connections.push_back({connection_name(c), connection_direction(c), connection_data(c)});
  if (r.percent(30) && !(t.connections & kConnLgsp) && t.profile != Profile::defence_harm &&
      t.profile != Profile::defence_serious && t.profile != Profile::defence_especially)
    s.connections.push_back({"Hệ thống báo cáo của tỉnh", "out", "Số liệu báo cáo định kỳ"});

  // The level must be real: what the criteria give, determined, with nothing missing.
  Classification c = classify(regime, a);
  if (c.status != LevelStatus::determined || c.level != f.level || !c.missing.empty() || !c.ignored.empty())
    throw Error(fmt::format("synthetic dossier {} ('{}', template {}): computed level {} ({}), intended {}", index,
                            f.path, t.code, c.level, to_string(c.status), f.level),
                ExitCode::internal);
  d.proposal.proposed = c.level;

  // Approval: most level 3+ and about 70 % of level 1–2 systems; some old enough that the
  // next periodic assessment is overdue.
  bool approved = f.damage == SynthDamage::invalid_date || r.percent(f.level >= 3 ? 90 : 70);
  long approval_back = 0;
  if (approved) {
    long interval = 365;
    if (const AssessmentRule* rule = regime.assessment_for(f.level))
      interval = rule->every.after(as_of).days_since_epoch() - as_of.days_since_epoch();
    bool overdue = r.percent(25) && interval + 5 <= 725;
    approval_back = overdue ? r.between(interval + 5, std::min(730L, interval + 365))
                            : r.between(14L, std::max(14L, std::min(700L, interval - 10)));
    Approval ap;
    ap.level = c.level;
    bool province = f.level >= 3;
    ap.decision = fmt::format("{}/{}", r.between(1, 2999), province ? unit.owner_suffix : unit.decision_suffix);
    ap.date = days_before(as_of, approval_back);
    ap.approver = province ? unit.owner_head : unit.head;
    d.approval = ap;
  }

  // Self-assessment of every applicable requirement.
  const std::size_t unit_kind = r.weighted(std::array<int, 3>{30, 50, 20});
  const auto& mix = kStatusMix[unit_kind];
  const bool exemplary = r.percent(kExemplary[unit_kind]);
  std::vector<const Requirement*> reqs = applicable_requirements(regime, a, c, f.level);
  std::string domain = slug(o.province);
  if (domain.empty()) domain = "tinh";
  std::size_t answered = 0;
  for (const Requirement* q : reqs) {
    Status st = exemplary ? (r.percent(97) ? Status::met : Status::not_applicable) : kStatusOrder[r.weighted(mix)];
    if (st == Status::unanswered && r.percent(50)) continue;  // some leave the item out altogether
    Assessment x;
    x.requirement = q->id;
    x.status = st;
    bool physical = q->group == "physical";
    bool management = q->group == "management";
    if (st == Status::met || st == Status::partial) {
      std::string impl = physical ? r.pick(kPhysicalImpl) : management ? r.pick(kManagementImpl) : r.pick(kTechnicalImpl);
      if (r.percent(30))
        impl = fmt::format("Đã triển khai “{}” theo quy chế bảo đảm an toàn thông tin của đơn vị.", q->title.vi);
      if (st == Status::partial) impl += std::string(" ") + r.pick(kPartialGap);
      x.implementation = std::move(impl);
      int ev = r.percent(25) ? 2 : 1;
      for (int k = 0; k < ev; ++k) {
        Evidence e;
        Date when = days_before(as_of, r.between(7L, 330L));
        e.title = fill_evidence(physical ? r.pick(kPhysicalEvidence) : management ? r.pick(kManagementEvidence)
                                                                               : r.pick(kTechnicalEvidence),
                                when);
        int loc = r.between(0, 2);
        if (loc == 0) e.location = fmt::format("\\\\fileserver\\attt\\{}\\{}.pdf", when.year, q->id);
        else if (loc == 1) e.location = fmt::format("https://vanban.{}.gov.vn/hoso/{}", domain, r.between(1000, 99999));
        else e.location = fmt::format("Hồ sơ lưu tại {}, tủ số {}", unit.security_unit, r.between(1, 9));
        if (!r.percent(4)) e.date = when;
        x.evidence.push_back(std::move(e));
      }
    }
    if (st == Status::not_applicable && (exemplary || r.percent(85))) x.justification = r.pick(kNotApplicable);
    if ((st == Status::partial || st == Status::not_met) && r.percent(85)) {
      x.remediation.action = r.pick(kRemediation);
      x.remediation.owner = r.percent(70) ? unit.security_unit : subst("Trung tâm Chuyển đổi số tỉnh {p}", o.province);
      x.remediation.due = r.percent(6) ? days_before(as_of, r.between(10L, 120L)) : days_after(as_of, r.between(30L, 540L));
    }
    if (st != Status::unanswered) ++answered;
    d.assessments.push_back(std::move(x));
  }

  // An audit on some dossiers, with a few verdicts that differ from the unit's.
  long audit_back = 0;
  if (!d.assessments.empty() && r.percent(f.level >= 3 ? 30 : 8)) {
    Audit au;
    Person p = person(r);
    au.auditor = p.name;
    au.organisation = subst(r.pick(kAuditOrgs), o.province);
    long latest = approved ? std::max(10L, approval_back - 7) : 150L;
    audit_back = r.between(10L, std::min(150L, latest));
    au.date = days_before(as_of, audit_back);
    std::vector<std::size_t> pool(d.assessments.size());
    for (std::size_t i = 0; i < pool.size(); ++i) pool[i] = i;
    std::size_t k = std::min<std::size_t>(pool.size(), static_cast<std::size_t>(r.between(3, 10)));
    for (std::size_t i = 0; i < k; ++i) std::swap(pool[i], pool[i + r.below(pool.size() - i)]);
    std::sort(pool.begin(), pool.begin() + static_cast<std::ptrdiff_t>(k));  // catalog order
    std::size_t first_differs = r.below(k);
    for (std::size_t i = 0; i < k; ++i) {
      const Assessment& x = d.assessments[pool[i]];
      Verdict v;
      v.requirement = x.requirement;
      bool differs = !exemplary && (i == first_differs || r.percent(40));
      if (!differs) {
        v.status = x.status == Status::unanswered ? Status::not_met : x.status;
        v.note = x.status == Status::met ? "Đã kiểm tra thực tế, đáp ứng yêu cầu." : "";
        if (v.status != x.status) v.note = r.pick(kAuditNotes);
      } else {
        switch (x.status) {
          case Status::met: v.status = r.percent(70) ? Status::partial : Status::not_met; break;
          case Status::partial: v.status = r.percent(70) ? Status::not_met : Status::met; break;
          case Status::not_met: v.status = Status::partial; break;
          case Status::not_applicable:
          case Status::unanswered: v.status = Status::not_met; break;
        }
        v.note = r.pick(kAuditNotes);
      }
      au.verdicts.push_back(std::move(v));
    }
    d.audit = std::move(au);
  }

  // History, at fixed times derived from the seed.
  const std::string& who = unit.org.contact.name;
  long created_back = approved ? approval_back : r.between(30L, 300L);
  created_back += r.between(20L, 90L);
  Date created = days_before(as_of, created_back);
  d.history.push_back({timestamp(created, r), who, "Tạo hồ sơ đề xuất cấp độ"});
  d.history.push_back({timestamp(days_after(created, r.between(0L, 3L)), r), who, "Trả lời câu hỏi xác định cấp độ"});
  if (approved)
    d.history.push_back({timestamp(*d.approval->date, r), who,
                         fmt::format("Ghi nhận Quyết định số {} phê duyệt cấp độ {}", d.approval->decision, c.level)});
  d.history.push_back({timestamp(days_before(as_of, r.between(7L, std::max(7L, std::min(60L, created_back - 4)))), r),
                       who, fmt::format("Cập nhật kết quả tự đánh giá ({} yêu cầu)", answered)});
  if (d.audit)
    d.history.push_back({timestamp(*d.audit->date, r), d.audit->auditor,
                         "Nhập kết quả kiểm tra, đánh giá của " + d.audit->organisation});
  std::stable_sort(d.history.begin(), d.history.end(),
                   [](const HistoryEntry& x, const HistoryEntry& y) { return x.time < y.time; });
  return d;
}

// ---- damage ----------------------------------------------------------------------------------

// Replaces the value of the first attribute `attr="…"` found after `from`.
bool replace_attr(std::string& xml, std::string_view attr, const std::string& value, std::size_t from = 0) {
  std::string key = " " + std::string(attr) + "=\"";
  std::size_t at = xml.find(key, from);
  if (at == std::string::npos) return false;
  std::size_t b = at + key.size();
  std::size_t e = xml.find('"', b);
  if (e == std::string::npos) return false;
  xml.replace(b, e - b, value);
  return true;
}

std::string latin1(const std::string& xml) {
  std::string out;
  out.reserve(xml.size());
  for (std::size_t i = 0; i < xml.size();) {
    char32_t cp = decode(xml, i);
    if (cp < 0x100) {
      out += static_cast<char>(static_cast<unsigned char>(cp));
    } else {
      char f = fold_char(cp);
      out += f ? f : '?';
    }
  }
  return out;
}

std::string damage(std::string xml, SynthDamage kind, const Regime& regime, Rng& r) {
  auto fail = [&] { return Error(fmt::format("cannot apply damage '{}'", to_string(kind)), ExitCode::internal); };
  switch (kind) {
    case SynthDamage::none: break;
    case SynthDamage::truncated: {
      std::size_t cut = xml.size() * static_cast<std::size_t>(r.between(25, 75)) / 100;
      while (cut > 0 && (static_cast<unsigned char>(xml[cut]) & 0x80)) --cut;  // never inside a character
      xml.resize(cut);
      break;
    }
    case SynthDamage::invalid_status: {
      std::size_t sa = xml.find("<self-assessment");
      if (sa == std::string::npos || !replace_attr(xml, "status", "done", sa)) throw fail();
      break;
    }
    case SynthDamage::invalid_level:
      if (!replace_attr(xml, "proposed", "7")) throw fail();
      break;
    case SynthDamage::invalid_count: {
      std::size_t u = xml.find("<users");
      if (u == std::string::npos || !replace_attr(xml, "count", "nhiều", u)) throw fail();
      break;
    }
    case SynthDamage::invalid_date: {
      std::size_t ap = xml.find("<approval");
      if (ap == std::string::npos || !replace_attr(xml, "date", fmt::format("{}-02-30", r.between(2024, 2026)), ap))
        throw fail();
      break;
    }
    case SynthDamage::format_version:
      if (!replace_attr(xml, "format", "2.0")) throw fail();
      break;
    case SynthDamage::unknown_requirement: {
      std::string key = "<item requirement=\"";
      std::size_t at = xml.find(key);
      if (at == std::string::npos) throw fail();
      std::size_t b = at + key.size(), e = xml.find('"', b);
      std::string id = xml.substr(b, e - b);
      // A typing slip: "G01.01" -> "G1.01", "M-1.1.1" -> "M-1.1.01".
      std::string bad = id;
      if (std::size_t z = bad.find('0'); z != std::string::npos) bad.erase(z, 1);
      else if (std::size_t dot = bad.rfind('.'); dot != std::string::npos) bad.insert(dot + 1, "0");
      while (regime.requirement(bad)) bad += "x";
      xml.replace(b, e - b, bad);
      break;
    }
    case SynthDamage::not_utf8: {
      std::string bytes = latin1(xml);
      if (valid_utf8(bytes)) {
        std::size_t at = bytes.find(" name=\"");
        bytes.insert(at == std::string::npos ? bytes.size() : at + 7, "\xE9");
      }
      xml = std::move(bytes);
      break;
    }
    case SynthDamage::wrong_root: {
      std::size_t open = xml.find("<dossier ");
      std::size_t close = xml.rfind("</dossier>");
      if (open == std::string::npos || close == std::string::npos) throw fail();
      xml.replace(close, 10, "</ho-so>");
      xml.replace(open, 8, "<ho-so");
      break;
    }
  }
  return xml;
}

void check_plan(const Regime& regime, const SynthPlan& plan, std::size_t index) {
  if (plan.regime != regime.id)
    throw Error(fmt::format("the plan is for regime '{}', not '{}'", plan.regime, regime.id), ExitCode::internal);
  if (index >= plan.files.size())
    throw Error(fmt::format("file {} is outside the plan ({} files)", index, plan.files.size()), ExitCode::internal);
}

}  // namespace

SynthPlan plan_synthetic(const Regime& regime, const SynthOptions& options) {
  if (!(options.damaged >= 0.0 && options.damaged <= 1.0))
    throw UsageError(fmt::format("the damaged share must be between 0 and 1, not {}", options.damaged));
  if (options.year < 2000 || options.year > 2200)
    throw UsageError(fmt::format("year {} is outside 2000–2200", options.year));
  SynthPlan plan = Planner(options).run();
  plan.regime = regime.id;
  return plan;
}

Dossier synthetic_dossier(const Regime& regime, const SynthPlan& plan, std::size_t index) {
  check_plan(regime, plan, index);
  const SynthFile& f = plan.files[index];
  if (!f.duplicate_of) return build(regime, plan, index);
  Dossier d = build(regime, plan, *f.duplicate_of);
  std::size_t copy = index - plan.options.count;
  if (copy % 2 == 1) {  // every other copy is a later save, not a byte-identical file
    Rng r(plan.options.seed, kDuplicateStream, index);
    d.history.push_back({timestamp(days_before(plan.as_of, r.between(1L, 5L)), r), d.unit.contact.name,
                         "Gửi lại hồ sơ (bản cập nhật)"});
  }
  return d;
}

std::string synthetic_file(const Regime& regime, const SynthPlan& plan, std::size_t index) {
  check_plan(regime, plan, index);
  std::string xml = write_dossier(synthetic_dossier(regime, plan, index), regime);
  const SynthFile& f = plan.files[index];
  if (f.damage == SynthDamage::none) return xml;
  Rng r(plan.options.seed, kDamageStream, index + 1);
  return damage(std::move(xml), f.damage, regime, r);
}

std::string manifest_state(const SynthPlan& plan, std::size_t index) {
  const SynthFile& f = plan.files.at(index);
  if (f.duplicate_of) return "duplicate-of " + plan.files.at(*f.duplicate_of).path;
  return to_string(f.damage);
}

std::string render_manifest(const SynthPlan& plan) {
  std::vector<std::size_t> order(plan.files.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return plan.files[a].path < plan.files[b].path; });
  std::string out = "file\tunit\tsystem\tlevel\tstate\tunit-name\tsystem-name\n";
  for (std::size_t i : order) {
    const SynthFile& f = plan.files[i];
    const SynthUnit& u = plan.units[f.unit];
    out += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\n", f.path, u.org.code, f.system_code, f.level,
                       manifest_state(plan, i), u.org.name, f.system_name);
  }
  return out;
}

SynthSummary generate_dossiers(const Regime& regime, const SynthOptions& options, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw UsageError(fmt::format("'{}' exists and is not a folder", dir));
  if (fs::is_directory(dir, ec) && !options.overwrite && fs::directory_iterator(dir, ec) != fs::directory_iterator())
    throw UsageError(fmt::format("'{}' is not empty; choose a new folder, or pass --force to write into it", dir));

  SynthSummary sum;
  sum.plan = plan_synthetic(regime, options);
  const SynthPlan& plan = sum.plan;
  fs::create_directories(dir, ec);
  if (ec) throw_system_error(ec.value(), "create folder", dir);
  for (const SynthUnit& u : plan.units) {
    fs::path p = fs::path(dir) / u.org.code;
    fs::create_directories(p, ec);
    if (ec) throw_system_error(ec.value(), "create folder", p.string());
  }

  // Each file depends only on its index, so any split over threads writes the same bytes.
  parallel_for(plan.files.size(), thread_count(static_cast<int>(options.jobs)), [&](std::size_t i) {
    write_file_atomic((fs::path(dir) / plan.files[i].path).string(), synthetic_file(regime, plan, i), options.durable);
  });

  sum.manifest = (fs::path(dir) / "MANIFEST.tsv").string();
  write_file_atomic(sum.manifest, render_manifest(plan));
  for (const SynthFile& f : plan.files) {
    if (f.duplicate_of) {
      ++sum.duplicates;
      continue;
    }
    ++sum.levels[static_cast<std::size_t>(f.level)];
    if (f.damage != SynthDamage::none) ++sum.damaged;
  }
  return sum;
}

}  // namespace capdo
