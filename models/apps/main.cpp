// SPDX-License-Identifier: MIT
// xpusim: how a transformer runs on a GPU, a hardwired ASIC, an SRAM-only cluster or a wafer.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "apps/cli/commands.h"
#include "common/error.h"
#include "common/version.h"

namespace {
// Exit codes: 0 success, 1 usage (CLI11), 2 bad input file, 3 infeasible request, 4 internal.
constexpr int kExitUsage = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitInfeasible = 3;
constexpr int kExitInternal = 4;

// Messages quote paths and names from the command line: control characters in them are shown,
// not sent to the terminal.
std::string printable(const std::string& message) {
  std::string out;
  for (unsigned char c : message) {
    if ((c < 0x20 && c != '\n') || c == 0x7f)
      out += fmt::format("\\x{:02x}", c);
    else
      out += static_cast<char>(c);
  }
  return out;
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "xpusim: transformer workloads on GPUs, hardwired ASICs, SRAM-only and wafer-scale chips"};
  app.set_version_flag("--version", "xpusim " + xpu::xpusim_version());
  app.require_subcommand(1);
  xpu::cli::add_commands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 has its own codes (105 for a failed check, 106 for a missing flag): the contract
    // has one, 1, for every usage error, a file named on the command line that does not exist
    // included.
    return app.exit(e) == 0 ? 0 : kExitUsage;
  } catch (const xpu::ConfigError& e) {
    fmt::print(stderr, "error: {}\n", printable(e.what()));
    return kExitBadInput;
  } catch (const xpu::InfeasibleError& e) {
    fmt::print(stderr, "error: infeasible: {}\n", printable(e.what()));
    return kExitInfeasible;
  } catch (const std::exception& e) {
    fmt::print(stderr, "internal error: {}\n", printable(e.what()));
    return kExitInternal;
  }
  return 0;
}
