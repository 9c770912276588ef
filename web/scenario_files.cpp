// web/scenario_files.cpp — see scenario_files.h.
#include "scenario_files.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

namespace sdlab::web {

std::vector<Scenario> ReadScenarioFolder(const std::string& folder) {
  namespace fs = std::filesystem;
  std::vector<Scenario> out;
  std::error_code ec;
  fs::directory_iterator it(folder, ec);
  if (ec) return out;
  for (const fs::directory_entry& entry : it) {
    if (!entry.is_regular_file(ec) || entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    if (!in) continue;
    Scenario sc;
    sc.name = entry.path().stem().string();
    sc.text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    auto bp = LoadBlueprint(sc.text);
    sc.title = bp && !bp->name.empty() ? bp->name : sc.name;
    if (bp) sc.description = bp->description;
    out.push_back(std::move(sc));
  }
  std::sort(out.begin(), out.end(), [](const Scenario& a, const Scenario& b) { return a.name < b.name; });
  return out;
}

}  // namespace sdlab::web
