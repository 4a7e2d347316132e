// SPDX-License-Identifier: MIT
#pragma once
// Strict, located access to a parsed TOML file.
//
// Contract: a `Table` remembers every key the decoder asks for, present or not. `finish()`
// then rejects any key in the file that no decoder asked for, naming the nearest valid key;
// there are no aliases and no silent defaults. Every error is a ConfigError carrying the file,
// the line of the offending node (or of its table when a key is missing) and the dotted key.
// Every number read is recorded with its dotted path, so that a decoder can demand a cited
// source for each one (see provenance.h).
#include <toml++/toml.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace xpu::config {

// Limits on what a spec file may say, so that no decoder or model downstream overflows.
// Integers default to at most 2^40 (any product of two stays inside int64); decoders whose
// integers multiply further pass a tighter maximum. Numbers are limited to 1e12 in the key's
// own unit (TB/s, GB, TFLOP/s...): six orders of magnitude beyond any chip, and finite once
// scaled to base units.
inline constexpr int64_t kMaxInteger = int64_t{1} << 40;
inline constexpr double kMaxMagnitude = 1e12;

// Whether `path` names a readable regular file; never throws (a path too long for the file
// system, or with a NUL byte, is simply not a file).
bool is_file(const std::string& path);

// One parsed file and what has been read from it.
class Document {
 public:
  // Parses `path`; throws ConfigError (with the parser's line) on a missing file or bad TOML.
  static std::shared_ptr<Document> load(const std::string& path);
  // Parses text already in memory; `name` stands in for the file name in errors.
  static std::shared_ptr<Document> parse(std::string_view text, const std::string& name);

  const std::string& file() const { return m_file; }
  const toml::table& root() const { return m_root; }
  // For sweeps, which override keys after parsing so that the values go through the same
  // decoder. Replaced nodes carry no source line; the sweep checks each value up front.
  toml::table& edit_root() { return m_root; }
  // Dotted paths of every number read so far, in reading order.
  const std::vector<std::string>& numbers_read() const { return m_numbers_read; }
  void record_number(std::string path) { m_numbers_read.push_back(std::move(path)); }

 private:
  std::string m_file;
  toml::table m_root;
  std::vector<std::string> m_numbers_read;
};

class Table {
 public:
  Table(std::shared_ptr<Document> doc, const toml::table* table, std::string path);
  static Table root_of(const std::shared_ptr<Document>& doc);

  // Numbers: integers are accepted where a float is asked for. NaN and infinity are refused.
  double number(std::string_view key);
  std::optional<double> optional_number(std::string_view key);
  // A number that must be > 0 (sizes, rates, counts as floats).
  double positive(std::string_view key);
  std::optional<double> optional_positive(std::string_view key);
  // An integer >= minimum and <= maximum.
  int64_t integer(std::string_view key, int64_t minimum, int64_t maximum = kMaxInteger);
  std::optional<int64_t> optional_integer(std::string_view key, int64_t minimum,
                                          int64_t maximum = kMaxInteger);
  std::string string(std::string_view key);
  std::optional<std::string> optional_string(std::string_view key);
  // A string that must be one of `allowed`; the error lists them.
  std::string choice(std::string_view key, const std::vector<std::string>& allowed);
  std::optional<std::string> optional_choice(std::string_view key,
                                             const std::vector<std::string>& allowed);
  std::optional<bool> optional_boolean(std::string_view key);
  // A file named by `key`, relative to the folder of this table's file, so that a spec and the
  // files it names move together. path_beside leaves the check to whoever loads the file (a
  // copy of an arch file elsewhere still decodes); file_beside requires it to exist now.
  std::string path_beside(std::string_view key);
  std::string file_beside(std::string_view key);
  // A non-empty array of strings, each one of `allowed`.
  std::vector<std::string> choice_array(std::string_view key,
                                        const std::vector<std::string>& allowed);
  // A non-empty array of integers, each >= minimum and <= maximum.
  std::vector<int64_t> integer_array(std::string_view key, int64_t minimum,
                                     int64_t maximum = kMaxInteger);

  Table table(std::string_view key);
  // A non-empty array of tables ([[key]] in the file), each located and checked like a table.
  std::vector<Table> table_array(std::string_view key);
  std::optional<Table> optional_table(std::string_view key);
  // Every key of this table, for free-form maps (provenance, dtype overrides).
  std::vector<std::string> keys() const;
  bool has(std::string_view key) const;

  // Rejects keys nobody asked for. Call once the decoder has read everything it knows.
  void finish() const;

  // Errors located at this table or at one of its keys.
  [[noreturn]] void fail(std::string_view key, const std::string& what) const;
  int line_of(std::string_view key) const;
  std::string path_of(std::string_view key) const;
  const std::string& file() const { return m_doc->file(); }
  const std::shared_ptr<Document>& document() const { return m_doc; }

 private:
  const toml::node* lookup(std::string_view key);
  [[noreturn]] void missing(std::string_view key) const;

  std::shared_ptr<Document> m_doc;
  const toml::table* m_table;
  std::string m_path;
  std::shared_ptr<std::set<std::string, std::less<>>> m_known;
};

}  // namespace xpu::config
