#include "blueprint/names.h"

namespace sdlab::detail {

// Function-local statics of const tables: initialised once, never mutated (no global state).
const NameTable<ComponentKind>& ComponentKinds() {
  static const NameTable<ComponentKind> t{
      {"client", ComponentKind::Client}, {"dns", ComponentKind::Dns}, {"cdn", ComponentKind::Cdn},
      {"load_balancer", ComponentKind::LoadBalancer}, {"api_gateway", ComponentKind::ApiGateway},
      {"service", ComponentKind::Service}, {"cache", ComponentKind::Cache}, {"database", ComponentKind::Database},
      {"queue", ComponentKind::Queue}, {"stream", ComponentKind::Stream},
      {"object_storage", ComponentKind::ObjectStorage}, {"dfs", ComponentKind::Dfs}, {"search", ComponentKind::Search},
      {"batch_processor", ComponentKind::BatchProcessor}, {"stream_processor", ComponentKind::StreamProcessor}};
  return t;
}
const NameTable<LbLayer>& LbLayers() {
  static const NameTable<LbLayer> t{{"L4", LbLayer::L4}, {"L7", LbLayer::L7}};
  return t;
}
const NameTable<LbStrategy>& LbStrategies() {
  static const NameTable<LbStrategy> t{{"round_robin", LbStrategy::RoundRobin},
                                       {"weighted_round_robin", LbStrategy::WeightedRoundRobin},
                                       {"least_connections", LbStrategy::LeastConnections},
                                       {"ip_hash", LbStrategy::IpHash},
                                       {"least_response_time", LbStrategy::LeastResponseTime},
                                       {"power_of_two_choices", LbStrategy::PowerOfTwoChoices},
                                       {"random", LbStrategy::Random}};
  return t;
}
const NameTable<DataModel>& DataModels() {
  static const NameTable<DataModel> t{{"relational", DataModel::Relational}, {"document", DataModel::Document},
                                      {"key_value", DataModel::KeyValue},    {"columnar", DataModel::Columnar},
                                      {"graph", DataModel::Graph},           {"wide_column", DataModel::WideColumn},
                                      {"time_series", DataModel::TimeSeries}};
  return t;
}
const NameTable<ReplicationMode>& ReplicationModes() {
  static const NameTable<ReplicationMode> t{{"none", ReplicationMode::None},
                                            {"leader_follower", ReplicationMode::LeaderFollower},
                                            {"multi_leader", ReplicationMode::MultiLeader},
                                            {"leaderless", ReplicationMode::Leaderless}};
  return t;
}
const NameTable<ReplicationSync>& ReplicationSyncs() {
  static const NameTable<ReplicationSync> t{
      {"sync", ReplicationSync::Sync}, {"semi_sync", ReplicationSync::SemiSync}, {"async", ReplicationSync::Async}};
  return t;
}
const NameTable<ShardScheme>& ShardSchemes() {
  static const NameTable<ShardScheme> t{
      {"none", ShardScheme::None},           {"hash", ShardScheme::Hash},
      {"range", ShardScheme::Range},         {"consistent_hash", ShardScheme::ConsistentHash},
      {"jump", ShardScheme::Jump},           {"rendezvous", ShardScheme::Rendezvous},
      {"maglev", ShardScheme::Maglev},       {"bounded_load", ShardScheme::BoundedLoad},
      {"geo", ShardScheme::Geo},             {"directory", ShardScheme::Directory}};
  return t;
}
const NameTable<CacheStrategy>& CacheStrategies() {
  static const NameTable<CacheStrategy> t{{"cache_aside", CacheStrategy::CacheAside},
                                          {"read_through", CacheStrategy::ReadThrough},
                                          {"write_through", CacheStrategy::WriteThrough},
                                          {"write_back", CacheStrategy::WriteBack},
                                          {"write_around", CacheStrategy::WriteAround}};
  return t;
}
const NameTable<DataAccess>& DataAccesses() {
  static const NameTable<DataAccess> t{{"hot", DataAccess::Hot}, {"warm", DataAccess::Warm}, {"cold", DataAccess::Cold}};
  return t;
}
const NameTable<Delivery>& Deliveries() {
  static const NameTable<Delivery> t{{"at_most_once", Delivery::AtMostOnce},
                                     {"at_least_once", Delivery::AtLeastOnce},
                                     {"exactly_once", Delivery::ExactlyOnce}};
  return t;
}
const NameTable<Protocol>& Protocols() {
  static const NameTable<Protocol> t{{"tcp", Protocol::Tcp},   {"udp", Protocol::Udp},
                                     {"http", Protocol::Http}, {"https", Protocol::Https},
                                     {"grpc", Protocol::Grpc}, {"websocket", Protocol::WebSocket},
                                     {"graphql", Protocol::GraphQl}, {"amqp", Protocol::Amqp},
                                     {"kafka", Protocol::Kafka}, {"sql", Protocol::Sql}};
  return t;
}
const NameTable<TlsMode>& TlsModes() {
  static const NameTable<TlsMode> t{
      {"none", TlsMode::None}, {"tls1.2", TlsMode::Tls12}, {"tls1.3", TlsMode::Tls13}, {"mtls", TlsMode::Mtls}};
  return t;
}
const NameTable<AuthMethod>& AuthMethods() {
  static const NameTable<AuthMethod> t{{"none", AuthMethod::None},    {"basic", AuthMethod::Basic},
                                       {"api_key", AuthMethod::ApiKey}, {"session", AuthMethod::Session},
                                       {"jwt", AuthMethod::Jwt},      {"oauth2", AuthMethod::OAuth2},
                                       {"oidc", AuthMethod::Oidc},    {"mtls", AuthMethod::Mtls}};
  return t;
}
const NameTable<FlowKind>& FlowKinds() {
  static const NameTable<FlowKind> t{{"read", FlowKind::Read}, {"write", FlowKind::Write}};
  return t;
}
const NameTable<ZoneKind>& ZoneKinds() {
  static const NameTable<ZoneKind> t{
      {"public", ZoneKind::Public}, {"dmz", ZoneKind::Dmz}, {"private", ZoneKind::Private}, {"data", ZoneKind::Data}};
  return t;
}
const NameTable<BackupType>& BackupTypes() {
  static const NameTable<BackupType> t{{"none", BackupType::None},
                                       {"full", BackupType::Full},
                                       {"incremental", BackupType::Incremental},
                                       {"differential", BackupType::Differential}};
  return t;
}
const NameTable<DrTier>& DrTiers() {
  static const NameTable<DrTier> t{
      {"none", DrTier::None}, {"cold", DrTier::Cold}, {"warm", DrTier::Warm}, {"hot", DrTier::Hot}};
  return t;
}

const NameTable<Consistency>& Consistencies() {
  static const NameTable<Consistency> t{{"eventual", Consistency::Eventual},
                                        {"read_your_writes", Consistency::ReadYourWrites},
                                        {"strong", Consistency::Strong}};
  return t;
}
const std::vector<std::string>& QueryPatterns() {
  static const std::vector<std::string> t{"n_plus_one", "unbounded_scan", "batched", "paginated"};
  return t;
}

}  // namespace sdlab::detail

