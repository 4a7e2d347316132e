// SPDX-License-Identifier: MIT
#include "serving/disaggregated.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <limits>

#include "common/error.h"
#include "common/units.h"
#include "workload/transformer.h"

namespace xpu::serving {

KvLink kv_link(const config::ArchSpec& arch, int64_t prefill_chips_per_replica,
               int64_t decode_chips_per_replica) {
  if (!arch.links) {
    throw InfeasibleError(fmt::format(
        "{}: no [links] to move the KV cache between the prefill and decode pools", arch.id));
  }
  KvLink l;
  l.bandwidth_bytes_per_s =
      arch.links->bandwidth_bytes_per_s *
      static_cast<double>(std::min(prefill_chips_per_replica, decode_chips_per_replica));
  l.latency_s = arch.links->hop_latency_s;
  // Chips without the action-level energy model price no link bits (their energy is per FLOP).
  if (arch.energy.actions) {
    l.energy_j_per_byte = arch.energy.actions->link_pj_per_bit * units::kPico * units::kBitsPerByte;
  }
  return l;
}

double kv_bytes_per_token(const config::WorkloadSpec& w) {
  return static_cast<double>(w.layers) * workload::kv_bytes_per_token_per_layer(w);
}

namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();

int64_t blocks_for(int64_t tokens, int64_t block_tokens) {
  return (tokens + block_tokens - 1) / block_tokens;
}

struct Prompt {
  size_t request = 0;
  int64_t prefilled = 0;
  int64_t blocks = 0;
};

struct Decoding {
  size_t request = 0;
  int64_t kv_tokens = 0;  // the prompt's, then one more per step
  int64_t generated = 0;  // the prefill sampled the first
  int64_t blocks = 0;     // reserved for prompt + output at the transfer
};

// What every replica of both pools shares: when its iteration in flight ends, its blocks, the
// busy time and energy of its iterations, and its free link end.
struct ReplicaClock {
  double step_end_s = kNever;  // kNever: idle
  int64_t total_blocks = 0, free_blocks = 0;
  double busy_s = 0.0, energy_j = 0.0;
  int64_t iterations = 0;
  double link_free_s = 0.0;
  double used() const {
    return 1.0 - static_cast<double>(free_blocks) / static_cast<double>(total_blocks);
  }
};

struct PrefillReplica : ReplicaClock {
  std::deque<size_t> waiting;                      // requests arrived, not admitted
  std::vector<Prompt> running;                     // admitted, prompt not done
  std::vector<std::pair<size_t, int64_t>> chunks;  // (index in running, tokens) of the step
};

struct DecodeReplica : ReplicaClock {
  std::deque<Decoding> landed;  // KV arrived, not yet in a step
  std::vector<Decoding> running;
  std::vector<std::pair<double, double>> occupancy;  // (time s, used fraction) after each step
};

struct Handoff {
  size_t request = 0;
  int64_t prefill_replica = 0, prefill_blocks = 0;
  double ready_s = 0.0;  // the prompt's last chunk ended
};

struct InFlight {
  Handoff from;
  double end_s = 0.0;
};

class Simulation {
 public:
  Simulation(const Pool& prefill, const Pool& decode, const KvLink& link, double kv_bytes_per_token,
             const Traffic& traffic, const BatchingPolicy& policy,
             const std::function<void()>& on_request_done, DisaggregatedSchedule* schedule)
      : m_prefill_pool(prefill),
        m_decode_pool(decode),
        m_link(link),
        m_kv_bytes_per_token(kv_bytes_per_token),
        m_traffic(traffic),
        m_policy(policy),
        m_on_done(on_request_done),
        m_schedule(schedule),
        m_prefill(static_cast<size_t>(prefill.replicas)),
        m_decode(static_cast<size_t>(decode.replicas)) {
    const int64_t bs = policy.kv_block_tokens;
    for (auto& p : m_prefill)
      p.total_blocks = p.free_blocks = prefill.timer->kv_capacity_tokens() / bs;
    for (auto& d : m_decode)
      d.total_blocks = d.free_blocks = decode.timer->kv_capacity_tokens() / bs;
    if (schedule) {
      *schedule = {};
      schedule->prefill.resize(m_prefill.size());
      schedule->decode.resize(m_decode.size());
      schedule->transfers.resize(m_prefill.size());
    }
    m_incoming.assign(traffic.requests.begin(), traffic.requests.end());
    for (; m_issued < traffic.concurrency && may_issue(); ++m_issued) {
      m_incoming.push_back({0.0, traffic.input_tokens, traffic.output_tokens});
    }
  }

