// web/lab_security.cpp — the security lab: the loaded design's security policies toggled on a copy
// (TLS on links, encryption at rest, WAF, rate limit, authorisation, secrets, password hashing,
// zero trust, monitoring) and the security findings and the security area score of that copy next
// to the design as loaded. See labs.h. Every figure comes from score::ScoreBlueprint.
#include <algorithm>
#include <string>
#include <string_view>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "app.h"
#include "lab_widgets.h"
#include "labs.h"
#include "sdlab/score.h"
#include "sdlab/units.h"

namespace sdlab::web {
namespace {

constexpr double kMinRate = 1;      ///< rate limit slider, requests per client per second
constexpr double kMaxRate = 10000;

bool IsStore(ComponentKind k) {
  return k == ComponentKind::Database || k == ComponentKind::Search || k == ComponentKind::Queue ||
         k == ComponentKind::Stream || k == ComponentKind::ObjectStorage || k == ComponentKind::Dfs;
}

const score::AreaScore* SecurityArea(const score::ScoreReport& r) {
  for (const score::AreaScore& a : r.areas)
    if (a.area == score::Area::Security) return &a;
  return nullptr;
}

std::vector<SecurityLab::Finding> SecurityFindings(const score::ScoreReport& r) {
  std::vector<SecurityLab::Finding> out;
  for (const score::Finding& f : r.findings) {
    if (f.suppressed || f.area != score::Area::Security) continue;
    out.push_back({f.rule, std::string(score::SeverityName(f.severity)), f.focus, f.message});
  }
  return out;
}

/// The toggles as the loaded design has them.
void ReadPolicies(SecurityLab& lab, const Blueprint& bp) {
  const SecurityPolicy& p = bp.security;
  lab.links = "as_designed";
  lab.at_rest = "as_designed";
  lab.waf = p.waf;
  lab.rate_limit = p.rate_limit_per_s.has_value();
  lab.rate_limit_per_s = p.rate_limit_per_s.value_or(20.0);
  lab.authz = p.authz;
  lab.secrets = p.secrets;
  lab.password_hashing = p.password_hashing;
  lab.zero_trust = p.zero_trust;
  lab.monitoring = p.monitoring;
}

}  // namespace

Blueprint ApplySecurityToggles(const SecurityLab& lab, Blueprint bp) {
  SecurityPolicy& p = bp.security;
  p.waf = lab.waf;
  p.rate_limit_per_s = lab.rate_limit ? std::optional<double>(lab.rate_limit_per_s) : std::nullopt;
  p.authz = lab.authz;
  p.secrets = lab.secrets;
  p.password_hashing = lab.password_hashing;
  p.zero_trust = lab.zero_trust;
  p.monitoring = lab.monitoring;
  for (Link& l : bp.links) {
    if (lab.links == "tls1.3") l.tls = TlsMode::Tls13;
    if (lab.links == "mtls") l.tls = TlsMode::Mtls;
    if (lab.links == "plaintext") l.tls = TlsMode::None;
  }
  for (Component& c : bp.components) {
    if (!IsStore(c.kind)) continue;
    if (lab.at_rest == "encrypted") c.encryption_at_rest = true;
    if (lab.at_rest == "plaintext") c.encryption_at_rest = false;
  }
  return bp;
}

void ComputeSecurityLab(SecurityLab& lab, const std::optional<Blueprint>& design, int generation) {
  lab::Stopwatch sw;
  lab.error.clear();
  if (!design) {
    lab.error = "Load a blueprint (a scenario, the editor or the canvas): the lab toggles its policies on a copy.";
    lab.score.reset();
    lab.baseline.reset();
    lab.findings.clear();
    lab.baseline_findings.clear();
    lab.source_generation = generation;
    return;
  }
  if (lab.source_generation != generation) {  // a new design: start from its own policies
    ReadPolicies(lab, *design);
    lab.source_generation = generation;
    const score::ScoreReport base = score::ScoreBlueprint(*design);
    const score::AreaScore* a = SecurityArea(base);
    lab.baseline = SecurityLab::Scores{a ? a->score : 100, base.overall, a ? a->formula : std::string()};
    lab.baseline_findings = SecurityFindings(base);
    lab.design_name = design->name;
  }
  const score::ScoreReport r = score::ScoreBlueprint(ApplySecurityToggles(lab, *design));
  const score::AreaScore* a = SecurityArea(r);
  lab.score = SecurityLab::Scores{a ? a->score : 100, r.overall, a ? a->formula : std::string()};
  lab.findings = SecurityFindings(r);
  lab.compute_ms = sw.ElapsedMs();
  ++lab.updates;
  lab.dirty = false;
}

void DrawSecurityLab(PlaygroundState& s) {
  SecurityLab& lab = s.labs.security;
  if (lab.dirty || lab.source_generation != s.blueprint_generation) ComputeSecurityLab(lab, s.last_valid, s.blueprint_generation);
  if (!lab.error.empty()) {
    ImGui::TextColored(lab::kColorWarn, "%s", lab.error.c_str());
    return;
  }
  bool changed = false;
  static constexpr std::string_view kLinkNames[] = {"as_designed", "tls1.3", "mtls", "plaintext"};
  static constexpr std::string_view kLinkLabels[] = {"as designed", "all TLS 1.3", "all mTLS", "all plaintext"};
  changed |= lab::ChoiceRow(s, "Links", "security:links", &lab.links, kLinkNames, kLinkLabels, 4,
                            "Encryption in transit on every link. Plaintext inside the network is readable by anyone "
                            "who gets a foothold (STRIDE: information disclosure, tampering).");
  static constexpr std::string_view kRestNames[] = {"as_designed", "encrypted", "plaintext"};
  static constexpr std::string_view kRestLabels[] = {"as designed", "every store encrypted", "none encrypted"};
  changed |= lab::ChoiceRow(s, "At rest", "security:at_rest", &lab.at_rest, kRestNames, kRestLabels, 3,
                            "Encryption at rest of databases, queues, streams, object storage and DFS: a stolen disk "
                            "or snapshot reveals nothing.");
  static constexpr std::string_view kAuthzNames[] = {"", "rbac", "abac", "dac", "mac"};
  static constexpr std::string_view kAuthzLabels[] = {"none", "RBAC", "ABAC", "DAC", "MAC"};
  changed |= lab::ChoiceRow(s, "Authorisation", "security:authz", &lab.authz, kAuthzNames, kAuthzLabels, 5,
                            "Who may do what: roles (RBAC), attributes (ABAC), owners (DAC), labels (MAC). None: "
                            "any authenticated caller can do anything (OWASP A01 broken access control).");
  static constexpr std::string_view kSecretNames[] = {"", "vault", "kms", "env", "plaintext"};
  static constexpr std::string_view kSecretLabels[] = {"unstated", "vault", "KMS", "env vars", "plaintext"};
  changed |= lab::ChoiceRow(s, "Secrets", "security:secrets", &lab.secrets, kSecretNames, kSecretLabels, 5,
                            "Where credentials live: a vault or KMS rotates and audits them; plaintext in config "
                            "leaks with the repository.");
  static constexpr std::string_view kHashNames[] = {"", "argon2id", "bcrypt", "sha256", "plaintext"};
  static constexpr std::string_view kHashLabels[] = {"unstated", "argon2id", "bcrypt", "sha256", "plaintext"};
  changed |= lab::ChoiceRow(s, "Passwords", "security:password_hashing", &lab.password_hashing, kHashNames, kHashLabels, 5,
                            "Password storage: a slow salted hash (argon2id, bcrypt) resists offline cracking; a fast "
                            "hash (sha256) or plaintext does not.");
  if (ImGui::Checkbox("WAF", &lab.waf)) changed = true;
  RecordItem(s, "security:waf");
  lab::Teach("A web application firewall filters injection and other OWASP Top 10 attacks at the edge.");
  ImGui::SameLine();
  if (ImGui::Checkbox("Zero trust", &lab.zero_trust)) changed = true;
  RecordItem(s, "security:zero_trust");
  lab::Teach("Every service authenticates every call, inside the network too: no trusted perimeter.");
  ImGui::SameLine();
  if (ImGui::Checkbox("Monitoring", &lab.monitoring)) changed = true;
  RecordItem(s, "security:monitoring");
  lab::Teach("Security logging and alerting (OWASP A09): an attack is noticed.");
  ImGui::SameLine();
  if (ImGui::Checkbox("Rate limit", &lab.rate_limit)) changed = true;
  RecordItem(s, "security:rate_limit");
  lab::Teach("Requests per client per second at the edge: brute force and scraping slow down (STRIDE: denial of service).");
  if (lab.rate_limit) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    if (ImGui::SliderScalar("##rate_limit_per_s", ImGuiDataType_Double, &lab.rate_limit_per_s, &kMinRate, &kMaxRate, "%.0f /s",
                            ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp))
      changed = true;
    RecordItem(s, "security:rate_limit_per_s");
  }
  if (changed) ComputeSecurityLab(lab, s.last_valid, s.blueprint_generation);

