// SPDX-License-Identifier: MIT
#include "serving/serving_spec.h"

#include <fmt/format.h>

#include <filesystem>

#include "config/toml_reader.h"

namespace xpu::serving {

ServingSpec load_serving(const std::string& path) { return decode_serving(config::Document::load(path)); }

ServingSpec decode_serving(const std::shared_ptr<config::Document>& doc) {
  const std::string& path = doc->file();
  config::Table root = config::Table::root_of(doc);
  ServingSpec s;
  s.file = path;
  s.id = std::filesystem::path(path).stem().string();
  config::Table scenario = root.table("scenario");
  s.name = scenario.string("name");
  s.workload_file =
      (std::filesystem::path(path).parent_path() / scenario.string("workload")).string();
  if (!config::is_file(s.workload_file)) {
    scenario.fail("workload", fmt::format("file not found: {}", s.workload_file));
  }
  // Request lengths: at most 2^30 tokens, like a model's max_context.
  s.input_tokens = scenario.integer("input_tokens", 1, int64_t{1} << 30);
  s.output_tokens = scenario.integer("output_tokens", 1, int64_t{1} << 30);
  scenario.finish();
  if (auto t = root.optional_table("dtypes")) {
    config::DTypes d;
    d.weights = *parse_dtype(t->choice("weights", dtype_names()));
    d.activations = *parse_dtype(t->choice("activations", dtype_names()));
    d.kv_cache = *parse_dtype(t->choice("kv_cache", dtype_names()));
    t->finish();
    s.dtypes = d;
  }
  s.provenance = config::require_provenance(root.table("provenance"));
  root.finish();
  return s;
}

}  // namespace xpu::serving
