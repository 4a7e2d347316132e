// SPDX-License-Identifier: MIT
// How a GEMM's tiles read their operands (sim/gpu/kernel_work.h), against counts done by hand:
// every chunk is read once per tile without clusters; with clusters of 2 along the raster, the
// shared operand's reads halve and the other's do not; a side too short for a cluster shares
// nothing.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "config/arch_spec.h"
#include "config/gpu_efficiency_spec.h"
#include "h100_fixture.h"
#include "sim/gpu/kernel_work.h"
#include "test_paths.h"

using namespace xpu;

namespace {

struct Reads {
  double a_bytes = 0.0, b_bytes = 0.0;
  std::set<uint64_t> a_addresses, b_addresses;
};

Reads reads_of(const sim::KernelWork& w) {
  Reads r;
  for (int64_t t = 0; t < w.tiles; ++t) {
    for (int64_t s = 0; s < w.stages; ++s) {
      const auto a = w.a_read(t, s);
      r.a_bytes += a.bytes;
      r.a_addresses.insert(a.address);
      const auto b = w.b_read(t, s);
      r.b_bytes += b.bytes;
      r.b_addresses.insert(b.address);
    }
  }
  return r;
}

}  // namespace

TEST_CASE("kernel work: clusters of 2 halve the shared operand's reads and leave the other's") {
  auto arch = config::load_arch(test::repo("archs/h100_sxm.toml"));
  const auto eff = config::efficiency_for(arch);
  REQUIRE(arch.l2->multicast_units == 2);
  const auto op = test::gemm_op(8192, 8192, 8192);
  const auto clustered = sim::kernel_work(op, machine::resolve(arch), {});
  arch.l2->multicast_units = 1;
  const auto alone = sim::kernel_work(op, machine::resolve(arch), {});
  // 128x256 tiles: 64 rows by 32 columns, rasterised along N, so a row's tiles share A.
  REQUIRE(clustered.tiles_m > clustered.tiles_n);
  REQUIRE(clustered.tiles_n % 2 == 0);

  const Reads with = reads_of(clustered), without = reads_of(alone);
  // Without clusters every tile reads its whole A and B chunk at every stage.
  const double tiles_x_stages = static_cast<double>(alone.tiles * alone.stages);
  CHECK(without.a_bytes == doctest::Approx(tiles_x_stages * alone.a_chunk_bytes));
  CHECK(without.b_bytes == doctest::Approx(tiles_x_stages * alone.b_chunk_bytes));
  CHECK(with.a_bytes == doctest::Approx(without.a_bytes / 2.0));
  CHECK(with.b_bytes == doctest::Approx(without.b_bytes));
  // The two halves are different addresses (each its own L2 tag): twice the chunks.
  CHECK(with.a_addresses.size() == 2 * without.a_addresses.size());
  CHECK(with.b_addresses.size() == without.b_addresses.size());
}

TEST_CASE("kernel work: a GEMV's single tile row is too short for a cluster and shares nothing") {
  const auto arch = config::load_arch(test::repo("archs/h100_sxm.toml"));
  const auto w = sim::kernel_work(test::gemm_op(1, 8192, 57344), machine::resolve(arch), {});
  REQUIRE(w.tiles_m == 1);
  const Reads r = reads_of(w);
  CHECK(r.b_bytes == doctest::Approx(static_cast<double>(w.tiles * w.stages) * w.b_chunk_bytes));
}

TEST_CASE(
    "kernel work: a decode GEMM with fewer tiles than SMs is split along K, its bytes unchanged") {
  const auto arch = config::load_arch(test::repo("archs/h100_sxm.toml"));
  const auto eff = config::efficiency_for(arch);
  const auto op = test::gemm_op(8, 14336, 4096);  // Llama-3-8B down_proj at batch 8
  const auto w = sim::kernel_work(op, machine::resolve(arch), {});
  REQUIRE(w.tiles_m == 1);
  const int64_t tiles = w.tiles_n;  // one tile row
  REQUIRE(tiles < arch.compute.units);
  const int64_t splits = w.tiles / tiles;
  CHECK(splits == std::min<int64_t>(arch.compute.units / tiles, 14336 / 512));
  CHECK(w.tiles <= arch.compute.units);
  // Every weight byte is still read once: the splits cover disjoint parts of K.
  const Reads r = reads_of(w);
  CHECK(r.b_bytes == doctest::Approx(op.weight_bytes));
  CHECK(r.b_addresses.size() == static_cast<size_t>(w.columns() * w.stages));
}

TEST_CASE("kernel work: an A100 GEMV pads to a skinny 16-row tile, a prompt's GEMM to 64 or more") {
  // Ampere's mma.sync pads M to 16 rows (archs/a100_sxm.toml skinny_gemm_tile_m), as CDNA3's
  // 16x16x16 MFMA does; a skinny tile serves only a GEMM whose rows it holds in one tile row.
  const auto arch = config::load_arch(test::repo("archs/a100_sxm.toml"));
  const auto machine = machine::resolve(arch);
  const auto rows_of = [](const sim::KernelWork& w) {
    return std::stoll(w.tile_shape.substr(0, w.tile_shape.find('x')));
  };
  // Llama-3-8B gate_up at batch 1: 224 tiles of 64 rows would leave a third wave of 8 tiles,
  // each computing 64 padded rows over all of K; 16-row tiles compute a quarter of that.
  const auto gemv = sim::kernel_work(test::gemm_op(1, 4096, 28672), machine, {});
  CHECK(rows_of(gemv) == 16);
  CHECK(rows_of(sim::kernel_work(test::gemm_op(16, 4096, 28672), machine, {})) == 16);
  CHECK(rows_of(sim::kernel_work(test::gemm_op(17, 4096, 28672), machine, {})) >= 32);
  CHECK(rows_of(sim::kernel_work(test::gemm_op(2048, 4096, 28672), machine, {})) >= 64);
  const auto mi300x = config::load_arch(test::repo("archs/mi300x.toml"));
  CHECK(rows_of(sim::kernel_work(test::gemm_op(1, 4096, 6144), machine::resolve(mi300x), {})) ==
        16);
  // The H100 has none (Hopper's wgmma pads to 64 rows).
  const auto h100 = config::load_arch(test::repo("archs/h100_sxm.toml"));
  CHECK(rows_of(sim::kernel_work(test::gemm_op(1, 4096, 28672), machine::resolve(h100), {})) == 64);
}
