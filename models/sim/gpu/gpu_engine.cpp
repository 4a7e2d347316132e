// SPDX-License-Identifier: MIT
// The GPU engine: builds the program of kernels, elaborates the GPU, runs it and hands the
// simulated op times to the result assembler (result/assemble.h), as the analytic engine does.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <systemc>

#include "common/error.h"
#include "result/assemble.h"
#include "sim/engines.h"
#include "sim/gpu/gpu_top.h"
#include "sim/gpu/kernel_work.h"
#include "sim/gpu/vcd.h"
#include "sim/modules/systemc_kernel.h"
#include "sim/sim.h"

namespace xpu::sim {

namespace {

// Ops [first, end) of the plan, one decoder layer, run `extra` more times than simulated.
struct Replay {
  size_t first = 0, end = 0;
  int64_t extra = 0;
};

// The order a GPU runs the plan's ops: consecutive ops sharing a repeat count > 1 are one
// decoder layer, run `repeat` times over before the next op. Collectives (tensor-parallel
// reductions, pipeline stage transfers) are steps of the program like kernels. With
// `simulated_layers` > 0, a layer repeated more often is simulated that many times; the
// layers are identical, so once the L2 and the HBM banks hold what a previous layer left (the
// second copy), each further one takes the time of the last simulated copy (`replays`).
std::vector<Step> program_of(const compiler::Plan& plan,
                             const std::vector<std::optional<KernelWork>>& works,
                             int64_t simulated_layers, std::vector<Replay>& replays) {
  std::vector<Step> program;
  const auto& ops = plan.ops;
  auto step = [&](size_t i) {
    if (works[i]) return Step{i, &*works[i], nullptr, {}};
    return Step{i, nullptr, &*ops[i].collective, ops[i].name};
  };
  for (size_t i = 0; i < ops.size();) {
    size_t j = i + 1;
    while (j < ops.size() && ops[i].repeat > 1 && ops[j].repeat == ops[i].repeat) ++j;
    int64_t copies = ops[i].repeat;
    if (simulated_layers > 0 && copies > simulated_layers) {
      replays.push_back({i, j, copies - simulated_layers});
      copies = simulated_layers;
    }
    for (int64_t r = 0; r < copies; ++r) {
      for (size_t k = i; k < j; ++k) program.push_back(step(k));
    }
    i = j;
  }
  return program;
}

Bound bound_of(const OpRecord& rec, double units, double channels) {
  const double active_s = rec.time_s - rec.overhead_s;
  if (rec.overhead_s >= active_s) return Bound::kOverhead;
  if (rec.hbm_busy_s / channels / active_s >= 0.7) return Bound::kMemory;
  if (rec.compute_busy_s / units / active_s >= 0.5) return Bound::kCompute;
  return Bound::kQuantisation;  // neither saturated: too few tiles, fill and drain
}

// The L2 and the units' crossbar ports, from the arch file's memory.l2.
void set_l2_and_crossbar(GpuTopSpec& spec, const config::ArchSpec& arch,
                         const SimOptions& options) {
  const auto& l2 = arch.l2;
  if (!l2 || l2->bandwidth_bytes_per_s == 0.0 || l2->latency_s == 0.0 || l2->slices == 0 ||
      l2->sm_port_bytes_per_clock == 0.0 || l2->multicast_units == 0) {
    throw InfeasibleError(
        fmt::format("{}: the SystemC engine needs memory.l2.capacity_mb, bandwidth_tbs, "
                    "latency_ns, slices, sm_port_bytes_per_clock and multicast_units",
                    arch.file));
  }
  spec.l2.slices = l2->slices;
  spec.l2.slice_bytes_per_s = l2->bandwidth_bytes_per_s / static_cast<double>(l2->slices);
  spec.l2.hit_latency_s = l2->latency_s;
  spec.l2.capacity_bytes = l2->capacity_bytes;
  spec.l2.interleave_bytes = options.l2_interleave_bytes;
  spec.port_bytes_per_s = l2->sm_port_bytes_per_clock * arch.compute.boost_clock_hz;
}

}  // namespace

SimOutcome simulate_gpu(const compiler::Plan& plan, const SimOptions& options) {
  const auto& arch = *plan.arch;
  if (options.streams < 1) throw InfeasibleError("systemc engine: streams must be >= 1");
  const auto wall_start = std::chrono::steady_clock::now();

  std::vector<std::optional<KernelWork>> works;
  for (const auto& op : plan.ops) {
    if (op.kind == workload::OpKind::kCollective) {
      works.emplace_back();
    } else {
      works.emplace_back(kernel_work(op, plan.machine, options));
    }
  }
  // Replaying needs the whole program's timeline in one stream; traces and waveforms show
  // every layer.
  const bool replay =
      options.streams == 1 && options.trace_path.empty() && options.vcd_path.empty();
  std::vector<Replay> replays;
  const std::vector<Step> program =
      program_of(plan, works, replay ? options.simulated_layers : 0, replays);

  GpuTopSpec spec;
  spec.units = arch.compute.units;
  spec.streams = options.streams;
  const auto& dram = *arch.dram;
  if (dram.channels_per_stack == 0 || dram.latency_s == 0.0 || dram.banks_per_channel == 0 ||
      dram.row_bytes == 0.0 || dram.row_cycle_s == 0.0) {
    throw InfeasibleError(
        fmt::format("{}: the SystemC engine needs memory.dram.channels_per_stack, latency_ns, "
                    "banks_per_channel, row_bytes and row_cycle_ns",
                    arch.file));
  }
  spec.hbm.bank = {dram.banks_per_channel, dram.row_bytes, dram.row_cycle_s};
  spec.hbm.channels = dram.stacks * dram.channels_per_stack;
  spec.hbm.channel_bytes_per_s =
      dram.bandwidth_bytes_per_s / static_cast<double>(spec.hbm.channels);
  spec.hbm.latency_s = dram.latency_s;
  spec.hbm.interleave_bytes = options.hbm_interleave_bytes;
  set_l2_and_crossbar(spec, arch, options);
  if (arch.links) {
    spec.links.link_bytes_per_s = arch.links->bandwidth_bytes_per_s;
    spec.links.link_latency_s = arch.links->hop_latency_s;
  }
  spec.links.dram_efficiency = plan.machine.calibration.gemm.dram_efficiency;
  spec.links.buffer_address = uint64_t{1} << 48;  // above every kernel's operands
  std::unique_ptr<Trace> trace;
  if (!options.trace_path.empty()) {
    trace = std::make_unique<Trace>();
    spec.traced_units = options.trace_units;
  }

  fresh_kernel();
  SimOutcome out;
  result::EngineTimings t;
  t.engine = "systemc";
  t.streams = options.streams;
  {
    GpuTop gpu("gpu", spec, program, plan.ops.size(), trace.get());
    std::optional<VcdRecorder> vcd;
    if (!options.vcd_path.empty()) vcd.emplace(options.vcd_path, gpu);
    sc_core::sc_start();
    vcd.reset();  // closes the file

    double simulated_s = 0.0;
    for (int64_t s = 0; s < options.streams; ++s)
      simulated_s = std::max(simulated_s, gpu.m_scheduler.stream_end_s(s));
    std::vector<OpRecord> records = gpu.m_scheduler.op_records(0);
    double makespan_s = simulated_s;
    for (const Replay& r : replays) {
      for (size_t k = r.first; k < r.end; ++k) {
        const OpRecord& last = gpu.m_scheduler.last_records(0)[k];
        records[k].add(last, static_cast<double>(r.extra));
        makespan_s += static_cast<double>(r.extra) * last.time_s;
      }
    }
    const double units = static_cast<double>(spec.units);
    const double channels = static_cast<double>(spec.hbm.channels);
    for (size_t i = 0; i < plan.ops.size(); ++i) {
      t.ops.push_back(
          {records[i].time_s, works[i] ? bound_of(records[i], units, channels) : Bound::kNetwork});
    }
    t.latency_s = makespan_s;

    double sm_busy_s = 0.0;
    for (const auto& sm : gpu.m_sms) sm_busy_s += sm.s_busy.to_seconds();
    double hbm_busy_s = 0.0;
    for (const auto& ch : gpu.m_hbm.channels()) {
      hbm_busy_s += ch->s_busy.to_seconds();
      out.stats.hbm_transactions += ch->s_transactions;
    }
    double slice_busy_s = 0.0;
    for (const auto& slice : gpu.m_l2.slices()) {
      slice_busy_s += slice->s_busy.to_seconds();
      out.stats.l2_transactions += slice->s_transactions;
    }
    double port_busy_s = 0.0;
    for (const auto& port : gpu.m_xbar.m_ports) {
      port_busy_s += port.m_link.s_busy.to_seconds();
      out.stats.xbar_transactions += port.m_link.s_transactions;
    }
    // Utilisations over the simulated time (the replayed layers are copies of it).
    t.units = {{"gpu.m_sms", sm_busy_s / units / simulated_s},
               {"gpu.m_hbm", hbm_busy_s / channels / simulated_s},
               {"gpu.m_throttle", gpu.m_throttle.s_busy.to_seconds() / simulated_s},
               {"gpu.m_l2", slice_busy_s / static_cast<double>(spec.l2.slices) / simulated_s},
               {"gpu.m_xbar", port_busy_s / units / simulated_s},
               {"gpu.m_collectives.m_egress",
                gpu.m_collectives.m_egress.s_busy.to_seconds() / simulated_s}};
    out.stats.l2_hit_fraction = gpu.m_l2.hit_fraction();
    out.stats.hbm_bytes = gpu.m_l2.s_hbm_bytes;
    out.stats.link_bytes = gpu.m_collectives.s_sent_bytes;
    out.stats.simulated_s = makespan_s;
    out.stats.tiles = gpu.m_scheduler.s_tiles;
    out.stats.kernels = gpu.m_scheduler.s_kernels;
  }
  out.stats.wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

  if (options.streams > 1) {
    t.warnings.push_back(
        fmt::format("systemc: {} streams ran the plan concurrently; latency is the makespan; op "
                    "times, FLOPs, bytes and "
                    "energy are one stream's",
                    options.streams));
  }
  if (trace) trace->write(options.trace_path);
  out.result = result::assemble(plan, std::move(t));
  return out;
}

}  // namespace xpu::sim
