// sdlab/security.h — the security policy model: attack surface, data in transit and at rest,
// authentication and authorisation, edge protection, segmentation, zero trust, secrets; STRIDE.
//
// What it models (from the blueprint's zones, links, components and policies.security/backup):
//   entry points     components a client links to, and non-client components in a `public` zone;
//                    the attack surface is their protocols, transport and authentication.
//   zones            a client is always on the internet. Zone kinds order exposure:
//                    public (internet) > dmz (edge) > private (application) > data. A component with
//                    no zone is "unzoned"; a boundary is crossed when both ends have zones and they
//                    differ, or when one end is a client.
//   in transit       per link: plaintext, TLS (tls1.2/tls1.3, or protocol https) or mTLS. DNS over
//                    UDP is plaintext by protocol and not flagged (DNSSEC/DoH are outside the model).
//   at rest          databases, search, object storage, DFS, queues and streams: encryption_at_rest;
//                    backups: policies.backup.encrypted. Caches are treated as volatile.
//   authentication   per entry: the methods on the links a request crosses from the client through
//                    pass-through components (cdn, load balancer, api gateway) to the first
//                    application component. Fit: sessions need a shared session store (a cache the
//                    service links to) or sticky routing (ip_hash) when the service has several
//                    replicas; bearer tokens (jwt, oauth2, oidc) need an expiry of at most 24 h.
//   authorisation    policies.security.authz: rbac / abac / dac / mac or none.
//   edge             rate limiting (per client, at the edge), WAF, IP filtering.
//   segmentation     stores must not sit in a public/dmz zone, nor share a zone with an entry point,
//                    nor be linked to straight from a public/dmz component; a database reachable
//                    from a client through pass-through components only is public.
//   zero trust       calls between application components (gateway, services, processors) carry
//                    authentication or mTLS (a load balancer only forwards the client's request).
//   secrets, passwords, CORS, PKI: secrets in a vault/KMS (not plaintext, not environment
//                    variables), a slow salted KDF for passwords (argon2id, scrypt, bcrypt, pbkdf2),
//                    no wildcard CORS, certificates rotated at least every 90 days.
// Findings name the score rule they feed (SEC001 ... SEC022, see score.h), with STRIDE categories
// and OWASP Top 10 (2021) references; every entry point gets a STRIDE threat-model table whose rows
// list the mitigations present and the gaps.
// Assumptions: the blueprint is the whole truth — a control that is not declared is absent.
// Units: seconds for token expiry and certificate rotation, requests/s for rate limits.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sdlab/blueprint.h"

namespace sdlab::security {

/// Microsoft's STRIDE threat categories.
enum class Stride { Spoofing, Tampering, Repudiation, InformationDisclosure, DenialOfService, ElevationOfPrivilege };
/// "spoofing", "tampering", "repudiation", "information_disclosure", "denial_of_service",
/// "elevation_of_privilege".
std::string_view StrideName(Stride s);
/// "S", "T", "R", "I", "D", "E".
std::string_view StrideLetter(Stride s);

/// A number that made a rule fire, with the formula or fact behind it.
struct Evidence {
  std::string key;              ///< snake_case: "peak_utilization"
  std::optional<double> value;  ///< the figure, when it is a number
  std::string text;             ///< "peak utilisation = 410/s ÷ (2 × 500/s) = 41%"
};

enum class Transport { Plaintext, Tls, Mtls };
std::string_view TransportName(Transport t);  ///< "plaintext", "tls", "mtls"
/// The transport a link gets: mTLS, TLS (tls1.2/1.3, or an https link without a tls field), else plaintext.
Transport LinkTransport(const Link& link);

/// One link as the security model sees it.
struct LinkExposure {
  std::string from, to;
  std::string from_zone, to_zone;  ///< zone ids; "internet" for a client; "" when unzoned
  std::string boundary;            ///< "internet → dmz:edge"; "" when no boundary is crossed
  bool from_internet = false;      ///< starts at a client or in a public zone
  bool crosses_boundary = false;
  Transport transport = Transport::Plaintext;
  std::string auth;                ///< AuthMethodName
  std::string pointer;
  SourceLocation location;
};

/// Encryption at rest of one store.
struct StoreAtRest {
  std::string component;
  std::string kind;
  bool encrypted = false;
};

/// One row of an entry point's threat model.
struct ThreatRow {
  Stride category = Stride::Spoofing;
  std::string threat;                    ///< what could happen here
  std::vector<std::string> mitigations;  ///< controls present
  std::vector<std::string> gaps;         ///< controls missing
  std::string status;                    ///< "mitigated" (no gaps), "partial", "open" (no mitigation)
};

/// A component the internet can reach.
struct EntryPoint {
  std::string component;
  std::string kind;
  std::string zone;                        ///< zone id, "" when unzoned
  std::vector<std::string> clients;        ///< clients linking to it
  std::vector<std::string> protocols;      ///< of the client links
  Transport transport = Transport::Plaintext;  ///< the weakest client link
  /// Authentication on the way in: "method (from → to)", e.g. "jwt (lb → shorten)"; "none (lb → redirect)".
  std::vector<std::string> authentication;
  bool authenticated = false;              ///< every way in carries some authentication
  std::vector<std::string> auth_fit;       ///< sentences about the methods' fit ("session auth across 4 replicas ...")
  std::vector<ThreatRow> threats;          ///< one row per STRIDE category, in S T R I D E order
  std::string pointer;
  SourceLocation location;
};

/// A finding of the model, named by the score rule it feeds.
struct SecurityFinding {
  std::string rule;     ///< "SEC001" ...
  std::string focus;    ///< component (or flow) the finding is about; "" for the whole design
  std::string message;
  std::string pointer;  ///< JSON pointer of the offending element ("" for the whole design)
  SourceLocation location;
  std::vector<Evidence> evidence;
};

struct SecurityAnalysis {
  std::vector<EntryPoint> entry_points;
  std::vector<LinkExposure> links;
  std::vector<StoreAtRest> stores;
  std::vector<std::string> public_stores;  ///< stores reachable from the internet
  std::vector<SecurityFinding> findings;   ///< in rule order, then declaration order
  std::vector<std::string> notes;          ///< assumptions applied
};

/// The whole model on one blueprint.
SecurityAnalysis AnalyzeSecurity(const Blueprint& bp);

/// STRIDE categories a rule addresses: every SEC rule, and OPS001 (no monitoring: repudiation);
/// empty for other ids.
std::vector<Stride> RuleStride(std::string_view rule);
/// OWASP Top 10 (2021) references of a rule (same rules as RuleStride), e.g.
/// "A02:2021 Cryptographic Failures".
std::vector<std::string> RuleOwasp(std::string_view rule);

nlohmann::json ToJson(const Evidence& e);
nlohmann::json ToJson(const SecurityAnalysis& a);

}  // namespace sdlab::security
