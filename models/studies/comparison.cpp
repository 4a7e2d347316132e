// SPDX-License-Identifier: MIT
#include "studies/comparison.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "analytical/evaluate.h"
#include "common/error.h"
#include "compiler/plan.h"
#include "config/resolve.h"
#include "result/finite.h"
#include "workload/transformer.h"

namespace xpu::studies {

namespace fs = std::filesystem;

const Result* Comparison::find(const std::string& arch, const std::string& workload,
                               const std::string& phase, int64_t batch) const {
  for (const auto& r : results) {
    if (r.arch == arch && r.workload == workload && name_of(r.phase) == phase && r.batch == batch)
      return &r;
  }
  return nullptr;
}

const Result* Comparison::prefill(const std::string& arch, const std::string& workload) const {
  return find(arch, workload, "prefill", spec.prefill_batch);
}

std::vector<const Result*> Comparison::decode_sweep(const std::string& arch,
                                                    const std::string& workload) const {
  std::vector<const Result*> out;
  for (const auto& r : results) {
    if (r.arch == arch && r.workload == workload && r.phase == xpu::Phase::kDecode)
      out.push_back(&r);
  }
  return out;
}

std::vector<std::string> arch_files_in(const std::string& dir) {
  if (!fs::is_directory(dir)) throw ConfigError(dir, 0, "", "not a folder of arch files");
  std::vector<fs::path> files;
  auto collect = [&](const fs::path& d) {
    for (const auto& e : fs::directory_iterator(d)) {
      if (e.is_regular_file() && e.path().extension() == ".toml") files.push_back(e.path());
    }
  };
  collect(dir);
  if (fs::is_directory(fs::path(dir) / "concepts")) collect(fs::path(dir) / "concepts");
  // Directory order is whatever the file system gives; the report must not depend on it.
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    return std::pair(a.stem().string(), a.string()) < std::pair(b.stem().string(), b.string());
  });
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(f.string());
  return out;
}

namespace {

std::string stem_of(const std::string& path) { return fs::path(path).stem().string(); }

// Largest tensor-parallel group a comparison spreads one replica over: one 8-GPU node.
constexpr int64_t kMaxTensorParallel = 8;

// Runs one point; on failure records why and returns 0, else the tensor-parallel degree used.
// A GPU or hardwired chip that cannot hold the model alone is given, when `may_grow`, the
// smallest tensor-parallel group that can, as a deployment would; statically scheduled
// families already choose their chip count.
int64_t evaluate_point(Comparison& c, const config::ArchSpec& arch,
                       const config::WorkloadSpec& workload, workload::Scenario s, bool may_grow) {
  const std::string phase = s.phase == workload::Phase::kPrefill ? "prefill" : "decode";
  const auto w = resolved(c, arch, workload);
  const bool partitioned = machine::traits_of(arch.family).parallel_layouts;
  for (;;) {
    try {
      c.results.push_back(analytical::evaluate(compiler::compile(machine::resolve(arch), w, s)));
      require_sound(c.results.back());
      return s.parallel.tp;
    } catch (const DoesNotFitError& e) {
      const int64_t tp = s.parallel.tp * 2;
      if (may_grow && partitioned && arch.links && tp <= kMaxTensorParallel && w.heads % tp == 0) {
        s.parallel.tp = tp;
        continue;
      }
      c.skipped.push_back({arch.id, w.id, phase, s.batch, e.what(), true});
      return 0;
    } catch (const std::exception& e) {
      c.skipped.push_back({arch.id, w.id, phase, s.batch, e.what(), false});
      return 0;
    }
  }
}

}  // namespace

