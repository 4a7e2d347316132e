// SPDX-License-Identifier: MIT
#pragma once
// The statically scheduled families (hardwired transformer, model in silicon, SRAM-only,
// wafer-scale) as a pipeline of chip groups (docs/systemc_engine.md, "Statically scheduled
// families"). Stage s holds the layers placed on it; its blocks are the chips of its layer
// group, or on a wafer the wafer's regions. A layer scheduler walks the plan once per
// micro-batch: each op is split over the stage's blocks as tile transactions, a GEMM's partial
// outputs are reduced over the blocks' links (ring all-reduce between chips, row reduce and
// broadcast across a wafer's regions), and the micro-batch crosses to the next stage over a
// link. A stage serves micro-batches in order, one at a time, so different stages work on
// different micro-batches at once: pipeline overlap and bubbles are what the clock shows.
#include <cstdint>
#include <memory>
#include <string_view>
#include <systemc>
#include <vector>

#include "compiler/plan.h"
#include "compiler/static_pipeline.h"
#include "config/gpu_efficiency_spec.h"
#include "sim/modules/link.h"
#include "sim/modules/rate_server.h"
#include "sim/modules/trace.h"
#include "sim/sim.h"
#include "sim/spatial/spatial_chip.h"
#include "sim/spatial/wafer_granules.h"

namespace xpu::sim {

// What a stage does with one op for one micro-batch, per block.
struct SpatialWork {
  std::string_view name;  // the op's, for traces
  SpatialSlice slice;     // the mean block's share
  std::vector<RegionLoad>
      loads;  // wafer: per region, its load relative to the mean; empty: every block the mean
  double reduce_bytes = 0.0;  // a split GEMM's output, one micro-batch; 0: no reduction
};

struct SpatialTopSpec {
  int64_t stages = 1;
  int64_t blocks_per_stage = 1;  // chips of a layer group, or regions of a wafer
  int64_t mesh_side = 0;  // wafer: regions per mesh row (sqrt of regions); 0: chips in a ring
  int64_t micro_batches = 1;
  double crossing_bytes = 0.0;  // hidden state of one micro-batch, sent between stages
  SpatialChipSpec block;
  double external_bytes_per_s = 0.0;  // streamed weights: one DRAM shared by every chip
  double stage_link_bytes_per_s = 0.0;
  double stage_link_latency_s = 0.0;
  config::LinkSpec chip_links;  // between a layer group's chips: the all-reduce's algorithm
};

// Per op, micro-batch 0's time, summed over the op's occurrences.
struct SpatialRecord {
  double time_s = 0.0;
  double reduction_s = 0.0;
};

class SpatialTop : public sc_core::sc_module {
 public:
  // `works` is indexed by op; the stage's blocks route weights and KV by `weights_in` /
  // `kv_in` (compiler::Residence).
  SpatialTop(sc_core::sc_module_name name, const SpatialTopSpec& spec,
             const std::vector<compiler::PipelineStep>& program,
             const std::vector<SpatialWork>& works, compiler::Residence weights_in,
             compiler::Residence kv_in, bool weights_streamed, Trace* trace);

  std::unique_ptr<RateServer> m_external;  // null unless weights stream from an external DRAM
  sc_core::sc_vector<SpatialChip>
      m_blocks;                            // stage-major: stage s owns [s * blocks_per_stage, ...)
  sc_core::sc_vector<Link> m_stage_links;  // stage s -> s + 1

  // Results, read after sc_start returns.
  const std::vector<SpatialRecord>& records() const { return m_records; }
  double crossing_s() const { return m_crossing_s; }
  double end_s() const { return m_end_s; }
  int64_t s_ops = 0;
  int64_t s_tiles = 0;

 private:
  void micro_batch(int64_t k);
  void enter(int64_t stage, int64_t k);
  void leave(int64_t stage);
  RateServer* source(compiler::Residence where, SpatialChip& block) const;
  sc_core::sc_time reduce(int64_t stage, double bytes);
  SpatialChip& block(int64_t stage, int64_t i) {
    return m_blocks[stage * m_spec.blocks_per_stage + i];
  }

  SpatialTopSpec m_spec;
  const std::vector<compiler::PipelineStep>& m_program;
  const std::vector<SpatialWork>& m_works;
  compiler::Residence m_weights_in, m_kv_in;
  bool m_weights_streamed;
  Trace* m_trace;               // null: no trace
  std::vector<int64_t> m_turn;  // per stage: the micro-batch it serves next
  std::vector<std::unique_ptr<sc_core::sc_event>> m_stage_free;
  std::vector<SpatialRecord> m_records;
  double m_crossing_s = 0.0;
  double m_end_s = 0.0;
};

}  // namespace xpu::sim
