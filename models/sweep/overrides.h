// SPDX-License-Identifier: MIT
#pragma once
// Axis values applied to a parsed arch or workload file before it is decoded, so that an
// overridden value meets exactly the validation a hand-edited file would.
#include <toml++/toml.h>

#include <memory>
#include <string>
#include <vector>

#include "config/toml_reader.h"
#include "sweep/sweep_spec.h"

namespace xpu::sweep {

// Every leaf key of `root` as a dotted path ("memory.dram.bandwidth_tbs").
std::vector<std::string> leaf_paths(const toml::table& root);

// Whether `dotted` names a leaf (not a table) of `root`.
bool has_leaf(const toml::table& root, const std::string& dotted);

// Replaces the leaf at `dotted` (which must exist) by `value`.
void set_leaf(toml::table& root, const std::string& dotted, const Value& value);

struct Override {
  std::string key;  // dotted path
  Value value;
};

// `text` parsed as file `name`, with the overrides applied; ready for config::decode_*.
std::shared_ptr<config::Document> parse_with(const std::string& text, const std::string& name,
                                             const std::vector<Override>& overrides);

}  // namespace xpu::sweep