Comparison run_comparison(const ComparisonSpec& spec) {
  Comparison c;
  c.spec = spec;
  std::vector<int64_t> batches = spec.decode_batches;
  std::sort(batches.begin(), batches.end());
  batches.erase(std::unique(batches.begin(), batches.end()), batches.end());
  c.spec.decode_batches = batches;

  if (!spec.validation_file.empty()) {
    c.validation = validation::check_all(validation::load_published_figures(spec.validation_file));
  }
  if (!spec.supply_file.empty()) {
    try {
      c.supply = manufacturing::load_supply(spec.supply_file);
    } catch (const std::exception& e) {
      c.skipped.push_back({"", "", "", 0, e.what(), false});
    }
  }
  if (!spec.tco_file.empty()) {
    try {
      c.tco = load_tco(spec.tco_file);
    } catch (const std::exception& e) {
      c.skipped.push_back({"", "", "", 0, e.what(), false});
    }
  }
  for (const auto& file : spec.workload_files) {
    try {
      c.workloads.push_back(config::load_workload(file));
    } catch (const std::exception& e) {
      c.skipped.push_back({"", stem_of(file), "", 0, e.what(), false});
    }
  }

  // Load every arch and its calibration first, so that a bad calibration file skips the arch
  // as a whole rather than each of its points.
  std::vector<config::ArchSpec> loaded;
  std::map<std::string, decltype(c.calibrations)::value_type> calibrations;
  for (const auto& file : spec.arch_files) {
    try {
      auto arch = config::load_arch(file);
      const auto calibration = machine::resolve(arch).calibration;
      if (!calibration.file.empty()) calibrations.emplace(calibration.file, calibration);
      loaded.push_back(std::move(arch));
    } catch (const std::exception& e) {
      c.skipped.push_back({stem_of(file), "", "", 0, e.what(), false});
    }
  }
  std::stable_sort(loaded.begin(), loaded.end(),
                   [](const auto& a, const auto& b) { return a.id < b.id; });
  for (auto& [file, eff] : calibrations) c.calibrations.push_back(eff);

  for (const auto& arch : loaded) {
    c.archs.push_back(arch);
    for (const auto& w : c.workloads) {
      workload::Scenario prefill;
      prefill.phase = workload::Phase::kPrefill;
      prefill.batch = spec.prefill_batch;
      prefill.prompt = spec.prefill_prompt;
      evaluate_point(c, arch, w, prefill, true);
      // One replica layout for the whole sweep: the one the first batch needs. Memory grows
      // with batch, so once a batch does not fit no larger one will.
      int64_t tp = 1;
      for (int64_t b : batches) {
        workload::Scenario decode;
        decode.phase = workload::Phase::kDecode;
        decode.batch = b;
        decode.context = spec.decode_context;
        decode.parallel.tp = tp;
        tp = evaluate_point(c, arch, w, decode, b == batches.front());
        if (tp == 0) break;
      }
    }
  }
  return c;
}

config::WorkloadSpec resolved(const Comparison& c, const config::ArchSpec& arch,
                              const config::WorkloadSpec& w) {
  return config::resolve_workload_best(arch, w, c.spec.force_dtype);
}

std::vector<ArchSummary> summarize(const Comparison& c, const config::WorkloadSpec& w) {
  std::vector<ArchSummary> out;
  for (const auto& arch : c.archs) {
    ArchSummary s;
    s.arch = &arch;
    s.weight_dtype = resolved(c, arch, w).dtypes.weights;
    s.weight_bytes =
        workload::count_parameters(w, w.layers).total * bytes_per_element(s.weight_dtype);
    s.capacity_bytes = arch.dram   ? arch.dram->capacity_bytes
                       : arch.sram ? arch.sram->capacity_bytes
                                   : 0.0;
    s.prefill = c.prefill(arch.id, w.id);
    const auto sweep = c.decode_sweep(arch.id, w.id);
    for (const Result* r : sweep) {
      if (!s.decode_first) s.decode_first = r;
      if (!s.decode_best || r->tokens_per_s > s.decode_best->tokens_per_s) s.decode_best = r;
      s.max_decode_batch = std::max(s.max_decode_batch, r->batch);
    }
    if (const Result* any = s.decode_first ? s.decode_first : s.prefill) {
      s.capacity_bytes = any->memory_capacity_bytes;
      s.chips = any->chips;
    }
    bool out_of_memory = false;
    for (const auto& k : c.skipped) {
      out_of_memory |= k.arch == arch.id && k.workload == w.id && k.out_of_memory;
    }
    if (sweep.empty()) {
      s.fit = out_of_memory ? "no" : "not run";
    } else if (sweep.size() == c.spec.decode_batches.size()) {
      s.fit = "yes";
    } else {
      s.fit = fmt::format("to batch {}", s.max_decode_batch);
    }
    out.push_back(s);
  }
  return out;
}

const Result* focus_point(const Comparison& c, const std::string& preferred_arch) {
  if (c.spec.decode_batches.empty()) return nullptr;
  const int64_t b = c.spec.decode_batches.front();
  for (const auto& w : c.workloads) {
    if (const Result* r = c.find(preferred_arch, w.id, "decode", b)) return r;
  }
  for (const auto& w : c.workloads) {
    for (const auto& a : c.archs) {
      if (const Result* r = c.find(a.id, w.id, "decode", b)) return r;
    }
  }
  return nullptr;
}

}  // namespace xpu::studies
