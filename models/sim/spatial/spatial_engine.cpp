// SPDX-License-Identifier: MIT
// sim::simulate for the statically scheduled families: lays the plan over a SpatialTop (stages
// of chips or wafer regions), runs it, and hands the simulated op times to the result
// assembler (result/assemble.h), as the analytic engine does.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "common/error.h"
#include "compiler/static_pipeline.h"
#include "machine/collectives.h"
#include "machine/static_schedule.h"
#include "result/assemble.h"
#include "sim/engines.h"
#include "sim/modules/systemc_kernel.h"
#include "sim/spatial/spatial_top.h"
#include "sim/spatial/wafer_granules.h"

namespace xpu::sim {

using compiler::Residence;

SimOutcome simulate_spatial(const compiler::Plan& plan, const SimOptions& options) {
  const auto& arch = *plan.arch;
  const auto& map = plan.mapping;
  const auto wall_start = std::chrono::steady_clock::now();
  const bool wafer = arch.mesh.has_value();

  // A layer group of g chips (g may be fractional: 36 chips over 32 layers) is ceil(g) chip
  // blocks sharing g chips' worth of datapath and memory, so the group's rates are the analytic
  // engine's; a wafer is `wafer_regions` region blocks.
  const double group = map.chips_per_layer;
  const int64_t chips = machine::layer_group_chips(map);
  if (wafer && chips > 1) {
    throw InfeasibleError(
        "systemc engine: a layer split over several wafers is not simulated (use --engine "
        "analytic)");
  }
  int64_t regions = 1, side = 0;
  if (wafer) {
    regions = options.wafer_regions;
    side = std::llround(std::sqrt(static_cast<double>(regions)));
    if (regions < 1 || side * side != regions || regions > arch.mesh->cores) {
      throw InfeasibleError(fmt::format(
          "systemc engine: wafer_regions {} must be a square number of at most {} cores", regions,
          arch.mesh->cores));
    }
  }
  const int64_t batch = plan.scenario.batch;
  const int64_t micro =
      options.micro_batches > 0 ? options.micro_batches : compiler::choose_micro_batches(plan);
  if (micro > batch) {
    throw InfeasibleError(
        fmt::format("systemc engine: {} micro-batches for a batch of {}", micro, batch));
  }
  if (options.spatial_tiles < 1)
    throw InfeasibleError("systemc engine: spatial_tiles must be >= 1");
  if (options.wafer_granule_elements < 1)
    throw InfeasibleError("systemc engine: wafer_granule_elements must be >= 1");

  SpatialTopSpec spec;
  spec.stages = map.pipeline_stages;
  spec.blocks_per_stage = chips * regions;
  spec.mesh_side = side;
  spec.micro_batches = micro;
  const double m = static_cast<double>(micro);
  const double act_bytes = bytes_per_element(plan.workload->dtypes.activations);
  spec.crossing_bytes =
      plan.tokens() / m * static_cast<double>(plan.workload->hidden_size) * act_bytes;
  const double share = group / static_cast<double>(spec.blocks_per_stage);
  const auto rates = machine::StaticScheduleRates::of(arch);
  const double dram_rate = rates.dram_bytes_per_s;
  SpatialChipSpec& b = spec.block;
  b.share = share;
  if (arch.sram) b.sram_bytes_per_s = rates.bytes_per_s(Residence::kSram) * share;
  if (arch.silicon_model)
    b.weight_array_bytes_per_s = rates.bytes_per_s(Residence::kSilicon) * share;
  b.weight_install_bytes_per_s = arch.compute.weight_install_bytes_per_s * share;
  const bool local_dram = (map.weights == Residence::kDram && !map.weights_streamed) ||
                          map.kv_cache == Residence::kDram;
  if (local_dram) b.dram_bytes_per_s = dram_rate * share;
  if (map.weights == Residence::kDram && map.weights_streamed)
    spec.external_bytes_per_s = dram_rate;
  if (wafer) {
    // A region's edge is `cores per region side` mesh links wide, and crossing the region is
    // that many hops.
    const double region_side =
        std::sqrt(static_cast<double>(arch.mesh->cores) / static_cast<double>(regions));
    b.link_bytes_per_s = region_side * arch.mesh->core_link_bandwidth_bytes_per_s;
    b.link_latency_s = region_side * arch.mesh->hop_latency_s;
    b.return_link = true;
  } else if (arch.links && chips > 1) {
    // A chip's link runs at the rate the group's all-reduce moves one chunk at.
    spec.chip_links = *arch.links;
    b.link_bytes_per_s =
        machine::collective_cost({workload::CollectiveKind::kAllReduce, 0.0, chips}, *arch.links)
            .link_bytes_per_s;
    b.link_latency_s = arch.links->hop_latency_s;
  }
  if (arch.links) {
    spec.stage_link_bytes_per_s = arch.links->bandwidth_bytes_per_s;
    spec.stage_link_latency_s = arch.links->hop_latency_s;
  }

  // Each micro-batch streams the weights again (they are read into the datapath per pass);
  // FLOPs, KV and activations divide over the micro-batches.
  const double blocks = static_cast<double>(spec.blocks_per_stage);
  std::vector<SpatialWork> works;
  for (const auto& op : plan.ops) {
    if (op.kind == workload::OpKind::kCollective) {
      throw InfeasibleError(
          fmt::format("systemc engine: {} has a collective ({}); --parallel on a {} chip is not "
                      "simulated (use --engine analytic)",
                      arch.id, op.name, config::name_of(arch.family)));
    }
    const double peak = rates.flops_per_s(op);
    SpatialWork w;
    w.name = op.name;
    w.slice.chip_s = op.flops / m / blocks / peak;
    w.slice.weight_bytes = op.weight_bytes / blocks;
    w.slice.install_bytes = rates.install_bytes(op) / blocks;
    w.slice.kv_bytes = (op.kv_read_bytes + op.kv_write_bytes) / m / blocks;
    w.slice.activation_bytes = op.activation_bytes / m / blocks;
    w.slice.tiles = options.spatial_tiles;
    if (wafer) {
      const int64_t granules =
          granules_of(op, plan, arch.mesh->cores, micro, options.wafer_granule_elements);
      w.loads = region_loads(granules, arch.mesh->cores, regions);
    }
    if (op.kind == workload::OpKind::kGemm && (wafer || (chips > 1 && arch.links))) {
      const auto& g = *op.gemm;
      w.reduce_bytes = static_cast<double>(g.groups) * g.m * g.n * act_bytes / m;
    }
    works.push_back(w);
  }
  const std::vector<compiler::PipelineStep> program = compiler::pipeline_program(plan, spec.stages);

  fresh_kernel();
  SimOutcome out;
  result::EngineTimings t;
  t.engine = "systemc";
  {
    std::unique_ptr<Trace> trace;
    if (!options.trace_path.empty()) trace = std::make_unique<Trace>();
    SpatialTop top("spatial", spec, program, works, map.weights, map.kv_cache, map.weights_streamed,
                   trace.get());
    sc_core::sc_start();
    if (trace) trace->write(options.trace_path);

    const double makespan_s = top.end_s();
    // What bounded each op is the static schedule's verdict (machine/static_schedule.h): the
    // blocks run at its rates, so the simulation changes how ops overlap, not what limits them.
    const DType activations = plan.workload->dtypes.activations;
    for (size_t i = 0; i < plan.ops.size(); ++i) {
      const auto bound = machine::static_op_bound(
          machine::static_op_time(plan.machine, map, activations, plan.ops[i]));
      t.ops.push_back({top.records()[i].time_s, bound});
    }
    t.crossings_s = top.crossing_s();
    t.latency_s = makespan_s;

    // Utilisation per stage (a layer group's chips, or a wafer's regions), then the shared parts.
    for (int64_t s = 0; s < spec.stages; ++s) {
      double compute_s = 0.0, memory_s = 0.0, link_s = 0.0;
      double install_s = 0.0;
      int64_t memories = 0, links = 0, installs = 0;
      for (int64_t i = 0; i < spec.blocks_per_stage; ++i) {
        const SpatialChip& c = top.m_blocks[s * spec.blocks_per_stage + i];
        compute_s += c.m_compute.s_busy.to_seconds();
        for (const RateServer* mem : {c.m_sram.get(), c.m_weight_arrays.get(), c.m_dram.get()}) {
          if (!mem) continue;
          memory_s += mem->s_busy.to_seconds();
          out.stats.hbm_transactions += mem->s_transactions;
          ++memories;
        }
        if (c.m_weight_install) {
          install_s += c.m_weight_install->s_busy.to_seconds();
          ++installs;
        }
        for (const Link* l : {c.m_link.get(), c.m_return.get()}) {
          if (!l) continue;
          link_s += l->s_busy.to_seconds();
          ++links;
        }
      }
      const std::string name = fmt::format("spatial.stage{}", s);
      t.units.push_back({name + ".compute", compute_s / blocks / makespan_s});
      if (memories > 0) t.units.push_back({name + ".memory", memory_s / memories / makespan_s});
      if (installs > 0)
        t.units.push_back({name + ".weight_install", install_s / installs / makespan_s});
      if (links > 0) t.units.push_back({name + ".links", link_s / links / makespan_s});
    }
    if (top.m_stage_links.size() > 0) {
      double busy_s = 0.0;
      for (const auto& l : top.m_stage_links) busy_s += l.s_busy.to_seconds();
      t.units.push_back({"spatial.m_stage_links",
                         busy_s / static_cast<double>(top.m_stage_links.size()) / makespan_s});
    }
    if (top.m_external) {
      t.units.push_back({"spatial.m_external", top.m_external->s_busy.to_seconds() / makespan_s});
      out.stats.hbm_transactions += top.m_external->s_transactions;
    }
    out.stats.simulated_s = makespan_s;
    out.stats.tiles = top.s_tiles;
    out.stats.kernels = top.s_ops;
  }
  out.stats.wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  if (micro > 1) {
    t.warnings.push_back(
        fmt::format("systemc: the batch ran as {} micro-batches through {} pipeline stages; "
                    "latency is the makespan, op times "
                    "are summed over micro-batches (stage busy time), so their shares add up to "
                    "more than 100% where stages "
                    "overlap",
                    micro, spec.stages));
  }
  if (!options.vcd_path.empty())
    t.warnings.push_back("systemc: --vcd is written for the gpu family only");
  out.result = result::assemble(plan, std::move(t));
  return out;
}

}  // namespace xpu::sim
