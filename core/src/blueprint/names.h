// Name tables of the blueprint's enums: the one place that maps JSON strings to enum values.
#pragma once

#include "blueprint/object_reader.h"
#include "sdlab/blueprint.h"

namespace sdlab::detail {

const NameTable<ComponentKind>& ComponentKinds();
const NameTable<LbLayer>& LbLayers();
const NameTable<LbStrategy>& LbStrategies();
const NameTable<DataModel>& DataModels();
const NameTable<ReplicationMode>& ReplicationModes();
const NameTable<ReplicationSync>& ReplicationSyncs();
const NameTable<ShardScheme>& ShardSchemes();
const NameTable<CacheStrategy>& CacheStrategies();
const NameTable<Delivery>& Deliveries();
const NameTable<Protocol>& Protocols();
const NameTable<TlsMode>& TlsModes();
const NameTable<AuthMethod>& AuthMethods();
const NameTable<FlowKind>& FlowKinds();
const NameTable<ZoneKind>& ZoneKinds();
const NameTable<BackupType>& BackupTypes();
const NameTable<DrTier>& DrTiers();
const NameTable<Consistency>& Consistencies();
const NameTable<DataAccess>& DataAccesses();
const std::vector<std::string>& QueryPatterns();

template <class E>
std::string_view NameOf(const NameTable<E>& table, E value) {
  for (const auto& [name, v] : table)
    if (v == value) return name;
  return "?";
}

}  // namespace sdlab::detail
