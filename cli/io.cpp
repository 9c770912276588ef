// File reading and output helpers shared by every command.
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.h"

namespace sdlab::cli {

bool ReadTextFile(const std::string& path, std::size_t max_bytes, std::string& text, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot open the file";
    return false;
  }
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) {
    error = path + ": cannot read the file";
    return false;
  }
  if (static_cast<unsigned long long>(size) > max_bytes) {
    error = path + ": the file is " + std::to_string(size) + " bytes; the limit is " + std::to_string(max_bytes) +
            " bytes";
    return false;
  }
  in.seekg(0, std::ios::beg);
  text.assign(static_cast<std::size_t>(size), '\0');
  if (size > 0 && !in.read(text.data(), size)) {
    error = path + ": cannot read the file";
    return false;
  }
  return true;
}

void PrintJson(std::ostream& out, const nlohmann::json& j) {
  // Invalid UTF-8 in user text is replaced, never thrown.
  out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

CLI::Option* AddFormatOption(CLI::App& cmd, std::string& format, std::initializer_list<std::string> choices) {
  std::vector<std::string> list(choices);
  format = list.front();
  std::string names;
  for (const auto& c : list) names += (names.empty() ? "" : "|") + c;
  return cmd.add_option("--format", format, "Output format: " + names)
      ->check(CLI::IsMember(list))
      ->default_str(list.front());
}

}  // namespace sdlab::cli
