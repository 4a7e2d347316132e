// SPDX-License-Identifier: MIT
#include "compiler/kv_capacity.h"

#include <algorithm>

#include "common/error.h"

namespace xpu::compiler {

namespace {

// The probe stops here: far above any batch a replica schedules (the offline search stops at
// 4,096), so a capacity this large means "not memory-bound".
constexpr int64_t kMaxSequences = 1 << 16;

// Largest n in [lo, ceiling] with fits(n), given fits(lo): by doubling, then bisection.
template <class Fits>
int64_t largest_fitting(int64_t lo, int64_t ceiling, const Fits& fits) {
  int64_t hi = lo * 2;
  while (hi <= ceiling && fits(hi)) {
    lo = hi;
    hi *= 2;
  }
  hi = std::min(hi, ceiling + 1);
  while (hi - lo > 1) {
    const int64_t mid = (lo + hi) / 2;
    (fits(mid) ? lo : hi) = mid;
  }
  return lo;
}

}  // namespace

std::optional<Plan> compile_if_fits(const machine::Machine& machine, const config::WorkloadSpec& w,
                                    const workload::Scenario& s, Residence weights) {
  try {
    Plan plan = compile(machine, w, s);
    if (plan.mapping.weights != weights) return std::nullopt;
    return plan;
  } catch (const InfeasibleError&) {
    return std::nullopt;
  }
}

KvCapacity kv_capacity(const machine::Machine& machine, const config::WorkloadSpec& w,
                       workload::Scenario replica) {
  replica.phase = workload::Phase::kDecode;
  replica.parallel.dp = 1;
  replica.batch = 1;
  replica.context = 1;
  // Where one short sequence leaves the weights is where the replica keeps them; throws when
  // not even that fits.
  const Residence weights = compile(machine, w, replica).mapping.weights;
  auto fits = [&](int64_t batch, int64_t context) {
    workload::Scenario s = replica;
    s.batch = batch;
    s.context = context;
    return compile_if_fits(machine, w, s, weights).has_value();
  };
  // Sequences of half the model's window: the KV cache dominates, activations count.
  const int64_t probe_context = std::max<int64_t>(1, w.max_context / 2 - 1);
  if (fits(1, probe_context)) {
    const int64_t sequences =
        largest_fitting(1, kMaxSequences, [&](int64_t b) { return fits(b, probe_context); });
    return {sequences * (probe_context + 1), weights};
  }
  return {largest_fitting(1, probe_context - 1, [&](int64_t c) { return fits(1, c); }) + 1,
          weights};
}

}  // namespace xpu::compiler