  ImGui::Separator();
  if (lab.score && lab.baseline) {
    const int delta = lab.score->security - lab.baseline->security;
    const ImVec4 col = lab.score->security >= 90 ? lab::kColorOk : lab.score->security >= 60 ? lab::kColorWarn : lab::kColorError;
    ImGui::Text("Security score of \"%s\" with these policies:", lab.design_name.c_str());
    ImGui::SameLine();
    ImGui::TextColored(col, "%d / 100", lab.score->security);
    RecordItem(s, "security:score");
    lab::Teach(lab.score->formula.c_str());
    ImGui::SameLine();
    ImGui::TextColored(lab::kColorDim, "(as loaded %d, %s%d; overall %d → %d)", lab.baseline->security, delta >= 0 ? "+" : "",
                       delta, lab.baseline->overall, lab.score->overall);
    ImGui::TextColored(lab::kColorDim, "%s", lab.score->formula.c_str());
  }
  ImGui::Text("%zu security finding%s (as loaded: %zu)", lab.findings.size(), lab.findings.size() == 1 ? "" : "s",
              lab.baseline_findings.size());
  if (s.open_url) {
    ImGui::SameLine();
    if (ImGui::SmallButton("Rule catalogue")) s.open_url("docs.html#rules");
    RecordItem(s, "security:catalogue");
    lab::Teach("The docs list every rule; `sdlab explain RULE_ID` prints one with why it matters and how to fix it.");
  }
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_ScrollY |
                                     ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("##security_findings", 4, kFlags, ImVec2(0, 0))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Rule", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("SEC000").x + 8);
    ImGui::TableSetupColumn("Severity", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("warning").x + 8);
    ImGui::TableSetupColumn("About", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("load_balancer").x);
    ImGui::TableSetupColumn("Message (hover: why and fix)", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (const SecurityLab::Finding& f : lab.findings) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(f.rule.c_str());
      ImGui::TableNextColumn();
      ImGui::TextColored(f.severity == "error" ? lab::kColorError : f.severity == "warning" ? lab::kColorWarn : lab::kColorDim, "%s",
                         f.severity.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(f.focus.empty() ? "(design)" : f.focus.c_str());
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", f.message.c_str());
      if (ImGui::IsItemHovered()) {
        if (const score::Rule* rule = score::FindRule(f.rule)) {
          const std::string tip = std::string(rule->title) + "\n\nWhy: " + std::string(rule->why) + "\n\nFix: " +
                                  std::string(rule->fix) + "\n\nsdlab explain " + f.rule;
          lab::Tooltip(tip.c_str());
        }
      }
    }
    ImGui::EndTable();
  }
}

