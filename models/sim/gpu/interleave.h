// SPDX-License-Identifier: MIT
#pragma once
// Address interleave over `ways` parallel servers (HBM channels, L2 slices): granule g of the
// address space lives on way g mod ways, at the way's own address (g / ways) x granule. An
// access is one transaction per way it touches, carrying that way's share of the bytes.
#include <algorithm>
#include <cmath>
#include <cstdint>

namespace xpu::sim {

// Calls visit(way, share_bytes, way_address) once per way [address, address + bytes) touches;
// way_address is where, in that way's own address space, its first granule of the access lies.
template <typename Visit>
void for_each_way(uint64_t address, double bytes, int64_t ways, double granule_bytes,
                  Visit&& visit) {
  if (bytes <= 0.0) return;
  const auto n = static_cast<uint64_t>(ways);
  const auto g = static_cast<uint64_t>(granule_bytes);
  const uint64_t first = address / g;
  const uint64_t last = (address + static_cast<uint64_t>(std::ceil(bytes)) - 1) / g;
  const uint64_t granules = last - first + 1;
  const uint64_t per = granules / n, extra = granules % n;
  for (uint64_t i = 0; i < std::min(n, granules); ++i) {
    const double share =
        bytes * static_cast<double>(per + (i < extra ? 1 : 0)) / static_cast<double>(granules);
    visit(static_cast<size_t>((first + i) % n), share, (first + i) / n * g);
  }
}

}  // namespace xpu::sim
