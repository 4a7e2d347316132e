// SPDX-License-Identifier: MIT
#include "apps/cli/serve_pools.h"

#include <fmt/format.h>

#include "common/error.h"
#include "serving/offline.h"

namespace xpu::cli {

namespace {

// One pool's layout on its chips: tp as given (data parallelism filling the rest), else the
// offline layout search's best on those chips, as the offline result of that layout (its chips
// per replica: serving::chips_per_replica). InfeasibleError when one replica needs more.
serving::OfflineResult pool_layout(const config::ArchSpec& arch,
                                   const config::WorkloadSpec& workload,
                                   const serving::ServingSpec& scenario, const char* pool,
                                   int64_t chips, std::optional<int64_t> tp, const Engine& engine) {
  serving::OfflineRequest req;
  req.chips = chips;
  req.engine = engine;
  req.input_tokens = scenario.input_tokens;
  req.output_tokens = scenario.output_tokens;
  if (tp) req.parallel = workload::Parallelism{*tp, 1, 1, chips / *tp};
  const auto r = [&] {
    try {
      return serving::offline_throughput(arch, workload, req);
    } catch (const InfeasibleError& e) {
      throw InfeasibleError(fmt::format("the {} pool: {}", pool, e.what()));
    }
  }();
  if (r.decode.chips > chips) {
    throw InfeasibleError(fmt::format("the {} pool's {} chips cannot hold {}: one replica needs {}",
                                      pool, chips, workload.name, r.decode.chips));
  }
  return r;
}

nlohmann::json to_json(const serving::PoolStats& p, const workload::Parallelism& layout) {
  return {{"chips", p.replicas * p.chips_per_replica},
          {"replicas", p.replicas},
          {"parallel", {{"tp", layout.tp}, {"pp", layout.pp}, {"ep", layout.ep}}},
          {"utilisation", p.busy_fraction},
          {"iterations", p.iterations},
          {"energy_j", p.energy_j},
          {"kv_capacity_tokens_per_replica", p.kv_capacity_tokens_per_replica}};
}

}  // namespace

PoolRun run_pools(const config::ArchSpec& arch, const config::WorkloadSpec& workload,
                  const serving::ServingSpec& scenario, const serving::DisaggregationSpec& split,
                  const serving::Traffic& traffic, const serving::BatchingPolicy& policy,
                  const Engine& engine, const std::function<void()>& on_request_done,
                  serving::DisaggregatedSchedule* schedule) {
  PoolRun run;
  const auto prefill_offline = pool_layout(arch, workload, scenario, "prefill", split.prefill_chips,
                                           split.prefill_tp, engine);
  const auto decode_offline =
      pool_layout(arch, workload, scenario, "decode", split.decode_chips, split.decode_tp, engine);
  run.prefill_layout = prefill_offline.parallel;
  run.decode_layout = decode_offline.parallel;
  const int64_t bs = policy.kv_block_tokens;
  serving::StepTimer prefill_timer(arch, workload, run.prefill_layout,
                                   serving::chips_per_replica(prefill_offline), bs, engine);
  serving::StepTimer decode_timer(arch, workload, run.decode_layout,
                                  serving::chips_per_replica(decode_offline), bs, engine);
  const serving::Pool prefill{&prefill_timer, run.prefill_layout.dp};
  const serving::Pool decode{&decode_timer, run.decode_layout.dp};
  run.link =
      serving::kv_link(arch, prefill_timer.chips_per_replica(), decode_timer.chips_per_replica());
  run.result = serving::simulate_disaggregated(prefill, decode, run.link,
                                               serving::kv_bytes_per_token(workload), traffic,
                                               policy, scenario.slo, on_request_done, schedule);
  return run;
}

void add_pools_json(const PoolRun& run, nlohmann::json& j) {
  const auto& kv = run.result.kv_transfer;
  j["prefill_pool"] = to_json(run.result.prefill, run.prefill_layout);
  j["decode_pool"] = to_json(run.result.decode, run.decode_layout);
  j["kv_transfer"] = {{"transfers", kv.transfers},
                      {"bytes", kv.bytes},
                      {"time_p50_s", kv.time_s.p50},
                      {"time_p99_s", kv.time_s.p99},
                      {"handoff_p50_s", kv.handoff_s.p50},
                      {"handoff_p99_s", kv.handoff_s.p99},
                      {"energy_j", kv.energy_j},
                      {"link_bandwidth_bytes_per_s", run.link.bandwidth_bytes_per_s},
                      {"link_latency_s", run.link.latency_s}};
}

void print_pools(const PoolRun& run) {
  auto row = [](const char* name, const serving::PoolStats& p, const workload::Parallelism& l) {
    fmt::print("  {:<16} {} chips: tp={} pp={} dp={}, {:.0f}% busy, {} iterations\n", name,
               p.replicas * p.chips_per_replica, l.tp, l.pp, l.dp, p.busy_fraction * 100.0,
               p.iterations);
  };
  row("prefill pool", run.result.prefill, run.prefill_layout);
  row("decode pool", run.result.decode, run.decode_layout);
  const auto& kv = run.result.kv_transfer;
  fmt::print(
      "  KV transfers     {}, {:.1f} GB in all, over {:.0f} GB/s + {:.1f} us: p50 {:.3f} ms "
      "p99 {:.3f} ms; prefill end to decode p50 {:.3f} ms p99 {:.3f} ms\n",
      kv.transfers, kv.bytes / 1e9, run.link.bandwidth_bytes_per_s / 1e9, run.link.latency_s * 1e6,
      kv.time_s.p50 * 1e3, kv.time_s.p99 * 1e3, kv.handoff_s.p50 * 1e3, kv.handoff_s.p99 * 1e3);
}

}  // namespace xpu::cli
