// SPDX-License-Identifier: MIT
#include "sim/spatial/spatial_chip.h"

#include <algorithm>
#include <vector>

namespace xpu::sim {

using sc_core::sc_time;

namespace {
std::unique_ptr<RateServer> server_if(const char* name, double rate) {
  return rate > 0.0 ? std::make_unique<RateServer>(name, rate) : nullptr;
}
}  // namespace

SpatialChip::SpatialChip(sc_core::sc_module_name name, const SpatialChipSpec& spec)
    : sc_module(name),
      m_compute("m_compute", spec.share),
      m_sram(server_if("m_sram", spec.sram_bytes_per_s)),
      m_weight_arrays(server_if("m_weight_arrays", spec.weight_array_bytes_per_s)),
      m_dram(server_if("m_dram", spec.dram_bytes_per_s)),
      m_weight_install(server_if("m_weight_install", spec.weight_install_bytes_per_s)),
      m_link(spec.link_bytes_per_s > 0.0
                 ? std::make_unique<Link>("m_link", spec.link_bytes_per_s, spec.link_latency_s)
                 : nullptr),
      m_return(spec.return_link
                   ? std::make_unique<Link>("m_return", spec.link_bytes_per_s, spec.link_latency_s)
                   : nullptr) {}

sc_time SpatialChip::run(const SpatialSlice& s, const sc_time& start) {
  const double n = static_cast<double>(s.tiles);
  // compute_end[i % 2]: when tile i's buffer is free again (two buffers).
  std::vector<sc_time> buffer_free(2, start);
  sc_time done = start;
  for (int64_t i = 0; i < s.tiles; ++i) {
    const sc_time load = buffer_free[i % 2];
    sc_time ready = load;
    if (s.weights) ready = std::max(ready, s.weights->serve(load, s.weight_bytes / n));
    if (s.kv) ready = std::max(ready, s.kv->serve(load, s.kv_bytes / n));
    if (m_sram) ready = std::max(ready, m_sram->serve(load, s.activation_bytes / n));
    if (m_weight_install && s.install_bytes > 0.0)
      ready = std::max(ready, m_weight_install->serve(load, s.install_bytes / n));
    done = m_compute.serve(ready, s.chip_s / n);
    buffer_free[i % 2] = done;
  }
  return done;
}

}  // namespace xpu::sim
