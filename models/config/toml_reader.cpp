// SPDX-License-Identifier: MIT
#include "config/toml_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "common/error.h"
#include "common/input_file.h"
#include "common/nearest.h"
#include "config/ranges.h"

namespace xpu::config {

namespace {
int line_of_node(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}
// toml++ parses nested arrays, inline tables and dotted keys recursively: 50,000 levels
// overflow the stack. No spec needs more than a few, so the depth is bounded before parsing:
// brackets open at once, and dots in one key (outside strings and comments, before its `=`).
constexpr size_t kMaxNesting = 64;

void check_nesting(std::string_view text, const std::string& name) {
  int line = 1;
  size_t dots = 0;
  std::string open;  // the brackets open at this point, innermost last
  char quote = 0;
  bool comment = false, in_key = true;
  auto fail = [&] {
    throw ConfigError(name, line, "", fmt::format("nested more than {} levels deep", kMaxNesting));
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      comment = false;
      if (!quote && open.empty()) in_key = true, dots = 0;
      continue;
    }
    if (comment) continue;
    if (quote) {
      if (c == '\\' && quote == '"')
        ++i;
      else if (c == quote)
        quote = 0;
      continue;
    }
    switch (c) {
      case '"':
      case '\'': quote = c; break;
      case '#': comment = true; break;
      case '=': in_key = false, dots = 0; break;
      case '.':
        if (in_key && ++dots > kMaxNesting) fail();
        break;
      case '[':
      case '{':
        open.push_back(c);
        if (open.size() > kMaxNesting) fail();
        if (c == '{') in_key = true, dots = 0;
        break;
      case ']':
      case '}':
        if (!open.empty()) open.pop_back();
        break;
      case ',':
        if (!open.empty() && open.back() == '{') in_key = true, dots = 0;
        break;
      default: break;
    }
  }
}

}  // namespace

