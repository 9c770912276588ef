// `sdlab model ...`: the registry of single-model calculators. Each model area adds one line here.
#include "commands.h"

namespace sdlab::cli {

void AddModelCommands(CLI::App& model, Context& ctx) {
  (void)model;
  (void)ctx;
  // Model subcommands register here, e.g. AddModelCacheCommand(model, ctx);
  AddModelQueueCommand(model, ctx);
  AddModelReplicationCommand(model, ctx);
  AddModelAvailabilityCommand(model, ctx);
  AddModelBalanceCommand(model, ctx);
  AddModelCacheCommand(model, ctx);
  AddModelShardCommand(model, ctx);
  AddModelNetworkCommand(model, ctx);
  AddModelRealtimeCommand(model, ctx);
  AddModelSerializationCommand(model, ctx);
  AddModelStorageCommand(model, ctx);
  AddModelCostCommand(model, ctx);
  AddModelConcurrencyCommand(model, ctx);
  AddModelUslCommand(model, ctx);
  AddModelDbOptCommand(model, ctx);
  AddModelSloCommand(model, ctx);
}

}  // namespace sdlab::cli
