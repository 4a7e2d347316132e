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
  k.link_bytes_per_s = link.bandwidth_bytes_per_s;
  const bool direct = c.kind != workload::CollectiveKind::kPointToPoint && c.participants > 1 &&
                      c.participants <= link.fully_connected_chips;
  if (direct) {
    // Every chunk of a step on its own link, all at once: the ring's steps collapse to one per
    // phase, each moving one chunk at one link's share of the chip's bandwidth.
    k.link_bytes_per_s =
        link.bandwidth_bytes_per_s / static_cast<double>(std::max<int64_t>(link.links_per_chip, 1));
    const int64_t phases = c.kind == workload::CollectiveKind::kAllReduce ? 2 : 1;
    k.reduce_steps = phases == 2 ? 1 : 0;
    k.forward_steps = 1;
    k.latency_s = static_cast<double>(phases) * link.hop_latency_s;
    k.transfer_s = static_cast<double>(phases) * k.chunk_bytes / k.link_bytes_per_s;
    return k;
  }
  k.latency_s = steps * link.hop_latency_s;
  k.transfer_s = k.sent_bytes_per_chip / link.bandwidth_bytes_per_s;
  return k;
}

}  // namespace xpu::machine
