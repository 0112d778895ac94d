// Command-line options of the form `--name value` and `--flag`, consumed by typed getters;
// anything left over is an error. Every bad value names the option and what was expected.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace edgechaos::cli {

class Args {
 public:
  // `flags`: the options that take no value.
  Args(const std::vector<std::string>& tokens, std::initializer_list<const char*> flags = {});

  bool flag(const char* name);
  bool has(const char* name) const;
  double number(const char* name, double fallback, double lo, double hi);
  double required_number(const char* name, double lo, double hi);
  long long integer(const char* name, long long fallback, long long lo, long long hi);
  std::string text(const char* name, const std::string& fallback);
  std::string choice(const char* name, const std::string& fallback, std::initializer_list<const char*> allowed);
  std::vector<std::string> take_positionals();
  // Throws UsageError if an option was given that no getter asked for; then, under
  // `edgechaos --check`, ValidatedOnly (see end_of_validation). The end of every command's
  // parsing and validation: the rule of command.hpp.
  void finish() const;

 private:
  bool take(const char* name, std::string& value);
  std::vector<std::pair<std::string, std::string>> options_;  // name (without --), value
  std::vector<std::string> flags_given_;
  std::vector<std::string> positionals_;
};

// `edgechaos --check CMD ...` (and the argument fuzzer, tests/fuzz/fuzz_cli_args.cpp): the
// command parses and validates its command line and stops, before any work.
struct ValidatedOnly {};
void set_validate_only(bool on);
bool validate_only();
// Throws ValidatedOnly when validate_only() is set. Args::finish() calls it; a command that
// takes no Args (plot) calls it where its validation ends.
void end_of_validation();

// Parses "A:B:STEP" (inclusive grid) and "x,y,z" lists.
std::vector<double> parse_range(const std::string& spec, const char* option);
std::vector<double> parse_list(const std::string& spec, const char* option);

}  // namespace edgechaos::cli
