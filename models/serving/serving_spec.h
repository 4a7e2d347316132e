// SPDX-License-Identifier: MIT
#pragma once
// A serving scenario (workloads/scenarios/*.toml): which model, how long requests are, and the
// number formats the deployment uses. Plain data.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "config/provenance.h"
#include "config/workload_spec.h"

namespace xpu::serving {

struct ServingSpec {
  std::string id;
  std::string file;
  std::string name;
  std::string workload_file;  // resolved path of the model it serves
  int64_t input_tokens = 0;   // mean prompt length
  int64_t output_tokens = 0;  // mean generated length
  std::optional<config::DTypes> dtypes;
  config::ProvenanceMap provenance;
};

// Throws ConfigError naming file, line and key.
ServingSpec load_serving(const std::string& path);
// The same on a file already parsed; the workload path resolves against doc->file().
ServingSpec decode_serving(const std::shared_ptr<config::Document>& doc);

}  // namespace xpu::serving
