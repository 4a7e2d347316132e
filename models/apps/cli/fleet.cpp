// SPDX-License-Identifier: MIT
// `xpusim fleet`: the chips, wafers, HBM, power and capex to serve a target decode token rate on
// one arch, and (with --supply) how much of a year's CoWoS/HBM/logic/power supply that is.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "analytical/evaluate.h"
#include "apps/cli/commands.h"
#include "apps/cli/numbers.h"
#include "apps/cli/parallelism.h"
#include "common/error.h"
#include "compiler/plan.h"
#include "config/arch_spec.h"
#include "config/resolve.h"
#include "config/workload_spec.h"
#include "machine/machine.h"
#include "manufacturing/fleet.h"
#include "manufacturing/supply.h"
#include "report/json_fleet.h"
#include "result/finite.h"

namespace xpu::cli {

namespace {

struct FleetOptions {
  std::string arch, workload, supply;
  double tokens_per_s = 0.0;
  int64_t batch = 64;
  int64_t context = 2048;
  std::string parallel;  // GPUs and hardwired chips: one replica over tp x pp chips
  bool json = false;
};

// Decode tokens/s of one chip at the chosen point, from the analytic engine.
double chip_tokens_per_s(const config::ArchSpec& arch, const config::WorkloadSpec& workload,
                         const FleetOptions& o) {
  workload::Scenario s;
  s.phase = workload::Phase::kDecode;
  s.batch = o.batch;
  s.context = o.context;
  if (!o.parallel.empty()) s.parallel = parse_parallelism(o.parallel);
  compiler::Plan plan;
  try {
    plan = compiler::compile(machine::resolve(arch), workload, s);
  } catch (const DoesNotFitError& e) {
    throw DoesNotFitError(fmt::format(
        "{}\nfor GPUs and hardwired chips, spread a replica with --parallel tp=N", e.what()));
  }
  const Result r = analytical::evaluate(plan);
  require_sound(r);
  // Families that spread one replica over several chips: each chip's share of its throughput.
  return r.tokens_per_s / static_cast<double>(r.chips);
}

std::string usd(double v) {
  if (v >= 1e9) return fmt::format("${:.2f} B", v / 1e9);
  if (v >= 1e5) return fmt::format("${:.2f} M", v / 1e6);
  return fmt::format("${:.0f}", v);
}

std::string amount(const std::optional<double>& v) {
  return v ? fmt::format("{:.4g}", *v) : "no figure";
}

void print_table(const config::ArchSpec& arch, const config::WorkloadSpec& w, const FleetOptions& o,
                 const manufacturing::ChipBuild& b, const manufacturing::FleetPlan& f,
                 const std::optional<manufacturing::SupplyView>& v,
                 const std::string& supply_name) {
  const auto& p = *arch.package;
  fmt::print("fleet of {} serving {:.3g} tokens/s of {} (decode, batch {}, context {})\n",
             arch.name, f.target_tokens_per_s, w.name, o.batch, o.context);
  fmt::print("\none chip ({}, {})\n", b.node_name, b.package_type);
  fmt::print("  decode rate        {:.0f} tokens/s (analytic engine)\n", f.chip_tokens_per_s);
  fmt::print(
      "  logic dies         {} x {:.0f} mm2: {:.1f} gross per wafer, yield {:.3f} Murphy ({:.3f} "
      "Poisson), "
      "{:.1f} good\n",
      b.dies_per_chip, p.die_area_mm2, b.gross_dies_per_wafer, b.murphy_yield, b.poisson_yield,
      b.good_dies_per_wafer);
  fmt::print("  logic wafers       {:.4f} per chip  {}  ({} per good die)\n",
             b.logic_wafers_per_chip, usd(b.logic_cost_usd), usd(b.good_die_cost_usd));
  if (b.interposers_per_wafer > 0.0) {
    fmt::print(
        "  CoWoS wafers       {:.4f} per chip  {}  ({:.0f} mm2 interposer, {:.0f} per wafer)\n",
        b.cowos_wafers_per_chip, usd(b.package_cost_usd), p.interposer_area_mm2,
        b.interposers_per_wafer);
  }
  if (b.hbm_stacks > 0) {
    fmt::print("  HBM                {} stacks, {:.0f} GB  {}\n", b.hbm_stacks, b.hbm_gb,
               usd(b.hbm_cost_usd));
  }
  fmt::print("  manufacturing cost {}\n", usd(b.cost_usd()));
  fmt::print("\nfleet\n");
  fmt::print("  chips              {:.0f}\n", f.chips);
  fmt::print("  HBM                {:.0f} stacks, {:.0f} GB\n", f.hbm_stacks, f.hbm_gb);
  fmt::print("  logic wafers       {:.4g}\n", f.logic_wafers);
  fmt::print("  CoWoS wafers       {:.4g}\n", f.cowos_wafers);
  fmt::print("  power              {:.4g} MW at TDP", f.chip_power_mw);
  if (v) fmt::print(", {:.4g} MW all-in", f.chips * v->all_in_w_per_chip / 1e6);
  fmt::print("\n  capex              {} (manufacturing cost only)\n", usd(f.capex_usd));
  if (v) {
    fmt::print("\nsupply {} ({}), all of the AI share going to this chip\n", supply_name, o.supply);
    fmt::print("  {:<8} {:>12} {:>8} {:>12} {:>12} {:>11}\n", "resource", "per year", "unit",
               "per chip", "chips/year", "fleet share");
    for (const auto& l : v->limits) {
      const std::string share =
          l.chips_per_year ? fmt::format("{:.3g}%", 100.0 * f.chips / *l.chips_per_year) : "-";
      fmt::print("  {:<8} {:>12} {:>8} {:>12.4g} {:>12} {:>11}{}\n", l.resource,
                 amount(l.available), l.unit, l.per_chip,
                 l.chips_per_year ? fmt::format("{:.4g}", *l.chips_per_year) : "no cap", share,
                 l.resource == v->binding ? "  <- binds" : "");
    }
    if (v->tokens_per_s) {
      fmt::print("  a year's supply    {:.4g} chips = {:.4g} tokens/s of capacity\n",
                 *v->chips_per_year, *v->tokens_per_s);
    }
  }
  for (const auto& warning : b.warnings) fmt::print("warning: {}\n", warning);
}

void fleet(const FleetOptions& o) {
  const auto arch = config::load_arch(o.arch);
  const auto build = manufacturing::build_chip(arch, manufacturing::process_nodes_of(arch));
  const auto workload = config::resolve_workload(arch, config::load_workload(o.workload));
  const auto plan =
      manufacturing::plan_fleet(arch, build, chip_tokens_per_s(arch, workload, o), o.tokens_per_s);
  std::optional<manufacturing::SupplyView> view;
  std::string supply_name;
  if (!o.supply.empty()) {
    const auto supply = manufacturing::load_supply(o.supply);
    supply_name = supply.name;
    view = manufacturing::supply_view(arch, build, supply, plan.chip_tokens_per_s);
  }
  if (o.json) {
    const report::FleetPoint point{arch.id, workload.id, o.batch, o.context, o.supply};
    std::cout << report::to_json(point, build, plan, view).dump(2) << "\n";
  } else {
    print_table(arch, workload, o, build, plan, view, supply_name);
  }
}

}  // namespace

void add_fleet_command(CLI::App& app) {
  auto o = std::make_shared<FleetOptions>();
  CLI::App* cmd = app.add_subcommand(
      "fleet",
      "Chips, wafers, HBM, power and capex to serve a decode token rate; supply limits per year");
  cmd->add_option("--arch", o->arch, "Arch file with a [package] table (archs/*.toml)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--workload", o->workload, "Workload file (workloads/*.toml)")
      ->required()
      ->check(CLI::ExistingFile);
  add_quantity(*cmd, "--tokens-per-s", o->tokens_per_s, 0, 1e18,
               "Target decode output tokens/s of the whole fleet")
      ->required();
  add_count(*cmd, "--batch", o->batch, 1, kMaxTokensFlag, "Sequences per chip at the decode point")
      ->capture_default_str();
  add_count(*cmd, "--context", o->context, 0, kMaxTokensFlag,
            "Tokens already in each sequence's KV cache")
      ->capture_default_str();
  cmd->add_option("--parallel", o->parallel,
                  "tp=N,pp=N: one replica over several chips (GPUs, hardwired chips)");
  cmd->add_option("--supply", o->supply,
                  "A year's supply (supply/*.toml): chips and tokens/s it allows")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--json", o->json, "Print JSON");
  cmd->callback([o] { fleet(*o); });
}

}  // namespace xpu::cli
