// SPDX-License-Identifier: MIT
// `xpusim explain`: one design point (the options of `run`) explained step by step: its
// roofline, the ops that bound it, and what would change it.
#include <iostream>
#include <memory>

#include "apps/cli/commands.h"
#include "apps/cli/point_options.h"
#include "studies/explain.h"

namespace xpu::cli {

namespace {

void explain_command(const PointOptions& o, CLI::App& cmd) {
  const auto [arch, workload, s] = load_point(o, cmd);
  std::cout << studies::explain(arch, workload, s);
}

}  // namespace

void add_explain_command(CLI::App& app) {
  auto o = std::make_shared<PointOptions>();
  CLI::App* cmd = app.add_subcommand(
      "explain", "Why one design point is compute-, memory-, network-, overhead- or latency-bound");
  add_point_options(*cmd, *o);
  cmd->callback([o, cmd] { explain_command(*o, *cmd); });
}

}  // namespace xpu::cli
