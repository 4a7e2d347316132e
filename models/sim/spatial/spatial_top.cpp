// SPDX-License-Identifier: MIT
#include "sim/spatial/spatial_top.h"

#include <fmt/format.h>

#include <algorithm>

#include "machine/collectives.h"

namespace xpu::sim {

using compiler::Residence;
using sc_core::sc_time;

SpatialTop::SpatialTop(sc_core::sc_module_name name, const SpatialTopSpec& spec,
                       const std::vector<compiler::PipelineStep>& program,
                       const std::vector<SpatialWork>& works, Residence weights_in, Residence kv_in,
                       bool weights_streamed, Trace* trace)
    : sc_module(name),
      m_external(spec.external_bytes_per_s > 0.0
                     ? std::make_unique<RateServer>("m_external", spec.external_bytes_per_s)
                     : nullptr),
      m_blocks("m_blocks"),
      m_stage_links("m_stage_links"),
      m_spec(spec),
      m_program(program),
      m_works(works),
      m_weights_in(weights_in),
      m_kv_in(kv_in),
      m_weights_streamed(weights_streamed),
      m_trace(trace),
      m_turn(spec.stages, 0),
      m_records(works.size()) {
  m_blocks.init(spec.stages * spec.blocks_per_stage,
                [&](const char* n, size_t) { return new SpatialChip(n, spec.block); });
  if (spec.stage_link_bytes_per_s > 0.0 && spec.stages > 1) {
    m_stage_links.init(spec.stages - 1, [&](const char* n, size_t) {
      return new Link(n, spec.stage_link_bytes_per_s, spec.stage_link_latency_s);
    });
  }
  for (int64_t s = 0; s < spec.stages; ++s) {
    m_stage_free.push_back(std::make_unique<sc_core::sc_event>());
    if (m_trace) m_trace->name_track(Trace::kOps, s, fmt::format("stage {}", s));
  }
  // Each block of a stage (a wafer region, or a chip) on a track of its own, so that the
  // placement's imbalance shows: a block idles while the stage waits for its most-loaded one.
  if (m_trace) {
    for (int64_t s = 0; s < spec.stages; ++s) {
      for (int64_t i = 0; i < spec.blocks_per_stage; ++i) {
        m_trace->name_track(
            Trace::kUnits, s * spec.blocks_per_stage + i,
            fmt::format("stage {} {} {}", s, spec.mesh_side > 0 ? "region" : "chip", i));
      }
    }
  }
  if (m_trace && spec.stages > 1) m_trace->name_track(Trace::kLinks, 0, "stage links");
  // Each link between two stages on a track of its own, after the stages' reduction tracks.
  for (int64_t s = 0; m_trace && s < static_cast<int64_t>(m_stage_links.size()); ++s)
    m_trace->name_track(Trace::kLinks, 1 + spec.stages + s, fmt::format("link {} -> {}", s, s + 1));
  // A stage's reductions on a track of their own: its chips' links, or its wafer regions' mesh.
  if (m_trace && spec.block.link_bytes_per_s > 0.0) {
    for (int64_t s = 0; s < spec.stages; ++s) {
      m_trace->name_track(
          Trace::kLinks, 1 + s,
          fmt::format("stage {} {}", s, spec.mesh_side > 0 ? "mesh" : "chip links"));
    }
  }
  for (int64_t k = 0; k < spec.micro_batches; ++k) {
    sc_core::sc_spawn([this, k] { micro_batch(k); }, fmt::format("micro_batch{}", k).c_str());
  }
}

// A stage serves micro-batches in issue order, one at a time: its datapath is laid out for one
// token batch's pass through its layers, as a static schedule is.
void SpatialTop::enter(int64_t stage, int64_t k) {
  while (m_turn[stage] != k) wait(*m_stage_free[stage]);
}

void SpatialTop::leave(int64_t stage) {
  ++m_turn[stage];
  m_stage_free[stage]->notify(sc_core::SC_ZERO_TIME);
}

RateServer* SpatialTop::source(Residence where, SpatialChip& b) const {
  switch (where) {
    case Residence::kSram: return b.m_sram.get();
    case Residence::kSilicon: return b.m_weight_arrays.get();
    case Residence::kDram: return b.m_dram.get();
  }
  return nullptr;
}

// The partial outputs of a GEMM split over the stage's blocks. Every transfer is a link
// transaction, so a reduction waits for links another micro-batch is using.
sc_time SpatialTop::reduce(int64_t stage, double bytes) {
  const sc_time now = sc_core::sc_time_stamp();
  sc_time done = now;
  const int64_t side = m_spec.mesh_side;
  if (side > 0) {
    // Wafer: each mesh row of regions reduces its share of the output along the row and
    // broadcasts the sum back; the stream is cut-through, so a hop starts as soon as the first
    // bytes arrive. Rows run in parallel on their own links.
    const double row_bytes = bytes / static_cast<double>(side);
    for (int64_t r = 0; r < side; ++r) {
      sc_time t = now;
      Arrival last{now, now};
      for (int64_t j = 0; j < side; ++j) {
        last = block(stage, r * side + j).m_link->transfer(t, row_bytes);
        t = last.head;
      }
      done = std::max(done, last.tail);
      for (int64_t j = side - 1; j >= 0; --j) {
        last = block(stage, r * side + j).m_return->transfer(t, row_bytes);
        t = last.head;
      }
      done = std::max(done, last.tail);
    }
    return done;
  }
  // Chips: the all-reduce of machine::collective_cost, step by step; in each step every chip
  // sends its chunk over its link (to its ring neighbour, or inside a fully connected node to
  // each peer on a link of its own, all alike) and the step ends when the last chunk has arrived
  // (store and forward: the receiver adds its own part before passing it on).
  const int64_t n = m_spec.blocks_per_stage;
  const auto cost =
      machine::collective_cost({workload::CollectiveKind::kAllReduce, bytes, n}, m_spec.chip_links);
  sc_time t = now;
  for (int64_t step = 0; step < cost.steps(); ++step) {
    sc_time next = t;
    for (int64_t c = 0; c < n; ++c)
      next = std::max(next, block(stage, c).m_link->transfer(t, cost.chunk_bytes).tail);
    t = next;
  }
  return t;
}

void SpatialTop::micro_batch(int64_t k) {
  auto now = [] { return sc_core::sc_time_stamp(); };
  int64_t stage = -1;
  for (const compiler::PipelineStep& step : m_program) {
    if (step.stage != stage) {
      if (stage >= 0) {
        // The micro-batch's hidden state moves to the next stage; this stage takes the next
        // micro-batch meanwhile.
        leave(stage);
        const sc_time t0 = now();
        for (int64_t s = stage; s < step.stage && m_stage_links.size() > 0; ++s) {
          const sc_time hop_start = now();
          wait(m_stage_links[s].transfer(now(), m_spec.crossing_bytes).tail - now());
          if (m_trace) {
            m_trace->span(Trace::kLinks, 1 + m_spec.stages + s, "hidden state",
                          hop_start.to_seconds(), now().to_seconds(),
                          fmt::format("micro-batch {}, {:.0f} bytes", k, m_spec.crossing_bytes));
          }
        }
        m_crossing_s += (now() - t0).to_seconds();
        if (m_trace) {
          m_trace->span(Trace::kLinks, 0, fmt::format("stage {} -> {}", stage, step.stage),
                        t0.to_seconds(), now().to_seconds(), fmt::format("micro-batch {}", k));
        }
      }
      enter(step.stage, k);
      stage = step.stage;
    }
    const sc_time t0 = now();
    const SpatialWork& w = m_works[step.op_index];
    sc_time end = t0;
    for (int64_t i = 0; i < m_spec.blocks_per_stage; ++i) {
      SpatialChip& b = block(stage, i);
      SpatialSlice slice = w.slice;
      const bool shared_weights = m_weights_streamed && m_external;
      slice.weights = shared_weights ? m_external.get() : source(m_weights_in, b);
      slice.kv = source(m_kv_in, b);
      if (!w.loads.empty()) {
        // A region runs at its most-loaded core's pace on its own datapath and memories, but
        // draws on a store shared by the whole system with all its cores' bytes together.
        const RegionLoad& load = w.loads[i];
        slice.chip_s *= load.critical;
        slice.kv_bytes *= load.critical;
        slice.activation_bytes *= load.critical;
        slice.weight_bytes *= shared_weights ? load.traffic : load.critical;
        slice.install_bytes *= load.critical;
      }
      const sc_time block_end = b.run(slice, t0);
      end = std::max(end, block_end);
      if (m_trace) {
        m_trace->span(Trace::kUnits, stage * m_spec.blocks_per_stage + i, std::string(w.name),
                      t0.to_seconds(), block_end.to_seconds(), fmt::format("micro-batch {}", k));
      }
    }
    wait(end - t0);
    const sc_time t1 = now();
    if (w.reduce_bytes > 0.0) {
      wait(reduce(stage, w.reduce_bytes) - t1);
      if (m_trace) {
        m_trace->span(Trace::kLinks, 1 + stage, std::string(w.name) + " reduction", t1.to_seconds(),
                      now().to_seconds(),
                      fmt::format("micro-batch {}, {:.0f} bytes", k, w.reduce_bytes));
      }
    }
    if (m_trace) {
      m_trace->span(
          Trace::kOps, stage, std::string(w.name), t0.to_seconds(), now().to_seconds(),
          fmt::format("micro-batch {}{}", k, w.reduce_bytes > 0.0 ? ", then its reduction" : ""));
    }
    SpatialRecord& rec = m_records[step.op_index];
    rec.time_s += (now() - t0).to_seconds();
    rec.reduction_s += (now() - t1).to_seconds();
    ++s_ops;
    s_tiles += w.slice.tiles * m_spec.blocks_per_stage;
  }
  if (stage >= 0) leave(stage);
  m_end_s = std::max(m_end_s, now().to_seconds());
}

}  // namespace xpu::sim
