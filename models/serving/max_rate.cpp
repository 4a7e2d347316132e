// SPDX-License-Identifier: MIT
#include "serving/max_rate.h"

#include <fmt/format.h>

#include <optional>

#include "common/error.h"
#include "serving/traffic.h"

namespace xpu::serving {

MaxRateSearch rate_search_on(const OfflineResult& offline, int64_t output_tokens,
                             const BatchingPolicy& policy) {
  const auto& p = offline.parallel;
  return {p.dp, policy, offline.output_tokens_per_s / static_cast<double>(output_tokens)};
}

double find_max_rate(StepTimer& timer, const ServingSpec& scenario, ArrivalSpec arrival,
                     const MaxRateSearch& s) {
  auto meets = [&](double rate) {
    arrival.rate_per_s = rate;
    return *simulate(timer, s.replicas, traffic_of(scenario, arrival), s.policy, scenario.slo)
                .meets_slo;
  };
  double lo = 0.0, hi = s.start_rate_per_s;
  for (int doublings = 0; meets(hi); ++doublings) {
    if (doublings == 10) return hi;  // 1000x the start rate: the SLO binds nowhere
    lo = hi;
    hi *= 2.0;
  }
  while (hi - lo > 0.01 * hi) {
    const double mid = 0.5 * (lo + hi);
    (meets(mid) ? lo : hi) = mid;
  }
  return lo;
}

SloLayoutResult find_max_rate_layout(const config::ArchSpec& arch, const config::WorkloadSpec& w,
                                     const ServingSpec& scenario, const ArrivalSpec& arrival,
                                     const OfflineRequest& req, const BatchingPolicy& policy) {
  std::optional<SloLayoutResult> best;
  std::vector<std::string> tried;
  for (const auto& p : offline_layouts(arch, w, req)) {
    const auto name = fmt::format("tp={} pp={} dp={}", p.tp, p.pp, p.dp);
    OfflineRequest one = req;
    one.parallel = p;
    try {
      SloLayoutResult r;
      r.offline = offline_throughput(arch, w, one);
      StepTimer timer(arch, w, p, chips_per_replica(r.offline), policy.kv_block_tokens, req.engine);
      r.max_rate_per_s = find_max_rate(timer, scenario, arrival,
                                       rate_search_on(r.offline, scenario.output_tokens, policy));
      tried.push_back(
          fmt::format("{}: batch {} per replica offline, {:.3f} requests/s within the SLO", name,
                      r.offline.batch_per_replica, r.max_rate_per_s));
      if (!best || r.max_rate_per_s > best->max_rate_per_s) best = std::move(r);
    } catch (const InfeasibleError& e) {
      tried.push_back(fmt::format("{}: {}", name, e.what()));
    }
  }
  if (!best) {
    std::string all;
    for (const auto& t : tried) all += "\n  " + t;
    throw InfeasibleError(fmt::format("{} on {} x {}: no layout serves a request:{}", w.name,
                                      req.chips, arch.id, all));
  }
  best->layouts_tried = std::move(tried);
  return *best;
}

}  // namespace xpu::serving
