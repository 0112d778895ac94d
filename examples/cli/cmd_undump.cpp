// edgechaos undump LOG --out-dir DIR: the arrays a firmware dumped (one JSON line per array,
// over semihosting or a serial line) back into NumPy .npy files, so that a model trained on
// the device can be inspected in Python (issue 11, "and back").
#include <sys/stat.h>

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "args.hpp"
#include "command.hpp"
#include "files.hpp"
#include "json.hpp"

namespace edgechaos::cli {
namespace {

const char* const kHelp =
    "usage: edgechaos undump LOG --out-dir DIR\n"
    "\n"
    "Reads a firmware's log and writes every dumped array as DIR/<array>.npy (format 1.0).\n"
    "A dump line (anywhere in a line; other lines are ignored) is\n"
    "  {\"array\":\"W_out\",\"dtype\":\"<f4\",\"shape\":[K,F],\"hex\":\"<little-endian bytes, lowercase hex>\"}\n"
    "with a name of letters, digits and '_', a dtype among <f4 <f8 <i4 <i8 <u4 <u8 <u1, up to 4\n"
    "dimensions, and exactly product(shape) x itemsize bytes. An array dumped twice keeps its\n"
    "last dump. Every line is checked before any file is written; each file is written to a\n"
    "temporary name and renamed.\n"
    "Prints one JSON object: {\"arrays\":[names...],\"out_dir\":DIR}.\n"
    "exit codes: 0 written, 2 bad arguments or a malformed dump line (one line on stderr).\n";

struct Dumped {
  std::string name, dtype;
  std::vector<std::uint64_t> shape;
  std::vector<unsigned char> bytes;
};

// A cursor over one line; every parse step says what it expected.
struct Cursor {
  const std::string& s;
  std::size_t at;
  void skip_space() {
    while (at < s.size() && (s[at] == ' ' || s[at] == '\t')) ++at;
  }
  bool eat(char c) {
    skip_space();
    if (at < s.size() && s[at] == c) {
      ++at;
      return true;
    }
    return false;
  }
  bool string(std::string& out) {
    if (!eat('"')) return false;
    out.clear();
    while (at < s.size() && s[at] != '"') {
      if (s[at] == '\\') return false;  // the dump format has no escapes
      out += s[at++];
    }
    return eat('"');
  }
  bool unsigned_integer(std::uint64_t& out) {
    skip_space();
    const std::size_t begin = at;
    out = 0;
    while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
      const std::uint64_t digit = static_cast<std::uint64_t>(s[at] - '0');
      if (out > (UINT64_MAX - digit) / 10) return false;
      out = out * 10 + digit;
      ++at;
    }
    return at > begin;
  }
};

unsigned item_bytes(const std::string& dtype) {
  if (dtype == "<f4" || dtype == "<i4" || dtype == "<u4") return 4;
  if (dtype == "<f8" || dtype == "<i8" || dtype == "<u8") return 8;
  if (dtype == "<u1") return 1;
  return 0;
}

bool good_name(const std::string& n) {
  if (n.empty() || n.size() > 64) return false;
  for (char c : n)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Parses the dump object that starts at `begin`; an empty return is success.
std::string parse_dump(const std::string& line, std::size_t begin, Dumped& out) {
  Cursor c{line, begin};
  if (!c.eat('{')) return "expected '{'";
  bool have_array = false, have_dtype = false, have_shape = false, have_hex = false;
  std::string hex;
  for (bool first = true;; first = false) {
    if (!first && c.eat('}')) break;
    if (!first && !c.eat(',')) return "expected ',' or '}'";
    std::string key;
    if (!c.string(key) || !c.eat(':')) return "expected a \"key\":";
    if (key == "array" && !have_array) {
      if (!c.string(out.name) || !good_name(out.name)) return "bad array name (letters, digits, '_')";
      have_array = true;
    } else if (key == "dtype" && !have_dtype) {
      if (!c.string(out.dtype) || item_bytes(out.dtype) == 0) return "bad dtype (<f4 <f8 <i4 <i8 <u4 <u8 <u1)";
      have_dtype = true;
    } else if (key == "shape" && !have_shape) {
      if (!c.eat('[')) return "shape: expected '['";
      if (!c.eat(']')) {
        do {
          std::uint64_t d = 0;
          if (!c.unsigned_integer(d) || d > (std::uint64_t{1} << 32)) return "shape: expected a dimension";
          out.shape.push_back(d);
        } while (c.eat(','));
        if (!c.eat(']')) return "shape: expected ']'";
      }
      if (out.shape.size() > 4) return "shape: more than 4 dimensions";
      have_shape = true;
    } else if (key == "hex" && !have_hex) {
      if (!c.string(hex)) return "hex: expected a string";
      have_hex = true;
    } else {
      return "unexpected or repeated key '" + key + "'";
    }
  }
  if (!have_array || !have_dtype || !have_shape || !have_hex) return "needs array, dtype, shape and hex";
  std::uint64_t count = 1;
  for (std::uint64_t d : out.shape) {
    if (d != 0 && count > (std::uint64_t{1} << 40) / d) return "shape too large";
    count *= d;
  }
  const std::uint64_t bytes = count * item_bytes(out.dtype);
  if (hex.size() != 2 * bytes)
    return "hex has " + std::to_string(hex.size()) + " digits, shape and dtype need " + std::to_string(2 * bytes);
  out.bytes.resize(static_cast<std::size_t>(bytes));
  for (std::size_t i = 0; i < out.bytes.size(); ++i) {
    const int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return "hex: not lowercase hexadecimal";
    out.bytes[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return {};
}

// A .npy file, format 1.0: magic, version, header length, the header dict padded with
// spaces to a multiple of 64 bytes (ending in '\n'), then the data.
std::vector<unsigned char> npy_file(const Dumped& d) {
  std::string shape = "(";
  for (std::size_t i = 0; i < d.shape.size(); ++i) {  // (), (5,), (3, 4)
    shape += std::to_string(d.shape[i]) + (d.shape.size() == 1 ? "," : i + 1 < d.shape.size() ? ", " : "");
  }
  shape += ")";
  std::string header = "{'descr': '" + d.dtype + "', 'fortran_order': False, 'shape': " + shape + ", }";
  const std::size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::vector<unsigned char> out{0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  out.push_back(static_cast<unsigned char>(header.size() & 0xffu));
  out.push_back(static_cast<unsigned char>(header.size() >> 8));
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), d.bytes.begin(), d.bytes.end());
  return out;
}

int run(const std::vector<std::string>& tokens) {
  Args args(tokens);
  const std::string out_dir = args.text("out-dir", "");
  std::vector<std::string> positional = args.take_positionals();
  if (positional.size() != 1) throw UsageError{"one LOG file expected"};
  if (out_dir.empty()) throw UsageError{"--out-dir DIR is required"};
  args.finish();
  struct stat st {};
  if (stat(out_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return input_error("undump", out_dir + ": not a directory");

  std::vector<unsigned char> log;
  std::string why;
  if (!read_whole_file(positional[0], log, why)) return input_error("undump", why);
  std::map<std::string, Dumped> arrays;
  std::size_t line_no = 0, begin = 0;
  const std::string text(log.begin(), log.end());
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(begin, end - begin);
    ++line_no;
    begin = end + 1;
    const std::size_t at = line.find("{\"array\"");
    if (at == std::string::npos) continue;
    Dumped d;
    const std::string problem = parse_dump(line, at, d);
    if (!problem.empty())
      return input_error("undump", positional[0] + ":" + std::to_string(line_no) + ": malformed_file: " + problem);
    arrays[d.name] = std::move(d);
  }
  if (arrays.empty()) return input_error("undump", positional[0] + ": no dump lines ({\"array\":...})");
  std::string names = "[";
  for (const auto& [name, d] : arrays) {
    if (!write_file_atomically(out_dir + "/" + name + ".npy", npy_file(d), why)) return input_error("undump", why);
    names += (names.size() > 1 ? "," : "") + ("\"" + name + "\"");
  }
  names += "]";
  JsonObject j;
  j.raw("arrays", names).string("out_dir", out_dir);
  std::printf("%s\n", j.str().c_str());
  return 0;
}

const Registrar kRegistrar{Command{"undump",
                                   "firmware dump lines -> .npy files (a device-trained model back in Python)",
                                   kHelp, run}};

}  // namespace
}  // namespace edgechaos::cli
