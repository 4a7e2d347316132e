// SPDX-License-Identifier: MIT
// `xpusim serve`: offline serving throughput of a scenario on a system of chips, searching the
// parallel layout and batch unless they are given; with an [arrival] table in the scenario, the
// serving simulator (serving/simulator.h) on the layout given or found offline, or with
// --find-max-rate on the layout that serves the highest rate within the scenario's [slo]; with a
// [disaggregation] table or the pool flags, on a prefill pool and a decode pool
// (apps/cli/serve_pools.h).
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "apps/cli/commands.h"
#include "apps/cli/engine_choice.h"
#include "apps/cli/numbers.h"
#include "apps/cli/parallelism.h"
#include "apps/cli/point_options.h"
#include "apps/cli/power_cap.h"
#include "apps/cli/serve_pools.h"
#include "common/atomic_file.h"
#include "config/arch_spec.h"
#include "config/resolve.h"
#include "machine/machine.h"
#include "report/interactivity.h"
#include "report/json_scale_out.h"
#include "result/finite.h"
#include "serving/disaggregated.h"
#include "serving/interactivity_curve.h"
#include "serving/max_rate.h"
#include "serving/offline.h"
#include "serving/schedule_trace.h"
#include "serving/serving_spec.h"
#include "serving/simulator.h"
#include "serving/traffic.h"
#include "sweep/progress.h"

