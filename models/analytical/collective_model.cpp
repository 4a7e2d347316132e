// SPDX-License-Identifier: MIT
#include "analytical/collective_model.h"

namespace xpu::analytical {

CollectiveTime collective_time(const workload::CollectiveShape& c, const config::LinkSpec& link) {
  const double n = static_cast<double>(c.participants);
  double steps = 1.0;
  double bytes = c.bytes;
  switch (c.kind) {
    case workload::CollectiveKind::kAllReduce:
      steps = 2.0 * (n - 1.0);
      bytes = 2.0 * (n - 1.0) / n * c.bytes;
      break;
    case workload::CollectiveKind::kAllGather:
    case workload::CollectiveKind::kAllToAll:
      steps = n - 1.0;
      bytes = (n - 1.0) / n * c.bytes;
      break;
    case workload::CollectiveKind::kPointToPoint: break;
  }
  return {steps * link.hop_latency_s, bytes / link.bandwidth_bytes_per_s};
}

}  // namespace xpu::analytical
