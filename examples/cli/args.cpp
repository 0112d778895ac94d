#include "args.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "command.hpp"

namespace edgechaos::cli {

namespace {

double parse_double(const std::string& s, const char* what) {
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v)) {
    throw UsageError{std::string(what) + ": '" + s + "' is not a finite number"};
  }
  // strtod reports ERANGE for overflow (v = +-HUGE_VAL, caught above) and for underflow;
  // a subnormal result is a number like any other, only a non-zero text read as 0 is lost.
  if (errno == ERANGE && v == 0.0) {
    throw UsageError{std::string(what) + ": '" + s + "' underflows to 0 (below 4.9e-324)"};
  }
  return v;
}

std::string dashed(const char* name) { return std::string("--") + name; }

bool validate_only_on = false;

std::vector<Command>& registry() {
  static std::vector<Command> list;
  return list;
}

}  // namespace

// The command registry lives here, not in main.cpp, so that the argument fuzzer links every
// command without main().
const std::vector<Command>& commands() { return registry(); }

Registrar::Registrar(const Command& command) { registry().push_back(command); }

bool asks_for_help(const Command& command, const std::vector<std::string>& args) {
  // plot forwards `plot KIND --help` to its script.
  const bool forwards_help = std::string(command.name) == "plot" && !args.empty() && args[0][0] != '-';
  if (forwards_help) return false;
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") return true;
  }
  return false;
}

void set_validate_only(bool on) { validate_only_on = on; }
bool validate_only() { return validate_only_on; }
void end_of_validation() {
  if (validate_only_on) throw ValidatedOnly{};
}

Args::Args(const std::vector<std::string>& tokens, std::initializer_list<const char*> flags) {
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string& t = tokens[i];
    if (t.size() > 2 && t.compare(0, 2, "--") == 0) {
      std::string name = t.substr(2);
      std::string value;
      const auto eq = name.find('=');
      bool is_flag = false;
      for (const char* f : flags) is_flag = is_flag || name == f;
      if (eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
      } else if (is_flag) {
        flags_given_.push_back(name);
        continue;
      } else {
        if (i + 1 >= tokens.size()) throw UsageError{"--" + name + " needs a value"};
        value = tokens[++i];
      }
      for (const auto& o : options_) {
        if (o.first == name) throw UsageError{"--" + name + " given twice"};
      }
      options_.emplace_back(name, value);
    } else {
      positionals_.push_back(t);
    }
  }
}

bool Args::take(const char* name, std::string& value) {
  for (auto it = options_.begin(); it != options_.end(); ++it) {
    if (it->first == name) {
      value = it->second;
      options_.erase(it);
      return true;
    }
  }
  return false;
}

bool Args::has(const char* name) const {
  for (const auto& o : options_) {
    if (o.first == name) return true;
  }
  for (const auto& f : flags_given_) {
    if (f == name) return true;
  }
  return false;
}

bool Args::flag(const char* name) {
  for (auto it = flags_given_.begin(); it != flags_given_.end(); ++it) {
    if (*it == name) {
      flags_given_.erase(it);
      return true;
    }
  }
  return false;
}

double Args::number(const char* name, double fallback, double lo, double hi) {
  std::string s;
  if (!take(name, s)) return fallback;
  const double v = parse_double(s, dashed(name).c_str());
  if (v < lo || v > hi) {
    throw UsageError{dashed(name) + ": " + s + " is outside [" + std::to_string(lo) + ", " + std::to_string(hi) + "]"};
  }
  return v;
}

double Args::required_number(const char* name, double lo, double hi) {
  if (!has(name)) throw UsageError{dashed(name) + " is required"};
  return number(name, 0.0, lo, hi);
}

long long Args::integer(const char* name, long long fallback, long long lo, long long hi) {
  std::string s;
  if (!take(name, s)) return fallback;
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || end != s.c_str() + s.size() || errno == ERANGE) {
    throw UsageError{dashed(name) + ": '" + s + "' is not an integer"};
  }
  if (v < lo || v > hi) {
    throw UsageError{dashed(name) + ": " + s + " is outside [" + std::to_string(lo) + ", " + std::to_string(hi) + "]"};
  }
  return v;
}

std::string Args::text(const char* name, const std::string& fallback) {
  std::string s;
  return take(name, s) ? s : fallback;
}

std::string Args::choice(const char* name, const std::string& fallback, std::initializer_list<const char*> allowed) {
  std::string s;
  if (!take(name, s)) return fallback;
  std::string list;
  for (const char* a : allowed) {
    if (s == a) return s;
    list += list.empty() ? a : std::string("|") + a;
  }
  throw UsageError{dashed(name) + ": '" + s + "' is not one of " + list};
}

std::vector<std::string> Args::take_positionals() {
  std::vector<std::string> p;
  p.swap(positionals_);
  return p;
}

void Args::finish() const {
  if (!options_.empty()) throw UsageError{"unknown option --" + options_.front().first};
  if (!flags_given_.empty()) throw UsageError{"unknown option --" + flags_given_.front()};
  if (!positionals_.empty()) throw UsageError{"unexpected argument '" + positionals_.front() + "'"};
  end_of_validation();
}

std::vector<double> parse_range(const std::string& spec, const char* option) {
  const auto c1 = spec.find(':');
  const auto c2 = c1 == std::string::npos ? c1 : spec.find(':', c1 + 1);
  if (c2 == std::string::npos) throw UsageError{std::string(option) + ": expected A:B:STEP, got '" + spec + "'"};
  const double a = parse_double(spec.substr(0, c1), option);
  const double b = parse_double(spec.substr(c1 + 1, c2 - c1 - 1), option);
  const double step = parse_double(spec.substr(c2 + 1), option);
  if (!(step > 0) || b < a) throw UsageError{std::string(option) + ": need A <= B and STEP > 0 in '" + spec + "'"};
  // The count is bounded before it becomes an integer: (b - a) / step can be far beyond a
  // long long, or infinite (the argument fuzzer's first finding).
  const double intervals = std::floor((b - a) / step + 1e-9);
  if (!(intervals < 100000.0)) throw UsageError{std::string(option) + ": more than 100000 points"};
  const long long count = static_cast<long long>(intervals) + 1;
  std::vector<double> values;
  for (long long k = 0; k < count; ++k) values.push_back(a + static_cast<double>(k) * step);
  return values;
}

std::vector<double> parse_list(const std::string& spec, const char* option) {
  std::vector<double> values;
  std::size_t start = 0;
  while (start <= spec.size()) {
    const auto comma = spec.find(',', start);
    const std::string item = spec.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    values.push_back(parse_double(item, option));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return values;
}

}  // namespace edgechaos::cli