  void run() {
    for (double t = 0.0;;) {
      finish_due(t);
      start_transfers(t);
      for (size_t k = 0; k < m_prefill.size(); ++k) start_prefill(k, t);
      for (size_t k = 0; k < m_decode.size(); ++k) start_decode(k, t);
      const double next = next_event_s();
      if (next == kNever) {
        if (!m_handoffs.empty())
          throw InfeasibleError("serving simulator: no KV transfer can start");
        return;
      }
      t = next;
    }
  }

  std::vector<RequestTiming> requests;  // in arrival order
  std::vector<double> transfer_s, handoff_s;
  double transfer_bytes = 0.0;
  const std::vector<PrefillReplica>& prefill() const { return m_prefill; }
  const std::vector<DecodeReplica>& decode() const { return m_decode; }

 private:
  bool may_issue() const {
    return m_traffic.max_requests <= 0 || m_issued < m_traffic.max_requests;
  }

  void finish_due(double t) {
    for (size_t k = 0; k < m_prefill.size(); ++k) {
      if (m_prefill[k].step_end_s <= t) end_prefill_step(k, t);
    }
    for (auto it = m_in_flight.begin(); it != m_in_flight.end();) {
      if (it->end_s <= t) {
        land(*it);
        it = m_in_flight.erase(it);
      } else {
        ++it;
      }
    }
    for (size_t k = 0; k < m_decode.size(); ++k) {
      if (m_decode[k].step_end_s <= t) end_decode_step(k, t);
    }
    // Arrivals last: a closed-loop user's next request arrives as its last one completes.
    while (!m_incoming.empty() && m_incoming.front().arrival_s <= t) {
      const Request& r = m_incoming.front();
      const int64_t bs = m_policy.kv_block_tokens;
      const size_t k = requests.size();
      if (blocks_for(r.input_tokens, bs) > m_prefill[k % m_prefill.size()].total_blocks ||
          blocks_for(r.input_tokens + r.output_tokens, bs) >
              m_decode[k % m_decode.size()].total_blocks) {
        throw InfeasibleError(fmt::format(
            "a request of {} + {} tokens exceeds the KV cache of a prefill replica ({} tokens) "
            "or of a decode replica ({} tokens)",
            r.input_tokens, r.output_tokens, m_prefill.front().total_blocks * bs,
            m_decode.front().total_blocks * bs));
      }
      requests.push_back({r});
      m_prefill[k % m_prefill.size()].waiting.push_back(k);
      m_incoming.pop_front();
    }
  }

  void complete(size_t request, double t) {
    requests[request].finish_s = t;
    if (m_on_done) m_on_done();
    if (m_traffic.concurrency > 0 && may_issue() &&
        (m_traffic.duration_s <= 0.0 || t < m_traffic.duration_s)) {
      m_incoming.push_back({t, m_traffic.input_tokens, m_traffic.output_tokens});
      ++m_issued;
    }
  }

  // A step as it starts; its KV fill is set as it ends (logged_fill).
  void log(Schedule* pool, size_t k, const ReplicaClock& r, double start_s, int64_t prefill_tokens,
           int64_t decode_sequences) {
    if (m_schedule) {
      (*pool)[k].push_back(
          {start_s, r.step_end_s - start_s, prefill_tokens, decode_sequences, r.used()});
    }
  }

  void logged_fill(Schedule* pool, size_t k, const ReplicaClock& r) {
    if (m_schedule) (*pool)[k].back().kv_used_fraction = r.used();
  }

  // Prompts in flight first, oldest first, then waiting ones while the budget and blocks allow.
  void start_prefill(size_t k, double t) {
    PrefillReplica& p = m_prefill[k];
    if (p.step_end_s != kNever) return;
    int64_t budget = m_policy.token_budget;
    p.chunks.clear();
    for (size_t i = 0; i < p.running.size() && budget > 0; ++i) {
      const int64_t tokens = std::min(prompt_of(p.running[i]) - p.running[i].prefilled, budget);
      budget -= tokens;
      p.chunks.emplace_back(i, tokens);
    }
    while (!p.waiting.empty() && budget > 0 &&
           static_cast<int64_t>(p.running.size()) < m_policy.max_sequences) {
      const size_t request = p.waiting.front();
      const int64_t blocks =
          blocks_for(requests[request].request.input_tokens, m_policy.kv_block_tokens);
      if (blocks > p.free_blocks) break;
      p.waiting.pop_front();
      p.free_blocks -= blocks;
      p.running.push_back({request, 0, blocks});
      const int64_t tokens = std::min(requests[request].request.input_tokens, budget);
      budget -= tokens;
      p.chunks.emplace_back(p.running.size() - 1, tokens);
    }
    if (p.chunks.empty()) return;
    const int64_t tokens = m_policy.token_budget - budget;
    PromptWork prompts;
    for (const auto& [i, chunk] : p.chunks) prompts.add(chunk, p.running[i].prefilled);
    const StepCost cost = m_prefill_pool.timer->step(0, 0, prompts);
    begin_step(p, t, cost);
    log(m_schedule ? &m_schedule->prefill : nullptr, k, p, t, tokens, 0);
  }

