// SPDX-License-Identifier: MIT
#pragma once
// A cluster (systems/*.toml): one chip type, how many share a node's scale-up links, and the
// scale-out network between nodes.
#include <cstdint>
#include <memory>
#include <string>

#include "config/arch_spec.h"

namespace xpu::config {

class Document;

struct SystemSpec {
  std::string id;
  std::string file;
  std::string name;
  ArchSpec chip;
  int64_t chips_per_node = 1;
  LinkSpec scale_out;  // per chip, one direction
  ProvenanceMap provenance;

  // The links a group of `span` consecutive chips communicates over.
  const LinkSpec& links_for(int64_t span) const;
};

SystemSpec load_system(const std::string& path);
// The same from a parsed document; its file name locates the chip file it names.
SystemSpec decode_system(const std::shared_ptr<Document>& doc);

}  // namespace xpu::config