namespace sdlab {
std::string_view ConsistencyName(Consistency c) {
  return c == Consistency::Unstated ? std::string_view("") : detail::NameOf(detail::Consistencies(), c);
}
std::string_view ComponentKindName(ComponentKind k) { return detail::NameOf(detail::ComponentKinds(), k); }
std::string_view LbStrategyName(LbStrategy s) { return detail::NameOf(detail::LbStrategies(), s); }
std::string_view DataModelName(DataModel m) { return detail::NameOf(detail::DataModels(), m); }
std::string_view ShardSchemeName(ShardScheme s) { return detail::NameOf(detail::ShardSchemes(), s); }
std::string_view CacheStrategyName(CacheStrategy s) { return detail::NameOf(detail::CacheStrategies(), s); }
std::string_view DataAccessName(DataAccess a) {
  return a == DataAccess::Unstated ? std::string_view() : detail::NameOf(detail::DataAccesses(), a);
}
std::string_view DeliveryName(Delivery d) { return detail::NameOf(detail::Deliveries(), d); }
std::string_view ProtocolName(Protocol p) { return detail::NameOf(detail::Protocols(), p); }
std::string_view TlsModeName(TlsMode t) { return detail::NameOf(detail::TlsModes(), t); }
std::string_view AuthMethodName(AuthMethod a) { return detail::NameOf(detail::AuthMethods(), a); }
std::string_view ZoneKindName(ZoneKind z) { return detail::NameOf(detail::ZoneKinds(), z); }
}  // namespace sdlab
