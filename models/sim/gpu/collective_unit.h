// SPDX-License-Identifier: MIT
#pragma once
// A GPU's side of its collectives: the egress of its scale-up link (NVLink, Infinity Fabric) and
// the memory traffic of staging and reducing what arrives. The simulated GPU stands for every
// rank of its group: tensor-parallel ranks run the same kernels at the same times, so by
// symmetry the ring neighbour sends what this GPU sends, when it sends it, and an incoming
// chunk lands when the outgoing one does. A collective is its algorithm's steps (ring: 2(n-1)
// for an all-reduce, n-1 for an all-gather or all-to-all, one for a point-to-point send); each
// step is one link transaction of its chunk and one memory transaction of the bytes the step
// stages, and it ends when both have. Alone, a step takes the link's latency plus the chunk at
// its bandwidth -- the steps and chunks of machine/collectives.h. What the simulation
// adds is sharing: collectives of concurrent streams queue on the link, and their staging
// traffic competes with kernels for HBM channels.
#include <cstdint>
#include <systemc>

#include "sim/gpu/gpu_interfaces.h"
#include "sim/modules/link.h"
#include "sim/modules/trace.h"

namespace xpu::sim {

struct CollectiveUnitSpec {
  double link_bytes_per_s = 0.0;  // one direction of the chip's scale-up link
  double link_latency_s = 0.0;    // per step: software, switch and wire
  double dram_efficiency = 1.0;   // staging traffic streams like any bulk copy
  uint64_t buffer_address = 0;    // staging buffer, reused by every collective (as NCCL's is)
};

class CollectiveUnit : public sc_core::sc_module, public ICollective {
 public:
  CollectiveUnit(sc_core::sc_module_name name, const CollectiveUnitSpec& spec, Trace* trace);
  void run(const workload::CollectiveShape& collective) override;

  sc_core::sc_port<IMemory> m_memory;
  Link m_egress;

  int64_t s_steps = 0;
  double s_sent_bytes = 0.0;  // put on the link
  double s_staged_bytes = 0.0;
  int64_t s_hbm_transactions = 0;
  bool v_in_step = false;  // for the VCD waveform

 private:
  // One step: `chunk_bytes` over the link, the incoming chunk written to memory and
  // `read_bytes` read from it, all at once.
  void step(double chunk_bytes, double read_bytes);

  CollectiveUnitSpec m_spec;
  Trace* m_trace;
};

}  // namespace xpu::sim
