// SPDX-License-Identifier: MIT
#pragma once
// A cluster (systems/*.toml): one chip type, how many share a node's scale-up links, the
// scale-out network between nodes and, optionally, the power a node draws besides its chips.
#include <cstdint>
#include <memory>
#include <optional>
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
  // Wall power of one node besides its chips: host CPUs and memory, NICs, switches, fans and
  // power-supply losses ([host] power_w_per_node). 0 when the file states none.
  double host_power_w_per_node = 0.0;
  // SMs NCCL holds while one collective is in flight, one CUDA block per channel ([collectives]);
  // what overlapped compute loses to it (training/comm_overlap.h). Present for GPU clusters only.
  struct CollectiveChannels {
    int64_t ring = 0;            // ring all-gather / reduce-scatter
    int64_t point_to_point = 0;  // send/recv to one peer over the network
  };
  std::optional<CollectiveChannels> collective_channels;
  ProvenanceMap provenance;

  // The links a group of `span` consecutive chips communicates over.
  const LinkSpec& links_for(int64_t span) const;
};

SystemSpec load_system(const std::string& path);
// The same from a parsed document; its file name locates the chip file it names.
SystemSpec decode_system(const std::shared_ptr<Document>& doc);

}  // namespace xpu::config