namespace xpu::cli {

namespace {

struct ServeOptions {
  std::vector<std::string> archs;  // one, or several with --curve
  std::string scenario, parallel;
  int64_t chips = 1;
  int64_t batch = 0;
  bool json = false;
  DTypeFlags dtypes;
  std::string software = "fused";
  std::string engine = "analytic";
  double rate_per_s = 0.0;
  double duration_s = 0.0;
  double power_cap_w = 0.0;
  bool find_max_rate = false;
  serving::BatchingPolicy policy;
  bool curve = false;
  std::string out;    // --curve: folder for curve.json, curve.csv, curve.svg
  std::string trace;  // simulator: Chrome trace of the batch schedule
  // --prefill-chips, --decode-chips, --prefill-tp, --decode-tp: over the scenario's table
  int64_t prefill_chips = 0, decode_chips = 0, prefill_tp = 0, decode_tp = 0;
};

nlohmann::json to_json(const serving::SimulationResult& r) {
  nlohmann::json kv = nlohmann::json::array();
  for (const auto& [t, f] : r.kv_occupancy) kv.push_back({{"t_s", t}, {"used_fraction", f}});
  nlohmann::json j = {
      {"replicas", r.replicas},
      {"requests", r.requests},
      {"output_tokens", r.output_tokens},
      {"makespan_s", r.makespan_s},
      {"ttft_p50_s", r.ttft_s.p50},
      {"ttft_p90_s", r.ttft_s.p90},
      {"ttft_p99_s", r.ttft_s.p99},
      {"tpot_p50_s", r.tpot_s.p50},
      {"tpot_p90_s", r.tpot_s.p90},
      {"tpot_p99_s", r.tpot_s.p99},
      {"e2e_p50_s", r.e2e_s.p50},
      {"e2e_p90_s", r.e2e_s.p90},
      {"e2e_p99_s", r.e2e_s.p99},
      {"requests_per_s", r.requests_per_s},
      {"output_tokens_per_s", r.output_tokens_per_s},
      {"output_tokens_per_s_per_chip", r.output_tokens_per_s / static_cast<double>(r.chips)},
      {"goodput_requests_per_s", r.goodput_requests_per_s},
      {"energy_j_per_output_token", r.energy_j_per_output_token},
      {"energy_j_per_request", r.energy_j_per_request},
      {"iterations", r.iterations},
      {"preemptions", r.preemptions},
      {"kv_capacity_tokens_per_replica", r.kv_capacity_tokens_per_replica},
      {"kv_occupancy", kv},
      {"shapes_evaluated", r.shapes_evaluated}};
  j["meets_slo"] = r.meets_slo ? nlohmann::json(*r.meets_slo) : nlohmann::json(nullptr);
  return j;
}

// How long the simulated requests are, in words: the scenario's means, a dataset's samples, or
// a trace's own.
std::string request_lengths(const serving::ServingSpec& scenario,
                            const serving::ArrivalSpec& arrival) {
  if (arrival.process == serving::ArrivalSpec::Process::kTrace) return "each the trace's own";
  if (!arrival.lengths) {
    return fmt::format("every request {} in / {} out", scenario.input_tokens,
                       scenario.output_tokens);
  }
  const std::string file = std::filesystem::path(arrival.lengths->file).filename().string();
  if (arrival.lengths->draw_output) {
    return fmt::format("prompts and answers drawn from {} (means {} / {})", file,
                       scenario.input_tokens, scenario.output_tokens);
  }
  return fmt::format("prompts drawn from {} (mean {}), every answer {} tokens", file,
                     scenario.input_tokens, scenario.output_tokens);
}

// The scenario's arrivals with --rate and --duration applied.
serving::ArrivalSpec arrival_of(const ServeOptions& o, const CLI::App& cmd,
                                const serving::ServingSpec& scenario) {
  serving::ArrivalSpec arrival = *scenario.arrival;
  if (cmd.count("--rate")) {
    if (arrival.process != serving::ArrivalSpec::Process::kPoisson) {
      throw CLI::ValidationError("--rate",
                                 "needs a scenario whose [arrival] process is \"poisson\"");
    }
    arrival.rate_per_s = o.rate_per_s;
  }
  if (cmd.count("--duration")) arrival.duration_s = o.duration_s;
  return arrival;
}

// One simulation, `run(on_request_done, schedule or nullptr)`, with a bar on a terminal while
// the requests complete (when their number is known up front) and its schedule written as the
// --trace file when one is asked for.
// `trace_json` writes the run's schedule for --trace.
template <class Schedule, class Run, class TraceJson>
auto run_with_progress(const ServeOptions& o, const serving::Traffic& traffic, Run&& run,
                       TraceJson&& trace_json) {
  const size_t total = traffic.concurrency > 0
                           ? static_cast<size_t>(std::max<int64_t>(traffic.max_requests, 0))
                           : traffic.requests.size();
  std::optional<sweep::Progress> progress;
  if (total > 0) progress.emplace(total, "requests");
  Schedule schedule;
  auto result = run(
      [&progress] {
        if (progress) progress->advance();
      },
      o.trace.empty() ? nullptr : &schedule);
  if (progress) progress->finish();
  if (!o.trace.empty()) {
    write_file_atomically(o.trace, trace_json(schedule), "the --trace file");
  }
  return result;
}

// The simulated run's system-wide lines, after the line naming the layout.
void print_simulation(const serving::SimulationResult& r, const serving::ServingSpec& scenario,
                      const serving::ArrivalSpec& arrival, int64_t chips,
                      std::optional<double> max_rate,
                      const std::vector<std::string>& layouts_tried) {
  if (max_rate)
    fmt::print("  highest rate meeting the SLO  {:.3f} requests/s (Poisson)\n", *max_rate);
  for (const auto& t : layouts_tried) fmt::print("  tried            {}\n", t);
  fmt::print("  requests         {} in {:.1f} s: {:.3f} requests/s\n", r.requests, r.makespan_s,
             r.requests_per_s);
  fmt::print("  lengths          {}\n", request_lengths(scenario, arrival));
  fmt::print("  throughput       {:.0f} output tokens/s ({:.0f} per chip)\n", r.output_tokens_per_s,
             r.output_tokens_per_s / static_cast<double>(chips));
  auto row = [](const char* name, const serving::Percentiles& p) {
    fmt::print("  {:<16} p50 {:.3f} s  p90 {:.3f} s  p99 {:.3f} s\n", name, p.p50, p.p90, p.p99);
  };
  row("TTFT", r.ttft_s);
  row("TPOT", r.tpot_s);
  row("end to end", r.e2e_s);
  if (scenario.slo) {
    fmt::print(
        "  SLO p{:g}          TTFT {:.3f} s (target {:.3f}), TPOT {:.3f} s (target {:.3f}): {}\n",
        scenario.slo->percentile, r.ttft_at_slo_percentile_s, scenario.slo->ttft_s,
        r.tpot_at_slo_percentile_s, scenario.slo->tpot_s, *r.meets_slo ? "met" : "missed");
    fmt::print("  goodput          {:.3f} requests/s within both targets\n",
               r.goodput_requests_per_s);
  }
  fmt::print(
      "  energy           {:.3f} J per output token, {:.1f} J per request (iterations only)\n",
      r.energy_j_per_output_token, r.energy_j_per_request);
  fmt::print("  KV cache         {} tokens per replica; {} preemptions; occupancy",
             r.kv_capacity_tokens_per_replica, r.preemptions);
  for (const auto& [t, f] : r.kv_occupancy) fmt::print(" {:.0f}%", f * 100.0);
  fmt::print("\n");
}

void simulate(const ServeOptions& o, const CLI::App& cmd, const serving::ServingSpec& scenario,
              const config::ArchSpec& arch, const config::WorkloadSpec& workload,
              const serving::OfflineResult& offline, const serving::OfflineRequest& req) {
  const int64_t chips = req.chips;
  serving::ArrivalSpec arrival = arrival_of(o, cmd, scenario);
  const auto start = std::chrono::steady_clock::now();
  std::optional<double> max_rate;
  serving::OfflineResult chosen = offline;  // the layout simulated
  if (o.find_max_rate) {
    if (!scenario.slo || arrival.process != serving::ArrivalSpec::Process::kPoisson) {
      throw CLI::ValidationError("--find-max-rate",
                                 "needs a Poisson [arrival] and an [slo] in the scenario");
    }
    // Without --parallel, the layout too: the one with the highest rate meeting the SLO.
    auto found = serving::find_max_rate_layout(arch, workload, scenario, arrival, req, o.policy);
    chosen = std::move(found.offline);
    chosen.layouts_tried = std::move(found.layouts_tried);
    max_rate = found.max_rate_per_s;
    arrival.rate_per_s = *max_rate;
  }
  const workload::Parallelism& layout = chosen.parallel;
  serving::StepTimer timer(arch, workload, layout, serving::chips_per_replica(chosen),
                           o.policy.kv_block_tokens, req.engine);
  const auto traffic = serving::traffic_of(scenario, arrival);
  const auto r = run_with_progress<serving::Schedule>(
      o, traffic,
      [&](const std::function<void()>& done, serving::Schedule* schedule) {
        return serving::simulate(timer, layout.dp, traffic, o.policy, scenario.slo, done, schedule);
      },
      [&](const serving::Schedule& s) {
        return serving::schedule_trace_json(s, timer.micro_batches());
      });
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (o.json) {
    auto j = to_json(r);
    j["scenario"] = scenario.id;
    j["request_lengths"] = request_lengths(scenario, arrival);
    j["arch"] = arch.id;
    j["chips"] = chips;
    j["engine"] = o.engine;
    j["parallel"] = {{"tp", layout.tp}, {"pp", layout.pp}, {"ep", layout.ep}, {"dp", layout.dp}};
    if (max_rate) {
      j["max_rate_per_s"] = *max_rate;
      j["layouts_tried"] = chosen.layouts_tried;
    }
    std::cout << j.dump(2) << "\n";
    return;
  }
  fmt::print("{} on {} x {}, tp={} pp={} dp={}\n", scenario.name, chips, arch.name, layout.tp,
             layout.pp, layout.dp);
  print_simulation(r, scenario, arrival, chips, max_rate,
                   max_rate ? chosen.layouts_tried : std::vector<std::string>{});
  fmt::print("  simulated        {} iterations, {} shapes timed by the {} engine, in {:.2f} s\n",
             r.iterations, r.shapes_evaluated, o.engine, wall_s);
}

// The scenario's model as `arch` serves it: the scenario's formats, then the flags', then those
// the chip imposes; and its software profile, the flag's or else the scenario's.
config::WorkloadSpec served_workload(const config::ArchSpec& arch,
                                     const serving::ServingSpec& scenario, const ServeOptions& o,
                                     const CLI::App& cmd) {
  auto served = config::load_workload(scenario.workload_file);
  if (scenario.dtypes) served.dtypes = *scenario.dtypes;
  return config::with_software(
      arch, config::resolve_workload(arch, std::move(served), dtype_overrides(o.dtypes)),
      cmd.count("--software") ? *config::parse_software(o.software) : scenario.software);
}

// The serving simulator on two pools (serving/disaggregated.h, apps/cli/serve_pools.h).
void simulate_disaggregated(const ServeOptions& o, const CLI::App& cmd,
                            const serving::ServingSpec& scenario, const config::ArchSpec& arch,
                            const config::WorkloadSpec& workload,
                            const serving::DisaggregationSpec& split) {
  for (const char* flag : {"--parallel", "--batch", "--find-max-rate"}) {
    if (cmd.count(flag)) {
      throw CLI::ValidationError(
          flag, "is not for a disaggregated run: give each pool's chips and tp instead");
    }
  }
  const int64_t chips = split.prefill_chips + split.decode_chips;
  if (cmd.count("--chips") && o.chips != chips) {
    throw CLI::ValidationError("--chips", fmt::format("is {}, the pools have {} + {}", o.chips,
                                                      split.prefill_chips, split.decode_chips));
  }
  const auto start = std::chrono::steady_clock::now();
  const serving::ArrivalSpec arrival = arrival_of(o, cmd, scenario);
  const auto traffic = serving::traffic_of(scenario, arrival);
  const auto run = run_with_progress<serving::DisaggregatedSchedule>(
      o, traffic,
      [&](const std::function<void()>& done, serving::DisaggregatedSchedule* schedule) {
        return run_pools(arch, workload, scenario, split, traffic, o.policy,
                         engine_named(o.engine).evaluate, done, schedule);
      },
      [](const serving::DisaggregatedSchedule& s) { return serving::schedule_trace_json(s); });
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto& r = run.result.system;
  if (o.json) {
    auto j = to_json(r);
    j["scenario"] = scenario.id;
    j["request_lengths"] = request_lengths(scenario, arrival);
    j["arch"] = arch.id;
    j["chips"] = chips;
    j["engine"] = o.engine;
    add_pools_json(run, j);
    std::cout << j.dump(2) << "\n";
    return;
  }
  fmt::print("{} on {} x {}: a prefill pool and a decode pool\n", scenario.name, chips, arch.name);
  print_pools(run);
  print_simulation(r, scenario, arrival, chips, std::nullopt, {});
  fmt::print("  simulated        {} iterations, {} shapes timed by the {} engine, in {:.2f} s\n",
             r.iterations, r.shapes_evaluated, o.engine, wall_s);
}

// The scenario's [disaggregation] with the pool flags over it; none when neither says so.
std::optional<serving::DisaggregationSpec> disaggregation_of(const ServeOptions& o,
                                                             const CLI::App& cmd,
                                                             const serving::ServingSpec& scenario) {
  auto split = scenario.disaggregation;
  const bool prefill_chips = cmd.count("--prefill-chips") > 0;
  const bool decode_chips = cmd.count("--decode-chips") > 0;
  const bool prefill_tp = cmd.count("--prefill-tp") > 0;
  const bool decode_tp = cmd.count("--decode-tp") > 0;
  if (!(prefill_chips || decode_chips || prefill_tp || decode_tp)) return split;
  if (!scenario.arrival) {
    throw CLI::ValidationError(
        "--prefill-chips", "pools are for the simulator: the scenario needs an [arrival] table");
  }
  if (!split) {
    if (!prefill_chips || !decode_chips) {
      throw CLI::ValidationError("--prefill-chips",
                                 "and --decode-chips are both needed when the scenario has no "
                                 "[disaggregation] table");
    }
    split.emplace();
  }
  if (prefill_chips) split->prefill_chips = o.prefill_chips;
  if (decode_chips) split->decode_chips = o.decode_chips;
  if (prefill_tp) split->prefill_tp = o.prefill_tp;
  if (decode_tp) split->decode_tp = o.decode_tp;
  if (split->prefill_tp && split->prefill_chips % *split->prefill_tp != 0) {
    throw CLI::ValidationError("--prefill-tp", "must divide the prefill pool's chips");
  }
  if (split->decode_tp && split->decode_chips % *split->decode_tp != 0) {
    throw CLI::ValidationError("--decode-tp", "must divide the decode pool's chips");
  }
  return split;
}

// `--curve`: each arch's throughput-interactivity front on up to --chips chips.
void curve(const ServeOptions& o, const CLI::App& cmd) {
  for (const char* flag :
       {"--parallel", "--batch", "--rate", "--duration", "--find-max-rate", "--trace",
        "--prefill-chips", "--decode-chips", "--prefill-tp", "--decode-tp"}) {
    if (cmd.count(flag))
      throw CLI::ValidationError(flag, "--curve searches the layout and batch itself");
  }
  const auto scenario = serving::load_serving(o.scenario);
  report::CurveSet set;
  set.scenario = scenario.id;
  set.title = fmt::format("{}: throughput per chip vs speed per user, up to {} chips per replica",
                          scenario.name, o.chips);
  for (const auto& file : o.archs) {
    auto arch = config::load_arch(file);
    apply_power_cap(arch, cmd, o.power_cap_w);
    set.curves.push_back(serving::interactivity_curve(arch, served_workload(arch, scenario, o, cmd),
                                                      scenario.input_tokens, scenario.output_tokens,
                                                      o.chips, engine_named(o.engine).evaluate));
  }
  if (!o.out.empty()) {
    const std::filesystem::path dir(o.out);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    write_file_atomically(dir / "curve.json", report::curve_json(set), "the curve");
    write_file_atomically(dir / "curve.csv", report::curve_csv(set), "the curve");
    write_file_atomically(dir / "curve.svg", report::curve_svg(set), "the curve");
  }
  if (o.json) {
    std::cout << report::curve_json(set);
    return;
  }
  fmt::print("{} ({} in / {} out tokens per request): the throughput-interactivity front\n",
             scenario.name, scenario.input_tokens, scenario.output_tokens);
  for (const auto& c : set.curves) {
    fmt::print("  {}\n  {:>4} {:>6} {:>8} {:>16} {:>16} {:>9}\n", c.arch, "tp", "chips", "batch",
               "tok/s per user", "tok/s per chip", "TTFT s");
    for (const auto& p : c.points) {
      if (!p.on_front) continue;
      fmt::print("  {:>4} {:>6} {:>8} {:>16.1f} {:>16.1f} {:>9.3f}\n", p.parallel.tp, p.chips,
                 p.batch_per_replica, p.tokens_per_s_per_user, p.output_tokens_per_s_per_chip,
                 p.ttft_s);
    }
  }
  if (!o.out.empty()) fmt::print("wrote {}/curve.json, curve.csv, curve.svg\n", o.out);
}

void serve(const ServeOptions& o, CLI::App& cmd) {
  if (o.curve) return curve(o, cmd);
  if (o.archs.size() != 1)
    throw CLI::ValidationError("--arch", "takes one arch file, or several with --curve");
  if (cmd.count("--out")) throw CLI::ValidationError("--out", "is for --curve");
  auto arch = config::load_arch(o.archs.front());
  apply_power_cap(arch, cmd, o.power_cap_w);
  const auto scenario = serving::load_serving(o.scenario);
  if (cmd.count("--trace")) {
    if (!scenario.arrival) {
      throw CLI::ValidationError("--trace",
                                 "draws the simulator's schedule: the scenario needs "
                                 "an [arrival] table");
    }
    check_output_path(o.trace, "the --trace file");
  }
  const auto workload = served_workload(arch, scenario, o, cmd);
  if (const auto split = disaggregation_of(o, cmd, scenario)) {
    simulate_disaggregated(o, cmd, scenario, arch, workload, *split);
    return;
  }

  serving::OfflineRequest req;
  req.chips = o.chips;
  req.input_tokens = scenario.input_tokens;
  req.output_tokens = scenario.output_tokens;
  req.engine = engine_named(o.engine).evaluate;
  if (cmd.count("--parallel")) {
    req.parallel = parse_parallelism(o.parallel);
    if (cmd.count("--chips") == 0) req.chips = req.parallel->chips();
    if (req.parallel->chips() != req.chips) {
      throw CLI::ValidationError("--parallel", fmt::format("uses {} chips, --chips is {}",
                                                           req.parallel->chips(), req.chips));
    }
  }
  if (cmd.count("--batch")) req.batch_per_replica = o.batch;
  const auto r = serving::offline_throughput(arch, workload, req);
  require_sound(r.decode);
  if (!std::isfinite(r.output_tokens_per_s) || !(r.output_tokens_per_s > 0.0)) {
    throw InfeasibleError(fmt::format("the serving throughput is not a finite positive number ({})",
                                      r.output_tokens_per_s));
  }
  // Chips the evaluated step really used: an SRAM-only or wafer-scale replica takes as many as
  // the weights need, whatever --chips says; the report must not claim fewer.
  const int64_t chips_used = r.decode.chips;
  if (chips_used > req.chips) {
    if (cmd.count("--chips")) {
      throw InfeasibleError(fmt::format(
          "one replica of {} needs {} chips of {}, --chips is {}; pass --chips {} or more",
          workload.name, chips_used, arch.name, req.chips, chips_used));
    }
    req.chips = chips_used;
  }
  if (scenario.arrival) {
    simulate(o, cmd, scenario, arch, workload, r, req);
    return;
  }
  if (o.json) {
    std::cout << report::to_json(r, scenario.id, arch.id, req.chips).dump(2) << "\n";
    return;
  }
  fmt::print("{} on {} x {} ({} in / {} out tokens per request)\n", scenario.name, req.chips,
             arch.name, scenario.input_tokens, scenario.output_tokens);
  fmt::print("  best layout      tp={} pp={} dp={}, batch {} per replica\n", r.parallel.tp,
             r.parallel.pp, r.parallel.dp, r.batch_per_replica);
  fmt::print("  throughput       {:.0f} output tokens/s ({:.0f} per chip)\n", r.output_tokens_per_s,
             r.output_tokens_per_s / req.chips);
  fmt::print("  per request      prefill {:.1f} ms, {:.1f} ms per output token\n",
             r.prefill_s_per_request * 1e3, r.decode_step_s * 1e3);
  for (const auto& t : r.layouts_tried) fmt::print("  tried            {}\n", t);
}

}  // namespace

void add_serve_command(CLI::App& app) {
  auto o = std::make_shared<ServeOptions>();
  CLI::App* cmd = app.add_subcommand("serve",
                                     "Serving throughput of a scenario on a system of chips: "
                                     "offline, or simulated when it has [arrival]");
  cmd->add_option("--arch", o->archs, "Arch file (several with --curve)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--scenario", o->scenario, "Serving scenario (workloads/scenarios/*.toml)")
      ->required()
      ->check(CLI::ExistingFile);
  add_count(*cmd, "--chips", o->chips, 1, kMaxChipsFlag,
            "Chips in the system (--curve: most chips per replica)");
  cmd->add_option("--parallel", o->parallel, "tp=N,pp=N,ep=N,dp=N; searched when absent");
  add_count(*cmd, "--batch", o->batch, 1, kMaxTokensFlag,
            "Sequences per replica; largest that fits when absent");
  cmd->add_flag("--json", o->json, "Print JSON");
  add_power_cap(*cmd, o->power_cap_w);
  add_dtype_options(*cmd, o->dtypes);
  add_software_option(*cmd, o->software);
  cmd->add_option("--engine", o->engine,
                  "analytic | systemc: what times each engine step (each distinct shape once)")
      ->check(CLI::IsMember(engine_names()));
  cmd->add_option("--rate", o->rate_per_s,
                  "Poisson arrival rate, requests/s (scenarios with [arrival])")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--duration", o->duration_s,
                  "Seconds of arrivals (overrides the scenario's duration_s)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--find-max-rate", o->find_max_rate,
                "Highest Poisson rate meeting the scenario's [slo]");
  cmd->add_option("--token-budget", o->policy.token_budget, "Tokens per iteration (simulator)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--kv-block-tokens", o->policy.kv_block_tokens,
                  "Paged KV cache block (simulator)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-sequences", o->policy.max_sequences,
                  "Running sequences per replica (simulator)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("!--no-chunked-prefill", o->policy.chunked_prefill,
                "Prefill whole prompts in iterations of their own, as vLLM does without chunked "
                "prefill (simulator)");
  cmd->add_flag("--curve", o->curve,
                "The throughput-interactivity front: tokens/s per chip vs per user, over tp and "
                "batch, for each --arch");
  cmd->add_option("--out", o->out, "With --curve: folder for curve.json, curve.csv, curve.svg");
  add_count(*cmd, "--prefill-chips", o->prefill_chips, 1, kMaxChipsFlag,
            "Disaggregated serving: chips of the prefill pool (over the scenario's "
            "[disaggregation])");
  add_count(*cmd, "--decode-chips", o->decode_chips, 1, kMaxChipsFlag,
            "Disaggregated serving: chips of the decode pool");
  add_count(*cmd, "--prefill-tp", o->prefill_tp, 1, kMaxChipsFlag,
            "Tensor parallelism of a prefill replica; searched when absent");
  add_count(*cmd, "--decode-tp", o->decode_tp, 1, kMaxChipsFlag,
            "Tensor parallelism of a decode replica; searched when absent");
  cmd->add_option("--trace", o->trace,
                  "Chrome trace (chrome://tracing JSON) of the simulated batch schedule: each "
                  "replica's iterations and KV occupancy");
  cmd->callback([o, cmd] { serve(*o, *cmd); });
}

}  // namespace xpu::cli
