// SPDX-License-Identifier: MIT
#include "serving/offline.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "compiler/plan.h"
#include "machine/machine.h"
#include "serving/step_time.h"

namespace xpu::serving {

namespace {

// A family that lays the layers over its chips itself (SRAM-only, wafer-scale, model in
// silicon) takes no --parallel layout: the whole system is one replica on `chips`.
bool lays_out_itself(const config::ArchSpec& arch) {
  return !machine::resolve(arch).traits->parallel_layouts;
}

// Decode steps are evaluated at the mean context of a request's life.
workload::Scenario decode_point(const config::ArchSpec& arch, const OfflineRequest& req,
                                const workload::Parallelism& p, int64_t batch_per_replica) {
  workload::Scenario s;
  s.phase = workload::Phase::kDecode;
  s.parallel = p;
  if (lays_out_itself(arch) && req.chips > 1) s.chips = req.chips;  // 1: the fewest that hold it
  s.batch = batch_per_replica * p.dp;
  s.context = req.input_tokens + req.output_tokens / 2;
  return s;
}

bool fits(const config::ArchSpec& arch, const config::WorkloadSpec& w, const OfflineRequest& req,
          const workload::Scenario& s) {
  try {
    // The KV cache reserves whole requests: the prompt and every generated token.
    workload::Scenario full = s;
    full.context = req.input_tokens + req.output_tokens;
    compiler::compile(machine::resolve(arch), w, full);
    return true;
  } catch (const InfeasibleError&) {
    return false;
  }
}

}  // namespace

int64_t chips_per_replica(const OfflineResult& r) { return r.decode.chips / r.parallel.dp; }

// By doubling then bisection.
int64_t largest_batch(const config::ArchSpec& arch, const config::WorkloadSpec& w,
                      const OfflineRequest& req, const workload::Parallelism& p) {
  constexpr int64_t kCeiling = 4096;  // beyond this no serving engine schedules one batch
  if (!fits(arch, w, req, decode_point(arch, req, p, 1))) return 0;
  int64_t lo = 1, hi = 2;
  while (hi <= kCeiling && fits(arch, w, req, decode_point(arch, req, p, hi))) {
    lo = hi;
    hi *= 2;
  }
  hi = std::min(hi, kCeiling + 1);
  while (hi - lo > 1) {
    int64_t mid = (lo + hi) / 2;
    (fits(arch, w, req, decode_point(arch, req, p, mid)) ? lo : hi) = mid;
  }
  return lo;
}

namespace {

OfflineResult evaluate_layout(const config::ArchSpec& arch, const config::WorkloadSpec& w,
                              const OfflineRequest& req, const workload::Parallelism& p,
                              int64_t batch) {
  const auto machine = machine::resolve(arch);
  const workload::Parallelism replica{p.tp, p.pp, p.ep, 1};
  // A family that lays its layers out itself is one replica on all its chips: --chips, else
  // those its decode of the whole batch needs, for every step of the replica.
  std::optional<int64_t> chips;
  if (lays_out_itself(arch) && req.chips > 1) chips = req.chips;
  auto on_chips = [&](workload::Scenario s) {
    if (chips) s.chips = chips;
    return req.engine(compiler::compile(machine, w, s));
  };
  // A pipeline replica runs its batch as pp micro-batches in flight, each iterating at the
  // engine's step time of its own share (serving/step_time.h, micro_batch_cost).
  const int64_t micro_batches = p.pp;
  const int64_t micro_batch = batch / micro_batches;
  auto cost_of = [&](const Result& step) { return micro_batch_cost(step, micro_batches); };
  // B / output requests of a micro-batch finish, and as many prompts are prefilled, per
  // iteration: between two whole numbers of prompts, the cost is interpolated linearly.
  const double b = static_cast<double>(micro_batch);
  const double prompts_per_step = b / static_cast<double>(req.output_tokens);
  const auto whole = static_cast<int64_t>(std::floor(prompts_per_step));
  const double fraction = prompts_per_step - static_cast<double>(whole);
  const int64_t most_prompts = fraction > 0.0 ? whole + 1 : whole;
  // An iteration prefilling n whole prompts along with the decode: one engine step of both
  // (workload::Scenario::fused_prefill), as the simulator's (serving/step_time.h).
  auto fused = [&](int64_t n) {
    workload::Scenario s = decode_point(arch, req, replica, micro_batch);
    s.fused_prefill = {n, req.input_tokens, 0};
    return s;
  };
  // A family that lays out its layers itself takes the chips its heaviest iteration needs and
  // runs every step of the replica on them.
  if (lays_out_itself(arch) && !chips && most_prompts > 0)
    chips = on_chips(fused(most_prompts)).chips;
  OfflineResult r;
  r.parallel = p;
  r.batch_per_replica = micro_batch * micro_batches;
  r.decode = on_chips(decode_point(arch, req, p, micro_batch));
  if (lays_out_itself(arch)) chips = r.decode.chips;
  workload::Scenario one_prompt;
  one_prompt.phase = workload::Phase::kPrefill;
  one_prompt.parallel = replica;
  one_prompt.prompt = req.input_tokens;
  r.prefill = on_chips(one_prompt);
  r.prefill_s_per_request = r.prefill.latency_s;
  // The decode Result covers every replica: one replica's share of its energy.
  const StepCost decode{r.decode.latency_s, cost_of(r.decode).energy_j / static_cast<double>(p.dp)};
  auto iteration = [&](int64_t n) { return n == 0 ? decode : cost_of(on_chips(fused(n))); };
  const StepCost lo = iteration(whole);
  const StepCost hi = most_prompts > whole ? iteration(most_prompts) : lo;
  const StepCost step{lo.time_s + fraction * (hi.time_s - lo.time_s),
                      lo.energy_j + fraction * (hi.energy_j - lo.energy_j)};
  r.prefill_tokens_per_step =
      std::llround(prompts_per_step * static_cast<double>(req.input_tokens));
  r.decode_step_s = step.time_s;
  r.energy_j_per_output_token = step.energy_j / b;
  r.output_tokens_per_s =
      b / step.time_s * static_cast<double>(micro_batches) * static_cast<double>(p.dp);
  return r;
}

}  // namespace

std::vector<workload::Parallelism> offline_layouts(const config::ArchSpec& arch,
                                                   const config::WorkloadSpec& w,
                                                   const OfflineRequest& req) {
  if (req.parallel) return {*req.parallel};
  if (lays_out_itself(arch)) return {workload::Parallelism{}};
  std::vector<workload::Parallelism> out;
  for (int64_t tp = 1; tp <= req.chips; tp *= 2) {
    if (req.chips % tp != 0 || w.heads % tp != 0) continue;
    out.push_back({tp, 1, 1, req.chips / tp});
  }
  return out;
}

OfflineResult offline_throughput(const config::ArchSpec& arch, const config::WorkloadSpec& w,
                                 const OfflineRequest& req) {
  const std::vector<workload::Parallelism> layouts = offline_layouts(arch, w, req);
  std::optional<OfflineResult> best;
  std::vector<std::string> tried;
  for (const auto& p : layouts) {
    int64_t batch = req.batch_per_replica.value_or(largest_batch(arch, w, req, p));
    // A serving engine's cap holds per micro-batch (vLLM's virtual engines each schedule up to
    // it); a replica without pp has one.
    if (!req.batch_per_replica && req.max_batch_per_replica)
      batch = std::min(batch, *req.max_batch_per_replica * p.pp);
    if (batch < 1 && layouts.size() == 1 && lays_out_itself(arch)) {
      // The system's one layout: say why it does not hold one request (placement's own reason).
      workload::Scenario one = decode_point(arch, req, p, 1);
      one.context = req.input_tokens + req.output_tokens;
      compiler::compile(machine::resolve(arch), w, one);
    }
    if (batch < 1) {
      tried.push_back(fmt::format("tp={} pp={} dp={}: does not fit", p.tp, p.pp, p.dp));
      continue;
    }
    if (batch < p.pp) {
      tried.push_back(
          fmt::format("tp={} pp={} dp={}: {} sequences per replica, fewer than its {} "
                      "micro-batches",
                      p.tp, p.pp, p.dp, batch, p.pp));
      continue;
    }
    auto r = evaluate_layout(arch, w, req, p, batch);
    tried.push_back(fmt::format("tp={} pp={} dp={}: batch {} per replica, {:.0f} tokens/s", p.tp,
                                p.pp, p.dp, batch, r.output_tokens_per_s));
    if (!best || r.output_tokens_per_s > best->output_tokens_per_s) best = std::move(r);
  }
  if (!best) {
    std::string all;
    for (const auto& t : tried) all += "\n  " + t;
    throw InfeasibleError(
        fmt::format("{} on {} x {}: no layout fits:{}", w.name, req.chips, arch.id, all));
  }
  best->layouts_tried = std::move(tried);
  return *best;
}

}  // namespace xpu::serving
