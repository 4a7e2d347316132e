// SPDX-License-Identifier: MIT
#pragma once
// The L2 in front of the HBM. Address-sliced: each slice serves its share of an access first
// come, first served at its share of the L2 bandwidth. Tags are kept per chunk (one entry per
// operand chunk a tile stage reads, never per 128-byte line), LRU by bytes up to the capacity.
// A hit costs the slices' transfer plus the hit latency; a miss reads the chunk from the HBM
// and fills it; a miss on a chunk already in flight merges with it and gets its arrival time
// (all units of a wave ask for the same GEMM operand chunks at about the same time). Writes are
// write-through and do not allocate: the bytes cross the slices and go on to the HBM.
#include <cstdint>
#include <list>
#include <memory>
#include <systemc>
#include <unordered_map>
#include <vector>

#include "sim/gpu/gpu_interfaces.h"
#include "sim/modules/rate_server.h"

namespace xpu::sim {

struct L2Spec {
  int64_t slices = 0;
  double slice_bytes_per_s = 0.0;  // L2 bandwidth / slices
  double hit_latency_s = 0.0;
  double capacity_bytes = 0.0;
  double interleave_bytes = 256;  // address interleave between slices
};

class L2Cache : public sc_core::sc_module, public IMemory {
 public:
  sc_core::sc_port<IMemory> m_hbm;  // where misses and writes go

  L2Cache(sc_core::sc_module_name name, const L2Spec& spec);
  MemoryAccess read(uint64_t address, double bytes, double efficiency) override;
  MemoryAccess write(uint64_t address, double bytes, double efficiency) override;

  const std::vector<std::unique_ptr<RateServer>>& slices() const { return m_slices; }
  double hit_fraction() const {
    return s_reads > 0 ? static_cast<double>(s_hits + s_merged) / s_reads : 0.0;
  }

  int64_t s_reads = 0;
  int64_t s_hits = 0;        // resident chunks
  int64_t s_merged = 0;      // misses on a chunk already in flight: no second HBM read
  int64_t s_misses = 0;      // HBM reads
  double s_hbm_bytes = 0.0;  // read and written to the HBM

 private:
  struct Chunk {
    uint64_t address = 0;
    double bytes = 0.0;
    sc_core::sc_time ready;  // when its data is in the L2 (later than now while in flight)
  };
  // The slices' share of an access, from now; returns when the last slice has passed it on.
  sc_core::sc_time cross_slices(uint64_t address, double bytes);
  void fill(uint64_t address, double bytes, const sc_core::sc_time& ready);

  L2Spec m_spec;
  sc_core::sc_time m_hit_latency;
  std::vector<std::unique_ptr<RateServer>> m_slices;
  std::list<Chunk> m_lru;  // most recently used first
  std::unordered_map<uint64_t, std::list<Chunk>::iterator> m_tags;
  double m_resident_bytes = 0.0;
};

}  // namespace xpu::sim