  void end_prefill_step(size_t k, double t) {
    PrefillReplica& p = m_prefill[k];
    p.step_end_s = kNever;
    for (const auto& [i, tokens] : p.chunks) {
      Prompt& s = p.running[i];
      s.prefilled += tokens;
      if (s.prefilled < prompt_of(s)) continue;
      requests[s.request].first_token_s = t;  // the last chunk samples the first token
      if (requests[s.request].request.output_tokens <= 1) {
        p.free_blocks += s.blocks;
        complete(s.request, t);
      } else {
        m_handoffs.push_back({s.request, static_cast<int64_t>(k), s.blocks, t});
      }
      s.blocks = -1;  // marks it for removal
    }
    std::erase_if(p.running, [](const Prompt& s) { return s.blocks < 0; });
    logged_fill(m_schedule ? &m_schedule->prefill : nullptr, k, p);
  }

  // Oldest first; one waiting for a full decode replica holds back the later ones bound there.
  void start_transfers(double t) {
    std::vector<bool> blocked(m_decode.size(), false);
    for (auto it = m_handoffs.begin(); it != m_handoffs.end();) {
      const size_t d = it->request % m_decode.size();
      const Request& r = requests[it->request].request;
      const int64_t blocks = blocks_for(r.input_tokens + r.output_tokens, m_policy.kv_block_tokens);
      if (blocked[d] || blocks > m_decode[d].free_blocks) {
        blocked[d] = true;
        ++it;
        continue;
      }
      m_decode[d].free_blocks -= blocks;
      PrefillReplica& from = m_prefill[static_cast<size_t>(it->prefill_replica)];
      const double bytes = static_cast<double>(r.input_tokens) * m_kv_bytes_per_token;
      const double duration_s = m_link.latency_s + bytes / m_link.bandwidth_bytes_per_s;
      const double start_s = std::max({t, from.link_free_s, m_decode[d].link_free_s});
      const double end_s = start_s + duration_s;
      from.link_free_s = m_decode[d].link_free_s = end_s;
      transfer_bytes += bytes;
      transfer_s.push_back(duration_s);
      handoff_s.push_back(end_s - it->ready_s);
      if (m_schedule) {
        m_schedule->transfers[static_cast<size_t>(it->prefill_replica)].push_back(
            {start_s, duration_s, static_cast<int64_t>(it->request), static_cast<int64_t>(d),
             bytes});
      }
      m_in_flight.push_back({*it, end_s});
      it = m_handoffs.erase(it);
    }
  }

  void land(const InFlight& f) {
    m_prefill[static_cast<size_t>(f.from.prefill_replica)].free_blocks += f.from.prefill_blocks;
    const Request& r = requests[f.from.request].request;
    m_decode[f.from.request % m_decode.size()].landed.push_back(
        {f.from.request, r.input_tokens, 1,
         blocks_for(r.input_tokens + r.output_tokens, m_policy.kv_block_tokens)});
  }

  void start_decode(size_t k, double t) {
    DecodeReplica& d = m_decode[k];
    if (d.step_end_s != kNever) return;
    while (!d.landed.empty() && static_cast<int64_t>(d.running.size()) < m_policy.max_sequences) {
      d.running.push_back(d.landed.front());
      d.landed.pop_front();
    }
    if (d.running.empty()) return;
    int64_t context_sum = 0;
    for (const Decoding& s : d.running) context_sum += s.kv_tokens + 1;
    const auto n = static_cast<int64_t>(d.running.size());
    begin_step(d, t, m_decode_pool.timer->step(n, context_sum / n, PromptWork{}));
    log(m_schedule ? &m_schedule->decode : nullptr, k, d, t, 0, n);
  }

  void end_decode_step(size_t k, double t) {
    DecodeReplica& d = m_decode[k];
    d.step_end_s = kNever;
    for (Decoding& s : d.running) {
      ++s.kv_tokens;
      if (++s.generated < requests[s.request].request.output_tokens) continue;
      d.free_blocks += s.blocks;
      s.blocks = -1;
      complete(s.request, t);
    }
    std::erase_if(d.running, [](const Decoding& s) { return s.blocks < 0; });
    d.occupancy.emplace_back(t, d.used());
    logged_fill(m_schedule ? &m_schedule->decode : nullptr, k, d);
  }