bool is_file(const std::string& path) {
  if (path.find('\0') != std::string::npos) return false;
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

std::shared_ptr<Document> Document::load(const std::string& path) {
  return parse(read_input_file(path), path);
}

std::shared_ptr<Document> Document::parse(std::string_view text, const std::string& name) {
  auto doc = std::make_shared<Document>();
  doc->m_file = name;
  check_nesting(text, name);
  try {
    doc->m_root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    throw ConfigError(name, static_cast<int>(e.source().begin.line), "",
                      fmt::format("malformed TOML: {}", e.description()));
  }
  return doc;
}

Table::Table(std::shared_ptr<Document> doc, const toml::table* table, std::string path)
    : m_doc(std::move(doc)),
      m_table(table),
      m_path(std::move(path)),
      m_known(std::make_shared<std::set<std::string, std::less<>>>()) {}

Table Table::root_of(const std::shared_ptr<Document>& doc) { return Table(doc, &doc->root(), ""); }

std::string Table::path_of(std::string_view key) const {
  return m_path.empty() ? std::string(key) : fmt::format("{}.{}", m_path, key);
}

int Table::line_of(std::string_view key) const {
  if (const auto* node = m_table->get(key)) return line_of_node(*node);
  return line_of_node(*m_table);
}

std::string Table::path_beside(std::string_view key) {
  return (std::filesystem::path(file()).parent_path() / string(key)).string();
}

std::string Table::file_beside(std::string_view key) {
  std::string path = path_beside(key);
  if (!is_file(path)) fail(key, fmt::format("file not found: {}", path));
  return path;
}

void Table::fail(std::string_view key, const std::string& what) const {
  throw ConfigError(file(), line_of(key), key.empty() ? m_path : path_of(key), what);
}

void Table::missing(std::string_view key) const {
  // A required key is often absent because it is misspelt or carries another unit suffix. Not
  // a misspelling: a key already read (`elements` beside a missing `element_bytes`), or one that
  // names another quantity of the same thing by a word more (`ffn_hidden_size` beside a missing
  // `hidden_size`, `kv_heads` beside `heads`).
  const auto another_quantity = [&](std::string_view k) {
    const size_t at = k.find(key);
    return k.size() > key.size() && at != std::string_view::npos && (at == 0 || k[at - 1] == '_') &&
           (at + key.size() == k.size() || k[at + key.size()] == '_');
  };
  std::vector<std::string> present;
  for (const auto& [k, v] : *m_table) {
    if (!m_known->count(k.str()) && !another_quantity(k.str())) present.emplace_back(k.str());
  }
  std::string near = nearest_word(key, present);
  if (!near.empty()) {
    throw ConfigError(file(), line_of(near), path_of(near),
                      fmt::format("unknown key; did you mean '{}'?", key));
  }
  fail(key, "missing required key");
}

const toml::node* Table::lookup(std::string_view key) {
  m_known->emplace(key);
  return m_table->get(key);
}

bool Table::has(std::string_view key) const { return m_table->contains(key); }

std::optional<double> Table::optional_number(std::string_view key) {
  const toml::node* node = lookup(key);
  if (!node) return std::nullopt;
  double value = 0.0;
  if (auto i = node->value_exact<int64_t>()) {
    value = static_cast<double>(*i);
  } else if (auto f = node->value_exact<double>()) {
    value = *f;
  } else {
    fail(key, "expected a number (units belong in the key name, e.g. `bandwidth_tbs = 3.35`)");
  }
  if (!std::isfinite(value)) fail(key, "must be a finite number");
  const PlausibleRange& range = plausible_range(path_of(key));
  const double magnitude = std::fabs(value);
  if (magnitude > std::min(range.maximum, kMaxMagnitude)) {
    fail(key, fmt::format("{:g} is absurdly large (plausible: {:g} to {:g} {})", value,
                          range.minimum, range.maximum, range.unit));
  }
  if (magnitude != 0.0 && magnitude < range.minimum) {
    fail(key, fmt::format("{:g} is implausibly small (plausible: {:g} to {:g} {})", value,
                          range.minimum, range.maximum, range.unit));
  }
  m_doc->record_number(path_of(key));
  return value;
}

double Table::number(std::string_view key) {
  auto v = optional_number(key);
  if (!v) missing(key);
  return *v;
}

std::optional<double> Table::optional_positive(std::string_view key) {
  auto v = optional_number(key);
  if (v && !(*v > 0.0)) fail(key, fmt::format("must be > 0, got {}", *v));
  return v;
}

double Table::positive(std::string_view key) {
  auto v = optional_positive(key);
  if (!v) missing(key);
  return *v;
}

std::optional<int64_t> Table::optional_integer(std::string_view key, int64_t minimum,
                                               int64_t maximum) {
  const toml::node* node = lookup(key);
  if (!node) return std::nullopt;
  auto i = node->value_exact<int64_t>();
  if (!i) fail(key, "expected an integer");
  if (*i < minimum) fail(key, fmt::format("must be >= {}, got {}", minimum, *i));
  if (*i > maximum) fail(key, fmt::format("must be <= {}, got {}", maximum, *i));
  m_doc->record_number(path_of(key));
  return *i;
}

int64_t Table::integer(std::string_view key, int64_t minimum, int64_t maximum) {
  auto v = optional_integer(key, minimum, maximum);
  if (!v) missing(key);
  return *v;
}

std::optional<std::string> Table::optional_string(std::string_view key) {
  const toml::node* node = lookup(key);
  if (!node) return std::nullopt;
  auto s = node->value_exact<std::string>();
  if (!s) fail(key, "expected a string");
  // Strings reach terminals, CSV and reports: an escape sequence in a name would clear the
  // screen or retitle the window of whoever prints it.
  for (unsigned char c : *s) {
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
      fail(key, fmt::format("holds the control character 0x{:02x}", c));
    }
  }
  return *s;
}

std::string Table::string(std::string_view key) {
  auto v = optional_string(key);
  if (!v) missing(key);
  return *v;
}

