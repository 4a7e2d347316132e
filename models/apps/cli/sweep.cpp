// SPDX-License-Identifier: MIT
// `xpusim sweep SPEC.toml`: many design points from one spec (docs/sweep.md), evaluated on all
// cores (threads; worker processes for the SystemC engine), or over MPI ranks under mpirun,
// resumable, with a Pareto front.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <thread>

#include "apps/cli/commands.h"
#include "apps/cli/engine_choice.h"
#include "apps/cli/numbers.h"
#include "apps/cli/point_options.h"
#include "apps/cli/power_cap.h"
#include "apps/cli/sweep_mpi.h"
#include "common/atomic_file.h"
#include "common/error.h"
#include "report/sweep_page.h"
#include "sweep/design.h"
#include "sweep/run_sweep.h"
#include "sweep/sweep_spec.h"

namespace xpu::cli {

namespace {

struct SweepOptions {
  std::string spec;
  std::string out;
  int jobs = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  std::string engine = "analytic";
  bool report = false;  // also write DIR/index.html
  double power_cap_w = 0.0;
  bool power_capped = false;  // --power-cap-w given
  std::string software;  // "": the spec's [scenario] software
};

// The executor for the chosen engine: threads, or worker processes for an engine that runs one
// evaluation per process at a time (SystemC).
sweep::Executor executor_for(const EngineChoice& engine, const SweepOptions& o,
                             const sweep::SweepSpec& spec,
                             const std::vector<sweep::Point>& points) {
  if (engine.one_per_process) return sweep::process_pool(spec, points, o.jobs, engine.evaluate);
  return sweep::thread_pool(spec, points, o.jobs, engine.evaluate);
}

void sweep_command(const SweepOptions& o) {
  auto spec = sweep::load_sweep_spec(o.spec);
  spec.engine = o.engine;  // before the points: it is part of their ids
  if (o.power_capped) {
    for (const auto& a : spec.axes) {
      if (a.target == sweep::Target::kArch && a.key == "power.tdp_w") {
        throw ConfigError(o.spec, a.line, a.column,
                          "this axis and --power-cap-w both set the power limit; drop one");
      }
    }
    spec.power_cap_w = o.power_cap_w;
  }
  if (!o.software.empty()) spec.software = *config::parse_software(o.software);  // part of the ids too
  const EngineChoice engine = engine_named(o.engine);
  const auto points = sweep::design_points(spec);
  const std::string dir =
      o.out.empty()
          ? (std::filesystem::path("reports/out/sweeps") / std::filesystem::path(o.spec).stem())
                .string()
          : o.out;
  // Under mpirun each rank evaluates its share with the same local executor: threads, or for
  // SystemC worker processes forked by the rank (they never call MPI themselves).
  const sweep::Executor local = executor_for(engine, o, spec, points);
  const auto summary = launched_by_mpi() ? run_sweep_over_mpi(spec, points, dir, o.jobs, local)
                                         : sweep::run_sweep(spec, points, dir, local);
  if (!summary) return;  // an MPI worker: rank 0 reports
  const auto& s = *summary;
  if (o.report) {
    write_file_atomically(std::filesystem::path(dir) / "index.html",
                          report::to_sweep_html(spec, points, s.records, s.front),
                          "the sweep report");
  }
  fmt::print(
      stderr,
      "sweep: {} points ({} resumed, {} evaluated in {:.2f} s): {} ok, {} infeasible or invalid, "
      "{} on the Pareto front{}; wrote {}/results.csv, results.jsonl, pareto.csv{}\n",
      s.points, s.resumed, s.evaluated, s.seconds, s.ok, s.not_ok, s.pareto,
      s.discarded ? fmt::format("; dropped {} torn or foreign lines", s.discarded) : "", dir,
      o.report ? ", index.html" : "");
}

}  // namespace

void add_sweep_command(CLI::App& app) {
  auto o = std::make_shared<SweepOptions>();
  CLI::App* cmd = app.add_subcommand(
      "sweep",
      "Evaluate the design points of a sweep spec: results.csv/.jsonl, pareto.csv (resumable)");
  cmd->add_option("spec", o->spec, "Sweep spec (docs/sweep.md)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--out", o->out,
                  "Folder for the results (default reports/out/sweeps/<spec name>)");
  add_count(*cmd, "--jobs", o->jobs, 1, kMaxJobsFlag,
            "Threads (analytic) or worker processes (systemc) (default: all cores)")
      ->capture_default_str();
  cmd->add_option("--engine", o->engine,
                  "analytic (microseconds per point) or systemc (about a second per point)")
      ->check(CLI::IsMember(engine_names()))
      ->capture_default_str();
  cmd->add_flag("--report", o->report,
                "Also write DIR/index.html: the Pareto front and one chart per axis");
  add_power_cap(*cmd, o->power_cap_w);
  add_software_option(*cmd, o->software);
  cmd->callback([o, cmd] {
    o->power_capped = cmd->count("--power-cap-w") > 0;
    sweep_command(*o);
  });
}

}  // namespace xpu::cli
