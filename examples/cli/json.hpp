// A flat JSON object written field by field, in insertion order. Non-finite numbers
// become null (JSON has no NaN).
#pragma once

#include <string>
#include <vector>

namespace edgechaos::cli {

class JsonObject {
 public:
  JsonObject& number(const char* key, double value);
  JsonObject& integer(const char* key, long long value);
  JsonObject& boolean(const char* key, bool value);
  JsonObject& string(const char* key, const std::string& value);
  JsonObject& numbers(const char* key, const std::vector<double>& values);
  // An already-serialised JSON value (object or array).
  JsonObject& raw(const char* key, const std::string& json);
  std::string str() const { return "{" + body_ + "}"; }

 private:
  void key(const char* k);
  std::string body_;
};

std::string json_number(double value);
std::string json_escape(const std::string& s);

}  // namespace edgechaos::cli
