// SPDX-License-Identifier: MIT
#include "machine/collectives.h"

#include <algorithm>

namespace xpu::machine {

CollectiveCost collective_cost(const workload::CollectiveShape& c, const config::LinkSpec& link) {
  const double n = static_cast<double>(c.participants);
  const int64_t ring = std::max<int64_t>(c.participants, 1) - 1;  // steps around the ring
  CollectiveCost k;
  k.chunk_bytes = c.bytes / static_cast<double>(std::max<int64_t>(c.participants, 1));
  double steps = 1.0;
  k.sent_bytes_per_chip = c.bytes;
  switch (c.kind) {
    case workload::CollectiveKind::kAllReduce:
      k.reduce_steps = k.forward_steps = ring;
      steps = 2.0 * (n - 1.0);
      k.sent_bytes_per_chip = 2.0 * (n - 1.0) / n * c.bytes;
      break;
    case workload::CollectiveKind::kAllGather:
    case workload::CollectiveKind::kAllToAll:
      k.forward_steps = ring;
      steps = n - 1.0;
      k.sent_bytes_per_chip = (n - 1.0) / n * c.bytes;
      break;
    case workload::CollectiveKind::kPointToPoint:
      k.forward_steps = 1;
      k.chunk_bytes = c.bytes;
      break;
  }
  k.latency_s = steps * link.hop_latency_s;
  k.transfer_s = k.sent_bytes_per_chip / link.bandwidth_bytes_per_s;
  return k;
}

}  // namespace xpu::machine
