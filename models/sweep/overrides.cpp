// SPDX-License-Identifier: MIT
#include "sweep/overrides.h"

#include <sstream>

namespace xpu::sweep {

namespace {

std::vector<std::string> split(const std::string& dotted) {
  std::vector<std::string> parts;
  std::stringstream in(dotted);
  for (std::string part; std::getline(in, part, '.');) parts.push_back(part);
  return parts;
}

void collect(const toml::table& t, const std::string& prefix, std::vector<std::string>& out) {
  for (const auto& [k, node] : t) {
    std::string path = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const auto* sub = node.as_table()) {
      collect(*sub, path, out);
    } else {
      out.push_back(path);
    }
  }
}

// The table holding the leaf, or nullptr when a segment is missing or not a table.
const toml::table* parent_of(const toml::table& root, const std::vector<std::string>& parts) {
  const toml::table* t = &root;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    const toml::node* n = t->get(parts[i]);
    t = n ? n->as_table() : nullptr;
    if (!t) return nullptr;
  }
  return t;
}

}  // namespace

std::vector<std::string> leaf_paths(const toml::table& root) {
  std::vector<std::string> out;
  collect(root, "", out);
  return out;
}

bool has_leaf(const toml::table& root, const std::string& dotted) {
  const auto parts = split(dotted);
  if (parts.empty()) return false;
  const toml::table* parent = parent_of(root, parts);
  const toml::node* leaf = parent ? parent->get(parts.back()) : nullptr;
  return leaf && !leaf->is_table();
}

void set_leaf(toml::table& root, const std::string& dotted, const Value& value) {
  const auto parts = split(dotted);
  // parent_of only reads; the table it finds belongs to `root`, which we may edit.
  auto* parent = const_cast<toml::table*>(parent_of(root, parts));
  std::visit([&](const auto& v) { parent->insert_or_assign(parts.back(), v); }, value);
}

std::shared_ptr<config::Document> parse_with(const std::string& text, const std::string& name,
                                             const std::vector<Override>& overrides) {
  auto doc = config::Document::parse(text, name);
  for (const auto& o : overrides) set_leaf(doc->edit_root(), o.key, o.value);
  return doc;
}

}  // namespace xpu::sweep