  static void begin_step(ReplicaClock& r, double t, const StepCost& cost) {
    r.step_end_s = t + cost.time_s;
    r.busy_s += cost.time_s;
    r.energy_j += cost.energy_j;
    ++r.iterations;
  }

  int64_t prompt_of(const Prompt& p) const { return requests[p.request].request.input_tokens; }

  double next_event_s() const {
    double next = m_incoming.empty() ? kNever : m_incoming.front().arrival_s;
    for (const auto& p : m_prefill) next = std::min(next, p.step_end_s);
    for (const auto& d : m_decode) next = std::min(next, d.step_end_s);
    for (const auto& f : m_in_flight) next = std::min(next, f.end_s);
    return next;
  }

  const Pool& m_prefill_pool;
  const Pool& m_decode_pool;
  const KvLink& m_link;
  double m_kv_bytes_per_token;
  const Traffic& m_traffic;
  const BatchingPolicy& m_policy;
  const std::function<void()>& m_on_done;
  DisaggregatedSchedule* m_schedule;
  std::vector<PrefillReplica> m_prefill;
  std::vector<DecodeReplica> m_decode;
  std::deque<Request> m_incoming;
  int64_t m_issued = 0;
  std::deque<Handoff> m_handoffs;
  std::vector<InFlight> m_in_flight;
};

template <class Replica>
PoolStats pool_stats(const Pool& pool, const std::vector<Replica>& replicas, double makespan_s,
                     int64_t block_tokens) {
  PoolStats s;
  s.replicas = pool.replicas;
  s.chips_per_replica = pool.timer->chips_per_replica();
  s.kv_capacity_tokens_per_replica = replicas.front().total_blocks * block_tokens;
  double busy_s = 0.0;
  for (const auto& r : replicas) {
    s.iterations += r.iterations;
    s.energy_j += r.energy_j;
    busy_s += r.busy_s;
  }
  if (makespan_s > 0.0)
    s.busy_fraction = busy_s / (makespan_s * static_cast<double>(replicas.size()));
  return s;
}

}  // namespace

DisaggregatedResult simulate_disaggregated(const Pool& prefill, const Pool& decode,
                                           const KvLink& link, double kv_bytes_per_token,
                                           const Traffic& traffic, const BatchingPolicy& policy,
                                           const std::optional<SloSpec>& slo,
                                           const std::function<void()>& on_request_done,
                                           DisaggregatedSchedule* schedule) {
  Simulation sim(prefill, decode, link, kv_bytes_per_token, traffic, policy, on_request_done,
                 schedule);
  sim.run();
  DisaggregatedResult out;
  SimulationResult& r = out.system;
  r.replicas = prefill.replicas + decode.replicas;
  r.chips = prefill.replicas * prefill.timer->chips_per_replica() +
            decode.replicas * decode.timer->chips_per_replica();
  const int64_t bs = policy.kv_block_tokens;
  out.kv_transfer.transfers = static_cast<int64_t>(sim.transfer_s.size());
  out.kv_transfer.bytes = sim.transfer_bytes;
  out.kv_transfer.energy_j = sim.transfer_bytes * link.energy_j_per_byte;
  auto stats = [](const std::vector<double>& v) {
    return Percentiles{percentile(v, 50.0), percentile(v, 90.0), percentile(v, 99.0)};
  };
  out.kv_transfer.time_s = stats(sim.transfer_s);
  out.kv_transfer.handoff_s = stats(sim.handoff_s);
  // Energy before summarise(), which divides it by the tokens and requests.
  r.energy_j = out.kv_transfer.energy_j;
  for (const auto& p : sim.prefill()) r.energy_j += p.energy_j;
  std::vector<std::vector<std::pair<double, double>>> occupancy;
  for (const auto& d : sim.decode()) {
    r.energy_j += d.energy_j;
    occupancy.push_back(d.occupancy);
  }
  summarise(sim.requests, occupancy, slo, r);
  out.prefill = pool_stats(prefill, sim.prefill(), r.makespan_s, bs);
  out.decode = pool_stats(decode, sim.decode(), r.makespan_s, bs);
  r.iterations = out.prefill.iterations + out.decode.iterations;
  r.kv_capacity_tokens_per_replica = out.decode.kv_capacity_tokens_per_replica;
  r.shapes_evaluated = prefill.timer->shapes_evaluated() +
                       (decode.timer == prefill.timer ? 0 : decode.timer->shapes_evaluated());
  return out;
}

}  // namespace xpu::serving
