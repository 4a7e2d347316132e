// SPDX-License-Identifier: MIT
#pragma once
// The kernel scheduler: one thread per stream walks the program (the plan's ops in issue
// order), pays each kernel's launch overhead, releases its tiles and waits until the units
// have finished all of them -- kernels of one stream run in order, as on a CUDA stream. Units
// take tiles round-robin over the streams that have tiles left. A collective in the program is
// handed to the chip's collective unit, and the stream waits for it as for a kernel.
#include <cstdint>
#include <deque>
#include <memory>
#include <string_view>
#include <systemc>
#include <vector>

#include "sim/gpu/gpu_interfaces.h"
#include "sim/gpu/kernel_work.h"
#include "sim/modules/trace.h"

namespace xpu::sim {

// One entry of a stream's program: a kernel, or a collective over the chip's links (exactly
// one of the two is set).
struct Step {
  size_t op_index = 0;
  const KernelWork* work = nullptr;
  const workload::CollectiveShape* collective = nullptr;
  std::string_view collective_name;  // for traces
};

// One issued kernel.
struct Launch {
  const KernelWork* work = nullptr;
  size_t op_index = 0;
  int64_t stream = 0;
  uint64_t base_address = 0;
  int64_t next_tile = 0;
  int64_t remaining = 0;
  double hbm_busy_s = 0.0;      // channel occupancy, summed over channels
  double compute_busy_s = 0.0;  // unit busy time, summed over units
  int64_t transactions = 0;
};

// Per-op totals over a stream's occurrences of the op (or one occurrence: last_records).
struct OpRecord {
  double time_s = 0.0;
  double overhead_s = 0.0;
  double hbm_busy_s = 0.0;
  double compute_busy_s = 0.0;
  OpRecord& add(const OpRecord& o, double times = 1.0);
};

class KernelScheduler : public sc_core::sc_module, public ITileSource {
 public:
  KernelScheduler(sc_core::sc_module_name name, int64_t streams, const std::vector<Step>& program,
                  size_t ops, Trace* trace);
  TileRef next_tile() override;
  bool try_next_tile(TileRef& tile) override;
  void tile_done(const TileRef& tile) override;

  sc_core::sc_port<ICollective> m_collectives;

  // Results, read after sc_start returns.
  const std::vector<OpRecord>& op_records(int64_t stream) const { return m_records[stream]; }
  // Each op's latest occurrence alone (the replay of identical layers, gpu_engine.cpp).
  const std::vector<OpRecord>& last_records(int64_t stream) const { return m_last[stream]; }
  double stream_end_s(int64_t stream) const { return m_end_s[stream]; }
  int64_t s_tiles = 0;
  int64_t s_kernels = 0;
  std::vector<int>
      v_op;  // per stream: the op index it runs, -1 before and after (for the VCD waveform)

 private:
  void stream(int64_t s);

  const std::vector<Step>& m_program;
  Trace* m_trace;
  std::deque<Launch> m_launches;
  std::vector<Launch*> m_active;  // per stream: the launch with tiles left to hand out
  std::vector<std::unique_ptr<sc_core::sc_event>> m_done;  // per stream: its launch finished
  sc_core::sc_event m_posted;                              // tiles became available
  size_t m_round_robin = 0;
  uint64_t m_next_address = 0;
  std::vector<std::vector<OpRecord>> m_records;
  std::vector<std::vector<OpRecord>> m_last;
  std::vector<double> m_end_s;
};

}  // namespace xpu::sim
