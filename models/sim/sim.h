// SPDX-License-Identifier: MIT
#pragma once
// The SystemC engine (docs/systemc_engine.md). Same input (the plan) and Result as
// analytical::evaluate, assembled by the same result/assemble.h from the simulated op times; it
// never runs the analytic engine. What it adds is what emerges from contention.
//   sim/gpu/      one GPU cycle-approximately: compute units, crossbar, sliced L2, channelled HBM
//                 with banks, a chip-level throughput limit, a kernel scheduler, and collectives
//                 as ring steps on the GPU's link (units, HBM channels and links shared between
//                 tiles, kernels and streams; load/compute overlap inside a kernel; wave tails);
//   sim/spatial/  the statically scheduled families: a pipeline of chips (or wafer regions)
//                 joined by links, micro-batches flowing through it;
//   sim/modules/  what both use: links, fixed-rate servers, the trace, the SystemC kernel reset.
#include <cstdint>
#include <functional>
#include <string>

#include "compiler/plan.h"
#include "result/result.h"

namespace xpu::sim {

struct SimOptions {
  // Independent copies of the plan's op sequence issued concurrently on one chip (CUDA
  // streams). They share the units and the HBM; latency is the makespan.
  int64_t streams = 1;
  // HBM channel count and unloaded latency come from the arch file (memory.dram.channels_per_stack,
  // latency_ns); the latency bounds per-unit bandwidth via the pipeline depth, not the
  // streaming rate.
  double hbm_interleave_bytes = 256;  // address interleave between channels
  // L2 slices, bandwidth, hit latency and the units' crossbar ports come from the arch file
  // (memory.l2); the interleave between slices is assumed.
  double l2_interleave_bytes = 256;
  // A tile's k-loop is coalesced into stages of about this many bytes; each stage is one load
  // (one transaction per channel it touches) and one compute step.
  double stage_bytes = 128 * 1024;
  int64_t max_stages_per_tile = 16;
  double elementwise_chunk_bytes = 256 * 1024;  // element-wise kernels: bytes per tile
  // ... but a smaller kernel is spread over up to every unit, one tile per this many bytes at
  // least: a 256-thread block moving 16 B per thread (A: the vectorised launches PyTorch and
  // the serving frameworks use for element-wise kernels).
  double elementwise_block_bytes = 4 * 1024;
  int64_t attention_query_block = 128;  // prefill attention: query rows per tile
  // GPUs, one stream, no trace or waveform: a decoder layer repeated more often than this is
  // simulated this many times and its last copy replayed for the rest (0: simulate every one).
  int64_t simulated_layers = 2;
  std::string trace_path;   // Chrome trace-event JSON (chrome://tracing, Perfetto); "" = none
  int64_t trace_units = 4;  // compute units given their own track in the trace
  std::string vcd_path;     // VCD waveform of streams, SMs, HBM channels (sim/gpu/vcd.h); "" = none
  // GPUs: told the kernels issued so far and the program's total, every millisecond of simulated
  // time, so that a long simulation can show a progress bar (apps/cli: on a terminal only).
  std::function<void(int64_t issued, int64_t total)> progress;
  // Statically scheduled families (sim/spatial/spatial_top.h).
  int64_t micro_batches = 0;  // the batch is split into this many; 0 = the fastest estimate
                              // (compiler/static_pipeline.h)
  int64_t spatial_tiles =
      8;  // tile transactions per op on each chip or region (bounds fill/drain to 1/8)
  int64_t wafer_regions =
      64;  // blocks a wafer's cores are grouped into (a square); = cores: every core its own
  int64_t wafer_granule_elements =
      8;  // width of the work granules a wafer core holds (sim/spatial/wafer_granules.h)
};

// What the simulation itself cost, for the engine's own speed figures.
struct SimStats {
  double wall_s = 0.0;
  double simulated_s =
      0.0;  // makespan on the simulation clock, before the energy model's power cap
  int64_t hbm_transactions = 0;
  int64_t l2_transactions = 0;    // slice transactions (GPU)
  int64_t xbar_transactions = 0;  // crossbar port transactions (GPU)
  int64_t tiles = 0;
  int64_t kernels = 0;
  double l2_hit_fraction = 0.0;  // reads served without a new HBM read (hits and merged misses)
  double hbm_bytes = 0.0;        // read from and written to the HBM through the L2 (GPU)
  double link_bytes = 0.0;  // one chip put on its scale-up link, all streams' collectives (GPU)
  int64_t transactions() const { return hbm_transactions + l2_transactions + xbar_transactions; }
  double transactions_per_s() const { return wall_s > 0.0 ? transactions() / wall_s : 0.0; }
};

struct SimOutcome {
  Result result;
  SimStats stats;
};

// One elaboration and simulation, on a thread of its own (simulate.cpp says why). May be called
// repeatedly in one process (the SystemC kernel is swapped for a fresh one between runs), but
// never from two threads at once.
SimOutcome simulate(const compiler::Plan& plan, const SimOptions& options = {});

inline Result run(const compiler::Plan& plan, const SimOptions& options = {}) {
  return simulate(plan, options).result;
}

}  // namespace xpu::sim
