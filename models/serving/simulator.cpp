// SPDX-License-Identifier: MIT
#include "serving/simulator.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <deque>

#include "common/error.h"

namespace xpu::serving {

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

void summarise(const std::vector<RequestTiming>& done,
               const std::vector<std::vector<std::pair<double, double>>>& occupancy,
               const std::optional<SloSpec>& slo, SimulationResult& r) {
  std::vector<double> ttft, tpot, e2e;
  int64_t good = 0;
  double first_arrival = -1.0, last_finish = 0.0;
  for (const auto& rec : done) {
    const double ttft_s = rec.first_token_s - rec.request.arrival_s;
    const int64_t out = rec.request.output_tokens;
    const double tpot_s =
        out > 1 ? (rec.finish_s - rec.first_token_s) / static_cast<double>(out - 1) : 0.0;
    ttft.push_back(ttft_s);
    tpot.push_back(tpot_s);
    e2e.push_back(rec.finish_s - rec.request.arrival_s);
    r.output_tokens += out;
    if (slo && ttft_s <= slo->ttft_s && tpot_s <= slo->tpot_s) ++good;
    if (first_arrival < 0.0 || rec.request.arrival_s < first_arrival)
      first_arrival = rec.request.arrival_s;
    last_finish = std::max(last_finish, rec.finish_s);
  }
  r.requests = static_cast<int64_t>(e2e.size());
  if (r.requests == 0) return;
  r.makespan_s = last_finish - first_arrival;
  auto stats = [](const std::vector<double>& v) {
    return Percentiles{percentile(v, 50.0), percentile(v, 90.0), percentile(v, 99.0)};
  };
  r.ttft_s = stats(ttft);
  r.tpot_s = stats(tpot);
  r.e2e_s = stats(e2e);
  r.requests_per_s = static_cast<double>(r.requests) / r.makespan_s;
  r.output_tokens_per_s = static_cast<double>(r.output_tokens) / r.makespan_s;
  r.energy_j_per_output_token = r.energy_j / static_cast<double>(r.output_tokens);
  r.energy_j_per_request = r.energy_j / static_cast<double>(r.requests);
  if (slo) {
    r.goodput_requests_per_s = static_cast<double>(good) / r.makespan_s;
    r.ttft_at_slo_percentile_s = percentile(ttft, slo->percentile);
    r.tpot_at_slo_percentile_s = percentile(tpot, slo->percentile);
    r.meets_slo =
        r.ttft_at_slo_percentile_s <= slo->ttft_s && r.tpot_at_slo_percentile_s <= slo->tpot_s;
  }
  // A few samples of the cache's fill, the mean over replicas at the middles of ten equal spans.
  constexpr int kSamples = 10;
  for (int k = 0; k < kSamples; ++k) {
    const double at = first_arrival + r.makespan_s * (k + 0.5) / kSamples;
    double sum = 0.0;
    for (const auto& run : occupancy) {
      auto it = std::upper_bound(
          run.begin(), run.end(), at,
          [](double x, const std::pair<double, double>& p) { return x < p.first; });
      sum += it == run.begin() ? 0.0 : std::prev(it)->second;
    }
    r.kv_occupancy.emplace_back(at, sum / static_cast<double>(occupancy.size()));
  }
}

namespace {

struct Sequence {
  size_t record = 0;
  int64_t prompt = 0;  // tokens to prefill: the input, plus what was generated before a preemption
  int64_t prefilled = 0;  // of `prompt`
  int64_t kv_tokens = 0;  // tokens with KV in the cache
  int64_t generated = 0;
  int64_t blocks = 0;
  bool prefilling() const { return prefilled < prompt; }
};

struct Replica {
  std::vector<RequestTiming> records;
  double energy_j = 0.0;
  int64_t iterations = 0, preemptions = 0;
  std::vector<std::pair<double, double>> occupancy;  // after each iteration
};

// One engine (a replica, or one micro-batch of a pipeline replica) holding `kv_tokens` of KV
// cache, from its arrivals (sorted) or its closed-loop users to the last completion.
Replica run_replica(StepTimer& timer, int64_t kv_tokens, std::deque<Request> incoming,
                    const Traffic& traffic, int64_t users, int64_t closed_loop_requests,
                    const BatchingPolicy& policy, const std::function<void()>& on_request_done,
                    std::vector<Iteration>* log) {
  const int64_t bs = policy.kv_block_tokens;
  const int64_t total_blocks = kv_tokens / bs;
  auto blocks_for = [bs](int64_t tokens) { return (tokens + bs - 1) / bs; };
  Replica out;
  int64_t issued = 0;
  for (; issued < users && (closed_loop_requests <= 0 || issued < closed_loop_requests); ++issued) {
    incoming.push_back({0.0, traffic.input_tokens, traffic.output_tokens});
  }
  std::deque<Sequence> waiting;
  std::vector<Sequence> running;
  int64_t free_blocks = total_blocks;
  double t = 0.0;
  struct Scheduled {
    size_t index;  // into running
    int64_t tokens;
  };
  std::vector<Scheduled> scheduled;
  for (;;) {
    while (!incoming.empty() && incoming.front().arrival_s <= t) {
      const Request& r = incoming.front();
      if (blocks_for(r.input_tokens + r.output_tokens) > total_blocks) {
        throw InfeasibleError(fmt::format(
            "a request of {} + {} tokens exceeds the KV cache of one {} ({} tokens)",
            r.input_tokens, r.output_tokens,
            timer.micro_batches() > 1 ? "micro-batch of a replica" : "replica", total_blocks * bs));
      }
      out.records.push_back({r});
      waiting.push_back({out.records.size() - 1, r.input_tokens});
      incoming.pop_front();
    }
    if (running.empty() && waiting.empty()) {
      if (incoming.empty()) break;
      t = incoming.front().arrival_s;
      continue;
    }
    scheduled.clear();
    int64_t budget = policy.token_budget;
    // Waiting requests, first come first served, while the running limit, the budget and the
    // cache allow: a chunk of each prompt, or whole prompts (at least one, even over the budget).
    auto admit_waiting = [&](bool whole_prompts) {
      while (!waiting.empty() && static_cast<int64_t>(running.size()) < policy.max_sequences) {
        Sequence s = waiting.front();
        if (whole_prompts ? !scheduled.empty() && s.prompt > budget : budget <= 0) break;
        const int64_t tokens = whole_prompts ? s.prompt : std::min(s.prompt, budget);
        const int64_t needed = blocks_for(tokens);
        if (needed > free_blocks) break;
        waiting.pop_front();
        free_blocks -= needed;
        s.blocks = needed;
        budget -= tokens;
        running.push_back(s);
        scheduled.push_back({running.size() - 1, tokens});
      }
    };
    // Without chunked prefill (vLLM's scheduler before it, docs/scale_out.md) whole prompts go
    // first, in an iteration of their own; the running sequences decode when none is admitted.
    if (!policy.chunked_prefill) admit_waiting(true);
    const bool prompts_only = !scheduled.empty();
    // Running sequences first, in admission order: one token each in decode, a chunk in prefill.
    for (size_t i = 0; !prompts_only && i < running.size() && budget > 0; ++i) {
      Sequence& s = running[i];
      const int64_t tokens = s.prefilling() ? std::min(s.prompt - s.prefilled, budget) : 1;
      const int64_t needed = blocks_for(s.kv_tokens + tokens) - s.blocks;
      bool self_preempted = false;
      while (free_blocks < needed) {
        // Recompute preemption of the latest admitted (vLLM's default policy).
        Sequence victim = running.back();
        running.pop_back();
        free_blocks += victim.blocks;
        victim.prompt = out.records[victim.record].request.input_tokens + victim.generated;
        victim.prefilled = victim.kv_tokens = victim.blocks = 0;
        waiting.push_front(victim);
        ++out.preemptions;
        if (running.size() == i) {
          self_preempted = true;
          break;
        }
      }
      if (self_preempted) break;
      free_blocks -= needed;
      s.blocks += needed;
      budget -= tokens;
      scheduled.push_back({i, tokens});
    }
    if (policy.chunked_prefill) admit_waiting(false);
    if (scheduled.empty()) {
      // Nothing fits until a sequence finishes, and none runs: cannot happen with an empty
      // cache, as every request fits on its own (checked at arrival).
      throw InfeasibleError("serving simulator: no sequence can be scheduled");
    }
    int64_t decode_seqs = 0, context_sum = 0;
    PromptWork prompts;
    for (const auto& sc : scheduled) {
      const Sequence& s = running[sc.index];
      if (s.prefilling()) {
        prompts.add(sc.tokens, s.prefilled);
      } else {
        ++decode_seqs;
        context_sum += s.kv_tokens + 1;
      }
    }
    const StepCost cost =
        timer.step(decode_seqs, decode_seqs > 0 ? context_sum / decode_seqs : 0, prompts);
    const double start_s = t;
    t += cost.time_s;
    out.energy_j += cost.energy_j;
    ++out.iterations;
    bool any_finished = false;
    for (const auto& sc : scheduled) {
      Sequence& s = running[sc.index];
      RequestTiming& rec = out.records[s.record];
      s.kv_tokens += sc.tokens;
      if (s.prefilling()) {
        s.prefilled += sc.tokens;
        if (s.prefilling()) continue;                        // more chunks to go
        if (rec.first_token_s < 0.0) rec.first_token_s = t;  // the last chunk samples a token
      }
      ++s.generated;
      if (s.generated >= rec.request.output_tokens) {
        rec.finish_s = t;
        if (on_request_done) on_request_done();
        free_blocks += s.blocks;
        s.blocks = -1;  // marks it for removal
        any_finished = true;
        if (users > 0 && (closed_loop_requests <= 0 || issued < closed_loop_requests) &&
            (traffic.duration_s <= 0.0 || t < traffic.duration_s)) {
          incoming.push_back({t, traffic.input_tokens, traffic.output_tokens});
          ++issued;
        }
      }
    }
    if (any_finished) {
      std::erase_if(running, [](const Sequence& s) { return s.blocks < 0; });
    }
    const double used = 1.0 - static_cast<double>(free_blocks) / static_cast<double>(total_blocks);
    out.occupancy.emplace_back(t, used);
    if (log) log->push_back({start_s, cost.time_s, prompts.tokens, decode_seqs, used});
  }
  return out;
}

}  // namespace

SimulationResult simulate(StepTimer& timer, int64_t replicas, const Traffic& traffic,
                          const BatchingPolicy& policy, const std::optional<SloSpec>& slo,
                          const std::function<void()>& on_request_done, Schedule* schedule) {
  SimulationResult r;
  if (schedule) schedule->clear();
  r.replicas = replicas;
  r.chips = replicas * timer.chips_per_replica();
  r.kv_capacity_tokens_per_replica =
      timer.kv_capacity_tokens() / policy.kv_block_tokens * policy.kv_block_tokens;
  // A pipeline replica's micro-batches run as engines of their own, each over its share of the
  // replica's KV cache (vLLM's virtual engines divide the cache blocks so); requests are dealt
  // to every engine of every replica in turn.
  const int64_t engines = replicas * timer.micro_batches();
  const int64_t kv_tokens_per_engine = timer.kv_capacity_tokens() / timer.micro_batches();
  std::vector<Replica> runs;
  for (int64_t k = 0; k < engines; ++k) {
    std::deque<Request> dealt;
    for (size_t i = static_cast<size_t>(k); i < traffic.requests.size();
         i += static_cast<size_t>(engines)) {
      dealt.push_back(traffic.requests[i]);
    }
    // Closed-loop users and their request allowance, spread as evenly as integers allow.
    const int64_t users =
        traffic.concurrency / engines + (k < traffic.concurrency % engines ? 1 : 0);
    const int64_t allowance =
        traffic.max_requests <= 0
            ? 0
            : traffic.max_requests / engines + (k < traffic.max_requests % engines ? 1 : 0);
    if (traffic.concurrency > 0 && (users == 0 || (traffic.max_requests > 0 && allowance == 0)))
      continue;
    std::vector<Iteration>* log = nullptr;
    if (schedule) log = &schedule->emplace_back();
    runs.push_back(run_replica(timer, kv_tokens_per_engine, std::move(dealt), traffic, users,
                               traffic.max_requests > 0 ? allowance : 0, policy, on_request_done,
                               log));
  }
  std::vector<RequestTiming> done;
  std::vector<std::vector<std::pair<double, double>>> occupancy;
  for (auto& run : runs) {
    r.energy_j += run.energy_j;
    r.iterations += run.iterations;
    r.preemptions += run.preemptions;
    done.insert(done.end(), run.records.begin(), run.records.end());
    occupancy.push_back(std::move(run.occupancy));
  }
  summarise(done, occupancy, slo, r);
  if (r.requests == 0) return r;
  r.shapes_evaluated = timer.shapes_evaluated();
  return r;
}

}  // namespace xpu::serving
