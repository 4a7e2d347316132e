// SPDX-License-Identifier: MIT
#include "compiler/placement.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "common/units.h"

namespace xpu::compiler {

namespace {

using machine::Placement;

double gb(double bytes) { return bytes / units::kGiga; }

[[noreturn]] void does_not_fit(const config::ArchSpec& arch, const config::WorkloadSpec& w,
                               const MemoryFootprint& m, double capacity, int64_t chips,
                               const std::string& memory_kind, const std::string& advice) {
  throw DoesNotFitError(
      fmt::format("{} does not fit on {} x {}: needs {:.1f} GB (weights {:.1f} + KV cache {:.1f} + "
                  "activations {:.1f}) but {} {} {} {:.1f} GB of {}; {}",
                  w.name, chips, arch.name, gb(m.total()), gb(m.weight_bytes), gb(m.kv_cache_bytes),
                  gb(m.activation_bytes), chips, arch.id, chips == 1 ? "has" : "have", gb(capacity),
                  memory_kind, advice));
}

int64_t chips_needed(double bytes, double per_chip) {
  const double chips = std::ceil(bytes / per_chip - 1e-9);
  // Converting a count beyond int64 (a near-zero capacity in a spec file) would be undefined.
  constexpr double kMaxChips = 1e15;
  if (!(chips <= kMaxChips)) {
    throw DoesNotFitError(
        fmt::format("does not fit: {:.3g} bytes at {:.3g} bytes per chip would need "
                    "more than {:g} chips",
                    bytes, per_chip, kMaxChips));
  }
  return std::max<int64_t>(1, static_cast<int64_t>(chips));
}

// A chip count given by the user must be at least the minimum that fits.
int64_t chosen_chips(const workload::Scenario& s, int64_t minimum, const config::ArchSpec& arch,
                     const config::WorkloadSpec& w, const MemoryFootprint& m, double per_chip,
                     const std::string& memory_kind) {
  if (!s.chips) return minimum;
  if (*s.chips < minimum) {
    does_not_fit(arch, w, m, per_chip * *s.chips, *s.chips, memory_kind,
                 fmt::format("at least {} chips are needed", minimum));
  }
  return *s.chips;
}

// Layers are spread evenly: with more chips than layers each layer is split over several
// chips; with fewer, each chip holds a run of consecutive layers. Either way activations move
// between chips, which needs links to time and price them.
void spread_layers(Mapping& m, int64_t layers, const config::ArchSpec& arch) {
  if (m.chips > 1 && !arch.links) {
    throw InfeasibleError(
        fmt::format("{}: {} chips pass activations between them, which needs a [links] section",
                    arch.file, m.chips));
  }
  m.chips_per_layer = std::max(1.0, static_cast<double>(m.chips) / layers);
  m.pipeline_stages = std::min(m.chips, layers);
}

// What one chip of a tensor x pipeline group holds: its share of the weights, of the KV cache
// (KV heads fewer than tp are replicated, one per chip) and its live activations.
MemoryFootprint per_chip(const MemoryFootprint& m, const config::WorkloadSpec& w,
                         const workload::Parallelism& p) {
  const double split = static_cast<double>(p.tp * p.pp);
  const double kv_heads_per_chip = std::max(1.0, static_cast<double>(w.kv_heads) / p.tp);
  const double kv_share = w.mla ? 1.0 / p.pp : kv_heads_per_chip / w.kv_heads / p.pp;
  return {m.weight_bytes / split, m.kv_cache_bytes / p.dp * kv_share, m.activation_bytes};
}

// GPUs and hardwired chips: tp x pp chips hold one replica, dp replicas share the batch.
Mapping place_partitioned(Mapping map, const config::ArchSpec& arch, const config::WorkloadSpec& w,
                          const workload::Scenario& s, const MemoryFootprint& m) {
  const auto& p = s.parallel;
  if (s.chips && *s.chips != p.chips()) {
    throw InfeasibleError(fmt::format("--chips {} but --parallel tp={} pp={} dp={} uses {} chips",
                                      *s.chips, p.tp, p.pp, p.dp, p.chips()));
  }
  if ((p.tp > 1 || p.pp > 1) && !arch.links) {
    throw InfeasibleError(fmt::format("{}: tp/pp across chips needs a [links] section", arch.file));
  }
  const MemoryFootprint chip = per_chip(m, w, p);
  if (chip.total() > arch.dram->capacity_bytes) {
    does_not_fit(arch, w, chip, arch.dram->capacity_bytes, 1, arch.dram->technology,
                 p.chips() == 1
                     ? "use more chips (--parallel tp=N), a smaller dtype, batch or context"
                     : "per chip of this layout; raise tp or pp, or lower batch or context");
  }
  map.chips = p.chips();
  map.pipeline_stages = p.pp;
  return map;
}

Mapping place_in_silicon(Mapping map, const config::ArchSpec& arch, const config::WorkloadSpec& w,
                         const workload::Scenario& s, const MemoryFootprint& m,
                         const workload::ParameterCount& params) {
  const auto& model = *arch.silicon_model;
  if (model.workload_id != w.id) {
    throw InfeasibleError(
        fmt::format("{} has the weights of '{}' fixed in silicon and cannot run '{}'", arch.id,
                    model.workload_id, w.id));
  }
  const int64_t for_weights = chips_needed(params.total, model.weight_capacity_params);
  map.chips = chosen_chips(s, for_weights, arch, w, m, model.weight_capacity_params, "silicon");
  // The KV cache and activations live in the SRAM of the chips used, as many as given.
  const double runtime_bytes = m.kv_cache_bytes + m.activation_bytes;
  if (runtime_bytes > map.chips * arch.sram->capacity_bytes) {
    MemoryFootprint runtime = m;
    runtime.weight_bytes = 0.0;
    does_not_fit(arch, w, runtime, map.chips * arch.sram->capacity_bytes, map.chips,
                 "SRAM for KV cache", "reduce batch or context");
  }
  spread_layers(map, w.layers, arch);
  return map;
}

Mapping place_sram_only(Mapping map, const config::ArchSpec& arch, const config::WorkloadSpec& w,
                        const workload::Scenario& s, const MemoryFootprint& m) {
  const int64_t minimum = chips_needed(m.total(), arch.sram->capacity_bytes);
  map.chips = chosen_chips(s, minimum, arch, w, m, arch.sram->capacity_bytes, "SRAM");
  spread_layers(map, w.layers, arch);
  return map;
}

// A wafer keeps everything in SRAM when it fits on the wafers given; otherwise, with external
// memory attached, weights stream from it every step and only the KV cache stays on the wafer.
Mapping place_wafer(Mapping map, const config::ArchSpec& arch, const config::WorkloadSpec& w,
                    const workload::Scenario& s, const MemoryFootprint& m) {
  const double sram = arch.sram->capacity_bytes;
  const int64_t resident = chips_needed(m.total(), sram);
  if (!s.chips || *s.chips >= resident) {
    map.chips = s.chips.value_or(resident);
  } else if (arch.dram) {
    map.weights = Residence::kDram;
    map.weights_streamed = true;
    map.chips = *s.chips;
    const double runtime = m.kv_cache_bytes + m.activation_bytes;
    if (runtime > map.chips * sram) {
      does_not_fit(arch, w, m, map.chips * sram, map.chips, "SRAM for KV cache",
                   "reduce batch or context, or add wafers");
    }
    if (m.weight_bytes > arch.dram->capacity_bytes) {
      does_not_fit(arch, w, m, arch.dram->capacity_bytes, 1, arch.dram->technology,
                   "the external weight store is too small");
    }
  } else {
    does_not_fit(arch, w, m, *s.chips * sram, *s.chips, "SRAM",
                 fmt::format("at least {} wafers are needed", resident));
  }
  spread_layers(map, w.layers, arch);
  return map;
}

}  // namespace

void check_supported(const config::ArchSpec& arch, const std::vector<workload::Op>& ops) {
  if (!arch.hardwired) return;
  const auto& supported = arch.hardwired->supported_features;
  for (const auto& op : ops) {
    if (op.feature.empty()) continue;
    if (std::find(supported.begin(), supported.end(), op.feature) == supported.end()) {
      std::string list;
      for (const auto& f : supported) list += (list.empty() ? "" : ", ") + f;
      throw InfeasibleError(fmt::format(
          "{} is a fixed-function transformer datapath: operator '{}' needs '{}', which it does "
          "not implement (it implements: {})",
          arch.id, op.name, op.feature, list));
    }
  }
}

Mapping place(const machine::Machine& machine, const config::WorkloadSpec& w,
              const workload::Scenario& s, const MemoryFootprint& m) {
  const auto& arch = *machine.arch;
  const auto& p = s.parallel;
  if (!machine.traits->parallel_layouts && (p.tp > 1 || p.pp > 1 || p.ep > 1 || p.dp > 1)) {
    throw InfeasibleError(fmt::format(
        "{}: --parallel applies to GPUs and hardwired chips; a {} system lays layers over chips "
        "itself (use --chips)",
        arch.id, name_of(arch.family)));
  }
  // The family's residences; a wafer given too few wafers streams its weights instead.
  Mapping map;
  map.weights = machine.traits->weights;
  map.kv_cache = machine.traits->kv_cache;
  switch (machine.traits->placement) {
    case Placement::kReplicaPerChip: return place_partitioned(map, arch, w, s, m);
    case Placement::kWeightsInSilicon:
      return place_in_silicon(map, arch, w, s, m, workload::count_parameters(w, w.layers));
    case Placement::kShardedSram: return place_sram_only(map, arch, w, s, m);
    case Placement::kWaferSram: return place_wafer(map, arch, w, s, m);
  }
  return {};
}

}  // namespace xpu::compiler
