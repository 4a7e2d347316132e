// SPDX-License-Identifier: MIT
#include "config/arch_spec.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "common/error.h"
#include "common/units.h"
#include "config/toml_reader.h"
#include "config/workload_spec.h"

namespace xpu::config {

namespace {

// A tile menu: `<prefix>gemm_tile_m` and `<prefix>gemm_tile_n`, one entry per tile.
void read_tiles(Table& t, const std::string& prefix, bool skinny, std::vector<TileShape>& tiles) {
  const std::string m_key = prefix + "gemm_tile_m", n_key = prefix + "gemm_tile_n";
  const auto tile_m = t.integer_array(m_key, 1);
  const auto tile_n = t.integer_array(n_key, 1);
  if (tile_m.size() != tile_n.size())
    t.fail(n_key, fmt::format("must have as many entries as {}", m_key));
  for (size_t i = 0; i < tile_m.size(); ++i) tiles.push_back({tile_m[i], tile_n[i], skinny});
}

ComputeSpec read_compute(Table t, ChipFamily family) {
  ComputeSpec c;
  if (family == ChipFamily::kGpu) {
    c.units = t.integer("units", 1);
    c.tensor_clock_hz = t.positive("tensor_clock_ghz") * units::kGiga;
    c.boost_clock_hz = t.positive("boost_clock_ghz") * units::kGiga;
    if (c.boost_clock_hz < c.tensor_clock_hz) {
      t.fail("boost_clock_ghz", "must be >= tensor_clock_ghz");
    }
    read_tiles(t, "", false, c.gemm_tiles);
    if (t.has("skinny_gemm_tile_m") || t.has("skinny_gemm_tile_n"))
      read_tiles(t, "skinny_", true, c.gemm_tiles);
  } else {
    c.matmul_utilization = t.positive("matmul_utilization");
    if (c.matmul_utilization > 1.0) t.fail("matmul_utilization", "must be <= 1");
    c.weight_install_bytes_per_s =
        t.optional_positive("weight_install_tbs").value_or(0.0) * units::kTera;
  }
  Table peaks = t.table("dense_peak_tflops");
  for (const auto& name : dtype_names()) {
    if (auto v = peaks.optional_positive(name)) {
      c.dense_peak_flops_per_s[*parse_dtype(name)] = *v * units::kTera;
    }
  }
  if (c.dense_peak_flops_per_s.empty()) peaks.fail("", "needs at least one dtype's peak");
  peaks.finish();
  c.vector_flops_per_s = t.positive("vector_tflops") * units::kTera;
  t.finish();
  return c;
}

DramSpec read_dram(Table t, ChipFamily family) {
  DramSpec d;
  d.technology = t.choice("technology", {"HBM2", "HBM2e", "HBM3", "HBM3e", "HBM4", "GDDR6", "GDDR7",
                                         "LPDDR5", "LPDDR5X", "DDR5"});
  if (d.is_hbm()) {
    d.stacks = t.integer("stacks", 1);
  } else if (t.has("stacks")) {
    t.fail("stacks", fmt::format("only HBM has stacks; technology is {}", d.technology));
  }
  if (d.is_hbm()) {
    d.channels_per_stack = t.optional_integer("channels_per_stack", 1).value_or(0);
    d.banks_per_channel = t.optional_integer("banks_per_channel", 1, 1024).value_or(0);
    // A DRAM row is a whole number of bytes (the SystemC engine divides addresses by it).
    d.row_bytes =
        static_cast<double>(t.optional_integer("row_bytes", 1, int64_t{1} << 20).value_or(0));
    d.row_cycle_s = t.optional_positive("row_cycle_ns").value_or(0.0) * units::kNano;
  }
  d.latency_s = t.optional_positive("latency_ns").value_or(0.0) * units::kNano;
  d.capacity_bytes = t.positive("capacity_gb") * units::kGiga;
  d.bandwidth_bytes_per_s = t.positive("bandwidth_tbs") * units::kTera;
  // GPUs take their streaming efficiency from the calibration; other chips state theirs.
  if (family != ChipFamily::kGpu) {
    d.streaming_efficiency = t.positive("streaming_efficiency");
    if (d.streaming_efficiency > 1.0) t.fail("streaming_efficiency", "must be <= 1");
  }
  t.finish();
  return d;
}

SramSpec read_sram(Table t) {
  SramSpec s{t.positive("capacity_mb") * units::kMega, t.positive("bandwidth_tbs") * units::kTera};
  t.finish();
  return s;
}

LinkSpec read_links(Table t) {
  LinkSpec l{t.positive("bandwidth_gbs") * units::kGiga,
             t.positive("hop_latency_us") * units::kMicro};
  l.fully_connected_chips = t.optional_integer("fully_connected_chips", 2, 1024).value_or(0);
  l.links_per_chip = t.optional_integer("links_per_chip", 1, 1024).value_or(1);
  if (l.fully_connected_chips > l.links_per_chip + 1)
    t.fail("fully_connected_chips",
           "needs a link to every other chip of the group (links_per_chip)");
  t.finish();
  return l;
}

MeshSpec read_mesh(Table t) {
  MeshSpec m;
  m.cores = t.integer("cores", 1);
  m.hop_latency_s = t.positive("hop_latency_ns") * units::kNano;
  m.core_link_bandwidth_bytes_per_s = t.positive("link_bandwidth_gbs") * units::kGiga;
  t.finish();
  return m;
}

const std::vector<std::string> kFamilyNames = {"gpu", "hardwired_transformer", "model_in_silicon",
                                               "sram_only", "wafer_scale"};

// Which optional sections each family needs (true), may have (nullopt) or must not have (false).
struct FamilyRules {
  std::optional<bool> dram, sram, links, mesh, hardwired, silicon_model;
};
FamilyRules rules_of(ChipFamily f) {
  switch (f) {
    case ChipFamily::kGpu: return {true, false, std::nullopt, false, false, false};
    case ChipFamily::kHardwiredTransformer: return {true, false, std::nullopt, false, true, false};
    case ChipFamily::kModelInSilicon: return {false, true, true, false, false, true};
    case ChipFamily::kSramOnly: return {false, true, true, false, false, false};
    case ChipFamily::kWaferScale: return {std::nullopt, true, std::nullopt, true, false, false};
  }
  return {};
}

// Enforces one rule on one section; returns the table when it is present and allowed.
std::optional<Table> section(Table& parent, std::string_view key, std::optional<bool> rule,
                             ChipFamily family) {
  auto t = parent.optional_table(key);
  if (rule == true && !t) {
    parent.fail(key, fmt::format("required for family '{}'", name_of(family)));
  }
  if (rule == false && t) {
    t->fail("", fmt::format("not part of family '{}'", name_of(family)));
  }
  return t;
}

DvfsSpec read_dvfs(Table& t) {
  DvfsSpec d;
  d.reference_clock_hz = t.positive("reference_clock_mhz") * units::kMega;
  d.min_clock_hz = t.positive("min_clock_mhz") * units::kMega;
  d.max_clock_hz = t.positive("max_clock_mhz") * units::kMega;
  d.min_voltage_v = t.positive("min_voltage_v");
  d.max_voltage_v = t.positive("max_voltage_v");
  if (!(d.min_clock_hz < d.max_clock_hz)) t.fail("min_clock_mhz", "must be below max_clock_mhz");
  if (d.reference_clock_hz < d.min_clock_hz || d.reference_clock_hz > d.max_clock_hz)
    t.fail("reference_clock_mhz", "must lie between min_clock_mhz and max_clock_mhz");
  if (!(d.min_voltage_v <= d.max_voltage_v))
    t.fail("min_voltage_v", "must not exceed max_voltage_v (voltage rises with the clock)");
  t.finish();
  return d;
}

}  // namespace

std::string_view name_of(ChipFamily f) { return kFamilyNames[static_cast<size_t>(f)]; }

double ArchSpec::dense_peak_flops_per_s(DType t) const {
  auto it = compute.dense_peak_flops_per_s.find(t);
  if (it == compute.dense_peak_flops_per_s.end()) {
    throw InfeasibleError(fmt::format("{}: {} has no {} matrix peak (compute.dense_peak_tflops.{})",
                                      file, name, name_of(t), name_of(t)));
  }
  return it->second;
}

ArchSpec load_arch(const std::string& path) { return decode_arch(Document::load(path)); }

ArchSpec load_arch_before_calibration(const std::string& path) {
  return decode_arch(Document::load(path), CalibrationFile::kWrittenByCaller);
}

ArchSpec decode_arch(const std::shared_ptr<Document>& doc, CalibrationFile calibration) {
  const std::string& path = doc->file();
  Table root = Table::root_of(doc);
  ArchSpec a;
  a.file = path;
  a.id = std::filesystem::path(path).stem().string();

  Table chip = root.table("chip");
  a.name = chip.string("name");
  std::string family = chip.choice("family", kFamilyNames);
  a.family = static_cast<ChipFamily>(std::find(kFamilyNames.begin(), kFamilyNames.end(), family) -
                                     kFamilyNames.begin());
  const FamilyRules rules = rules_of(a.family);
  a.process_node = chip.string("process_node");
  if (a.family == ChipFamily::kGpu) {
    a.calibration_file = chip.path_beside("calibration");
  }
  chip.finish();

  a.compute = read_compute(root.table("compute"), a.family);
  Table memory = root.table("memory");
  if (auto t = section(memory, "dram", rules.dram, a.family)) a.dram = read_dram(*t, a.family);
  if (auto t = section(memory, "sram", rules.sram, a.family)) a.sram = read_sram(*t);
  if (auto t = section(root, "links", rules.links, a.family)) a.links = read_links(*t);
  if (auto t = section(root, "mesh", rules.mesh, a.family)) a.mesh = read_mesh(*t);
  if (auto t = section(root, "hardwired", rules.hardwired, a.family)) {
    a.hardwired = HardwiredSpec{t->choice_array("supported_features", workload_features())};
    t->finish();
  }
  if (auto t = section(root, "silicon_model", rules.silicon_model, a.family)) {
    a.silicon_model = SiliconModelSpec{t->string("workload"),
                                       t->positive("weight_capacity_billion_params") * units::kGiga,
                                       t->positive("weight_read_bandwidth_tbs") * units::kTera};
    t->finish();
  }
  if (!a.dram && !a.sram) memory.fail("", "needs memory.dram or memory.sram");
  auto read_dtypes = [](Table& t) {
    DTypes d;
    d.weights = *parse_dtype(t.choice("weights", dtype_names()));
    d.activations = *parse_dtype(t.choice("activations", dtype_names()));
    d.kv_cache = *parse_dtype(t.choice("kv_cache", dtype_names()));
    return d;
  };
  if (auto t = root.optional_table("native_dtypes")) {
    a.native_dtypes = read_dtypes(*t);
    t->finish();
  }
  if (auto t = root.optional_table("preferred_dtypes")) {
    if (a.native_dtypes) t->fail("", "a chip with [native_dtypes] has no choice to prefer");
    a.preferred_dtypes = read_dtypes(*t);
    // A format is not a number, so [provenance] cannot cite it: the table carries its source.
    a.preferred_dtypes_source = t->string("source");
    if (const auto why = citation_error(a.preferred_dtypes_source); !why.empty())
      t->fail("source", why);
    t->finish();
  }
  if (auto l2 = memory.optional_table("l2")) {
    CacheSpec c;
    c.capacity_bytes = l2->positive("capacity_mb") * units::kMega;
    c.bandwidth_bytes_per_s = l2->optional_positive("bandwidth_tbs").value_or(0.0) * units::kTera;
    c.latency_s = l2->optional_positive("latency_ns").value_or(0.0) * units::kNano;
    c.slices = l2->optional_integer("slices", 1).value_or(0);
    c.sm_port_bytes_per_clock = l2->optional_positive("sm_port_bytes_per_clock").value_or(0.0);
    c.multicast_units = l2->optional_integer("multicast_units", 1, 16).value_or(0);
    l2->finish();
    a.l2 = c;
  }
  memory.finish();

  Table power = root.table("power");
  a.power.tdp_w = power.positive("tdp_w");
  if (auto t = power.optional_table("dvfs")) a.power.dvfs = read_dvfs(*t);
  power.finish();

  a.energy = read_energy(root.table("energy"), a.dram.has_value());

  if (auto p = root.optional_table("package"))
    a.package = read_package(*p, a.dram && a.dram->is_hbm());
  a.provenance = require_provenance(root.table("provenance"));
  root.finish();
  // Checked last so that a copy of an arch file elsewhere reports its own mistakes first.
  if (a.family == ChipFamily::kGpu && calibration == CalibrationFile::kMustExist &&
      !is_file(a.calibration_file)) {
    chip.fail("calibration", fmt::format("file not found: {}", a.calibration_file));
  }
  return a;
}

}  // namespace xpu::config
