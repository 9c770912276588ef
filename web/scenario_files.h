// web/scenario_files.h — the bundled scenarios, read from a folder of the page's file system.
//
// The page embeds the repository's scenarios/*.json at /scenarios (see web/CMakeLists.txt). This is
// the only file reading of the playground; the core never touches files.
#pragma once

#include <string>
#include <vector>

#include "app.h"

namespace sdlab::web {

/// Every *.json file directly in `folder`, sorted by name; a missing or empty folder gives none.
/// A scenario's title is its blueprint's "name" when the file loads, else the file stem.
std::vector<Scenario> ReadScenarioFolder(const std::string& folder);

}  // namespace sdlab::web
