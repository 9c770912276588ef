// `sdlab model serialization`: JSON vs Protocol Buffers vs Avro vs MessagePack for a described
// payload — bytes per message (names/tags, values, structure), encode/decode time, and the bandwidth
// and CPU cores at a message rate.
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>

#include "commands.h"
#include "model_text.h"
#include "sdlab/serialization.h"

namespace sdlab::cli {

namespace {

struct SerializationArgs {
  std::string format;
  int ints = 4, doubles = 2, bools = 2, strings = 4, double_chars = 10, string_length = 20, key_length = 10,
      records = 1, avro_framing = 5;
  std::string int_value = "1000", rate = "1000/s";
  std::vector<std::string> costs;
};

}  // namespace

void AddModelSerializationCommand(CLI::App& model, Context& ctx) {
  auto a = std::make_shared<SerializationArgs>();
  CLI::App* cmd = model.add_subcommand(
      "serialization", "JSON vs Protobuf vs Avro vs MessagePack: bytes, encode/decode time, bandwidth and cores at a rate");
  AddFormatOption(*cmd, a->format, {"text", "json"});
  cmd->add_option("--ints", a->ints, "Integer fields per record (default 4)")->check(CLI::Range(0, 10000));
  cmd->add_option("--int-value", a->int_value, "Typical integer value (default 1000)");
  cmd->add_option("--doubles", a->doubles, "Floating-point fields per record (default 2)")->check(CLI::Range(0, 10000));
  cmd->add_option("--double-chars", a->double_chars, "JSON characters of a printed double (default 10)")
      ->check(CLI::Range(1, 32));
  cmd->add_option("--bools", a->bools, "Boolean fields per record (default 2)")->check(CLI::Range(0, 10000));
  cmd->add_option("--strings", a->strings, "String fields per record (default 4)")->check(CLI::Range(0, 10000));
  cmd->add_option("--string-length", a->string_length, "Typical string length in bytes (default 20)")
      ->check(CLI::Range(0, 100000000));
  cmd->add_option("--key-length", a->key_length, "Typical field-name length (default 10)")->check(CLI::Range(1, 1000));
  cmd->add_option("--records", a->records, "Records per message (default 1)")->check(CLI::Range(1, 1000000));
  cmd->add_option("--avro-framing", a->avro_framing, "Bytes before each Avro message (default 5, schema id)")
      ->check(CLI::Range(0, 64));
  cmd->add_option("--rate", a->rate, "Messages per second (default 1000/s)");
  cmd->add_option("--cost", a->costs,
                  "Override a codec cost: FORMAT=enc_field,enc_byte,dec_field,dec_byte in ns, e.g. json=20,1,40,3")
      ->take_all();
  cmd->callback([a, &ctx] {
    const FlagReader r{ctx, "serialization"};
    serialization::PayloadDef d;
    auto iv = r.Count("--int-value", a->int_value);
    auto rate = r.Rate("--rate", a->rate);
    if (!iv || !rate) return;
    d.ints = a->ints;
    d.int_value = *iv;
    d.doubles = a->doubles;
    d.double_chars = a->double_chars;
    d.bools = a->bools;
    d.strings = a->strings;
    d.string_length = a->string_length;
    d.key_length = a->key_length;
    d.records = a->records;
    d.avro_framing = a->avro_framing;
    d.messages_per_s = *rate;
    for (const std::string& c : a->costs) {
      const auto eq = c.find('=');
      auto f = serialization::ParseFormat(c.substr(0, eq));
      if (eq == std::string::npos || !f)
        return r.Fail("--cost: expected FORMAT=enc_field,enc_byte,dec_field,dec_byte (json, protobuf, avro, msgpack)");
      std::stringstream ss(c.substr(eq + 1));
      std::string item;
      double v[4] = {0, 0, 0, 0};
      int k = 0;
      while (std::getline(ss, item, ',')) {
        if (k >= 4) return r.Fail("--cost: four numbers expected");
        auto x = r.Count("--cost", item);
        if (!x) return;
        v[k++] = *x;
      }
      if (k != 4) return r.Fail("--cost: four numbers expected");
      d.cost[static_cast<int>(*f)] = serialization::CodecCost{v[0], v[1], v[2], v[3]};
    }
    auto res = serialization::Compare(d);
    if (!res) {
      std::string f = res.error().field;
      for (char& ch : f)
        if (ch == '_') ch = '-';
      if (f == "messages-per-s") f = "rate";
      return r.Fail("--" + f + ": " + res.error().message);
    }
    nlohmann::json j = serialization::ToJson(*res);
    if (a->format == "json") return PrintJson(ctx.out, j);
    PrintModelText(ctx.out, "serialization formats for one message", j);
  });
}

}  // namespace sdlab::cli
