// SPDX-License-Identifier: MIT
#pragma once
// One chip of a statically scheduled family, or one region of a wafer (a block of its cores).
// It holds its share of the datapath and of every memory the family has, and its outgoing
// link (to its ring neighbour, or to the next region of its mesh row). A slice of an op runs
// as tile transactions: each tile loads its bytes from where they live, then computes; two
// tile buffers let the next tile's load overlap this tile's compute, so an op takes about
// max(compute, memory) plus one tile's worth of fill -- the overlap the analytic model assumes
// outright, here the result of the servers' bookings. A GEMM's weights also pass the matrix
// unit's install port, a server of its own beside the memories.
#include <memory>
#include <systemc>

#include "sim/modules/link.h"
#include "sim/modules/rate_server.h"

namespace xpu::sim {

struct SpatialChipSpec {
  double share = 1.0;  // chips' worth of datapath and memory this block holds
  double sram_bytes_per_s =
      0.0;  // 0: no SRAM (a hardwired datapath keeps activations in registers)
  double weight_array_bytes_per_s = 0.0;  // model in silicon: the fixed weight arrays
  double dram_bytes_per_s = 0.0;  // DRAM attached to this chip (not a shared external store)
  double weight_install_bytes_per_s = 0.0;  // the matrix unit's weight port; 0: none
  double link_bytes_per_s = 0.0;
  double link_latency_s = 0.0;
  bool return_link = false;  // wafer regions: the mesh row's other direction, for the broadcast
};

// One block's part of one op for one micro-batch, already divided over the stage's blocks.
struct SpatialSlice {
  double chip_s = 0.0;  // compute at one whole chip's rate for the op's dtype
  double weight_bytes = 0.0;
  double kv_bytes = 0.0;
  double activation_bytes = 0.0;
  double install_bytes = 0.0;     // weights installed into the matrix unit (after their read)
  RateServer* weights = nullptr;  // where weights and KV come from (null: nothing to read)
  RateServer* kv = nullptr;
  int64_t tiles = 1;
};

class SpatialChip : public sc_core::sc_module {
 public:
  SpatialChip(sc_core::sc_module_name name, const SpatialChipSpec& spec);
  // Books the slice's tiles on this block's servers from `start`; returns when the last tile's
  // compute ends. Never waits: the layer scheduler's thread waits for the latest block.
  sc_core::sc_time run(const SpatialSlice& slice, const sc_core::sc_time& start);

  RateServer m_compute;
  std::unique_ptr<RateServer> m_sram;
  std::unique_ptr<RateServer> m_weight_arrays;
  std::unique_ptr<RateServer> m_dram;
  std::unique_ptr<RateServer> m_weight_install;  // null without an install port
  std::unique_ptr<Link> m_link;                  // null on a chip without links
  std::unique_ptr<Link> m_return;
};

}  // namespace xpu::sim
