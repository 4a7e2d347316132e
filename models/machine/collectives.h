// SPDX-License-Identifier: MIT
#pragma once
// The one model of a collective over chip-to-chip links: its steps, the bytes each chip puts on
// the wire, the time they take and so the link energy. Alpha-beta style: every step of the
// algorithm pays the link's latency (alpha: software, switch and wire) and every byte crosses a
// link at its one-direction bandwidth (beta). Ring algorithms over n chips, S = the shape's
// bytes (the whole tensor, workload/op.h): an all-reduce is n-1 reduce-scatter steps and n-1
// all-gather steps of S/n each, so 2(n-1)/n * S per chip; an all-gather or all-to-all is n-1
// forwarding steps of S/n, (n-1)/n * S per chip; a point-to-point send is one step of S.
// Inside a group of chips joined pairwise by links of their own (LinkSpec::fully_connected_chips,
// a GroqNode) a collective runs direct instead: each chip sends its S/n chunk to every other chip
// at once, each over its own link (bandwidth / links_per_chip), so an all-reduce is one
// reduce-scatter step and one all-gather step, an all-gather or all-to-all one step; the bytes a
// chip puts on the wire are the ring's.
// The analytic engine times it, the energy model prices its wire bytes and the SystemC
// collective unit (sim/collective_unit.h) runs its steps, all from collective_cost().
#include <cstdint>

#include "config/arch_spec.h"
#include "workload/op.h"

namespace xpu::machine {

struct CollectiveCost {
  int64_t reduce_steps = 0;          // steps that add the incoming chunk to the local one
  int64_t forward_steps = 0;         // steps that pass the incoming chunk on (or send it)
  double chunk_bytes = 0.0;          // what one chip sends in one step, over one link
  double link_bytes_per_s = 0.0;     // the rate one step's chunk crosses its link at
  double sent_bytes_per_chip = 0.0;  // all steps: what one chip puts on its link
  double latency_s = 0.0;
  double transfer_s = 0.0;
  int64_t steps() const { return reduce_steps + forward_steps; }
  double time_s() const { return latency_s + transfer_s; }
};

CollectiveCost collective_cost(const workload::CollectiveShape& c, const config::LinkSpec& link);

}  // namespace xpu::machine