nlohmann::json SecurityLabJson(const SecurityLab& lab) {
  nlohmann::json findings = nlohmann::json::array();
  for (const SecurityLab::Finding& f : lab.findings) findings.push_back({{"rule", f.rule}, {"severity", f.severity}, {"focus", f.focus}});
  nlohmann::json baseline = nlohmann::json::array();
  for (const SecurityLab::Finding& f : lab.baseline_findings) baseline.push_back(f.rule);
  auto scores = [](const std::optional<SecurityLab::Scores>& sc) -> nlohmann::json {
    if (!sc) return nullptr;
    return {{"security", sc->security}, {"overall", sc->overall}, {"formula", sc->formula}};
  };
  return {{"inputs",
           {{"links", lab.links}, {"at_rest", lab.at_rest}, {"waf", lab.waf}, {"rate_limit", lab.rate_limit},
            {"rate_limit_per_s", lab.rate_limit_per_s}, {"authz", lab.authz}, {"secrets", lab.secrets},
            {"password_hashing", lab.password_hashing}, {"zero_trust", lab.zero_trust}, {"monitoring", lab.monitoring}}},
          {"design", lab.design_name},
          {"error", lab.error},
          {"updates", lab.updates},
          {"score", scores(lab.score)},
          {"baseline", scores(lab.baseline)},
          {"findings", std::move(findings)},
          {"baseline_findings", std::move(baseline)}};
}

}  // namespace sdlab::web