std::optional<std::string> Table::optional_choice(std::string_view key,
                                                  const std::vector<std::string>& allowed) {
  auto v = optional_string(key);
  if (v && std::find(allowed.begin(), allowed.end(), *v) == allowed.end()) {
    fail(key, fmt::format("'{}' is not one of: {}", *v, join(allowed)));
  }
  return v;
}

std::string Table::choice(std::string_view key, const std::vector<std::string>& allowed) {
  auto v = optional_choice(key, allowed);
  if (!v) fail(key, fmt::format("missing required key (one of: {})", join(allowed)));
  return *v;
}

std::optional<bool> Table::optional_boolean(std::string_view key) {
  const toml::node* node = lookup(key);
  if (!node) return std::nullopt;
  auto b = node->value_exact<bool>();
  if (!b) fail(key, "expected true or false");
  return *b;
}

std::vector<std::string> Table::choice_array(std::string_view key,
                                             const std::vector<std::string>& allowed) {
  const toml::node* node = lookup(key);
  if (!node) missing(key);
  const toml::array* array = node->as_array();
  if (!array || array->empty()) fail(key, "expected a non-empty array of strings");
  std::vector<std::string> out;
  for (const auto& element : *array) {
    auto s = element.value_exact<std::string>();
    if (!s) fail(key, "expected a non-empty array of strings");
    if (std::find(allowed.begin(), allowed.end(), *s) == allowed.end()) {
      fail(key, fmt::format("'{}' is not one of: {}", *s, join(allowed)));
    }
    out.push_back(*s);
  }
  return out;
}

std::vector<int64_t> Table::integer_array(std::string_view key, int64_t minimum, int64_t maximum) {
  const toml::node* node = lookup(key);
  if (!node) missing(key);
  const toml::array* array = node->as_array();
  if (!array || array->empty()) fail(key, "expected a non-empty array of integers");
  std::vector<int64_t> out;
  for (const auto& element : *array) {
    auto i = element.value_exact<int64_t>();
    if (!i) fail(key, "expected a non-empty array of integers");
    if (*i < minimum) fail(key, fmt::format("elements must be >= {}, got {}", minimum, *i));
    if (*i > maximum) fail(key, fmt::format("elements must be <= {}, got {}", maximum, *i));
    out.push_back(*i);
  }
  m_doc->record_number(path_of(key));
  return out;
}

std::optional<Table> Table::optional_table(std::string_view key) {
  const toml::node* node = lookup(key);
  if (!node) return std::nullopt;
  const toml::table* t = node->as_table();
  if (!t) fail(key, "expected a table");
  return Table(m_doc, t, path_of(key));
}

Table Table::table(std::string_view key) {
  auto t = optional_table(key);
  if (!t) fail(key, "missing required table");
  return *t;
}

std::vector<Table> Table::table_array(std::string_view key) {
  const toml::node* node = lookup(key);
  if (!node) missing(key);
  const toml::array* array = node->as_array();
  if (!array || array->empty())
    fail(key, "expected a non-empty array of tables ([[" + std::string(key) + "]])");
  std::vector<Table> out;
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::table* t = (*array)[i].as_table();
    if (!t) fail(key, fmt::format("element {} is not a table", i));
    out.emplace_back(m_doc, t, fmt::format("{}[{}]", path_of(key), i));
  }
  return out;
}

std::vector<std::string> Table::keys() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : *m_table) {
    m_known->emplace(k.str());
    out.emplace_back(k.str());
  }
  return out;
}

void Table::finish() const {
  std::vector<std::string> known(m_known->begin(), m_known->end());
  for (const auto& [k, node] : *m_table) {
    if (m_known->count(k.str())) continue;
    std::string hint = nearest_word(k.str(), known);
    std::string what = hint.empty() ? fmt::format("unknown key (valid keys here: {})", join(known))
                                    : fmt::format("unknown key; did you mean '{}'?", hint);
    throw ConfigError(file(), line_of_node(node), path_of(k.str()), what);
  }
}

}  // namespace xpu::config
