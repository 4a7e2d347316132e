// SPDX-License-Identifier: MIT
// `xpusim report`: every arch on the chosen workloads, decode over a batch sweep and a prefill,
// and the model against the published figures of validation/published_figures.toml, written as
// index.html (self-contained, with charts), summary.md, table.csv and validation.csv
// (reports/README.md says what each holds).
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>

#include "apps/cli/commands.h"
#include "apps/cli/numbers.h"
#include "common/atomic_file.h"
#include "common/error.h"
#include "config/system_spec.h"
#include "report/csv.h"
#include "report/html.h"
#include "report/lessons.h"
#include "report/markdown.h"
#include "studies/comparison.h"
#include "studies/power_cap.h"

namespace xpu::cli {

namespace {

namespace fs = std::filesystem;

struct ReportOptions {
  std::string out;
  std::string arch_dir = "archs";
  std::string workload_dir = "workloads";
  std::vector<std::string> workloads = {"llama31_70b", "llama31_8b"};
  int64_t context = 1024;
  int64_t prompt = 2048;
  int64_t max_batch = 256;
  bool timestamp = false;
  std::string supply = "supply/2025.toml";
  std::string validation = "validation/published_figures.toml";
  std::string dtype;  // "": each chip in its native or preferred format
  std::string tco = "reports/tco.toml";
  std::string system_dir = "systems";  // cluster files drawn in the diagrams; "" for none
};

// A workload named by id is workloads/<id>.toml; a path is taken as it is.
std::string workload_file(const ReportOptions& o, const std::string& name) {
  if (name.find('/') != std::string::npos || fs::path(name).extension() == ".toml") return name;
  return (fs::path(o.workload_dir) / (name + ".toml")).string();
}

void report(const ReportOptions& o) {
  studies::ComparisonSpec spec;
  spec.arch_files = studies::arch_files_in(o.arch_dir);
  for (const auto& w : o.workloads) spec.workload_files.push_back(workload_file(o, w));
  spec.decode_batches.clear();
  for (int64_t b = 1; b <= o.max_batch; b *= 2) spec.decode_batches.push_back(b);
  spec.decode_context = o.context;
  spec.prefill_prompt = o.prompt;
  spec.supply_file = o.supply;
  spec.validation_file = o.validation;
  spec.tco_file = o.tco;
  if (!o.dtype.empty()) spec.force_dtype = parse_dtype(o.dtype);

  const auto c = studies::run_comparison(spec);
  // The only clock reading in the report, and only when asked for: reports diff cleanly.
  const std::string generated_at =
      o.timestamp
          ? fmt::format("{:%Y-%m-%d %H:%M:%S} UTC",
                        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()))
          : "";
  // Everything is rendered before the first byte is written: an error leaves no partial report.
  report::HtmlExtras extras;
  extras.power_caps = studies::power_cap_study(c);
  if (!o.system_dir.empty()) {
    if (!fs::is_directory(o.system_dir))
      throw ConfigError(o.system_dir, 0, "", "not a folder of system files (--system-dir)");
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(o.system_dir))
      if (e.path().extension() == ".toml") files.push_back(e.path());
    std::sort(files.begin(), files.end());  // directory order is the file system's
    for (const auto& f : files) extras.systems.push_back(config::load_system(f.string()));
  }
  const std::string html = report::to_html(c, generated_at, extras);
  const std::string markdown = report::to_markdown(c, generated_at);
  const std::string csv = report::to_csv(c);
  const std::string validation_csv = report::validation_csv(c);
  const std::string lessons = report::to_lessons_html(c);
  std::error_code ec;
  fs::create_directories(o.out, ec);
  if (ec)
    throw ConfigError(o.out, 0, "",
                      fmt::format("cannot create the report folder: {}", ec.message()));
  write_file_atomically(fs::path(o.out) / "index.html", html, "the report file");
  write_file_atomically(fs::path(o.out) / "summary.md", markdown, "the report file");
  write_file_atomically(fs::path(o.out) / "table.csv", csv, "the report file");
  write_file_atomically(fs::path(o.out) / "validation.csv", validation_csv, "the report file");
  write_file_atomically(fs::path(o.out) / "lessons.html", lessons, "the report file");
  fmt::print(
      "{} archs x {} workloads: {} points evaluated, {} not evaluated (listed in the report)\n",
      c.archs.size(), c.workloads.size(), c.results.size(), c.skipped.size());
  fmt::print(
      "wrote {0}/index.html, {0}/summary.md, {0}/table.csv, {0}/validation.csv, {0}/lessons.html\n",
      o.out);
}

}  // namespace

void add_report_command(CLI::App& app) {
  auto o = std::make_shared<ReportOptions>();
  CLI::App* cmd = app.add_subcommand(
      "report", "Compare every arch on the workloads: index.html, summary.md and table.csv");
  cmd->add_option("--out", o->out, "Folder to write the report into")->required();
  cmd->add_option("--arch-dir", o->arch_dir, "Arch files (and its concepts/ subfolder)")
      ->check(CLI::ExistingDirectory)
      ->capture_default_str();
  cmd->add_option("--workload-dir", o->workload_dir, "Where workload ids are looked up")
      ->check(CLI::ExistingDirectory)
      ->capture_default_str();
  cmd->add_option("--supply", o->supply, "Supply file for the HBM/packaging table (\"\" for none)")
      ->capture_default_str();
  cmd->add_option("--validation", o->validation,
                  "Published figures to check the model against (\"\" for none)")
      ->capture_default_str();
  cmd->add_option("--workloads", o->workloads, "Workload ids or files, comma-separated")
      ->delimiter(',')
      ->capture_default_str();
  add_count(*cmd, "--context", o->context, 0, kMaxTokensFlag,
            "Tokens in the KV cache at each decode step")
      ->capture_default_str();
  add_count(*cmd, "--prompt", o->prompt, 1, kMaxTokensFlag, "Prompt tokens of the prefill")
      ->capture_default_str();
  // Batches 1, 2, 4, ... up to it: 2^20 is 21 points per arch and workload.
  add_count(*cmd, "--max-batch", o->max_batch, 1, int64_t{1} << 20,
            "Largest decode batch (sweep 1, 2, 4, ...)")
      ->capture_default_str();
  cmd->add_option("--system-dir", o->system_dir,
                  "Cluster files (systems/*.toml) drawn in the diagrams (\"\" for none)")
      ->capture_default_str();
  cmd->add_option("--tco", o->tco,
                  "Cost-per-token inputs (life, $/kWh, PUE, utilisation, prices; \"\" for none)")
      ->capture_default_str();
  cmd->add_option("--dtype", o->dtype,
                  "Run every chip in this format (weights, activations, KV cache) instead of its "
                  "native or preferred one")
      ->check(CLI::IsMember(dtype_names()));
  cmd->add_flag("--timestamp", o->timestamp, "Write one generated-at line in the report headers");
  cmd->callback([o] { report(*o); });
}

}  // namespace xpu::cli
