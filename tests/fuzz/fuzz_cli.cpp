// SPDX-License-Identifier: MIT
// libFuzzer target: the command line. The fuzz bytes are split at NUL bytes into argv and parsed
// by the real `xpusim` option sets (every subcommand, its validators and the number parsers of
// apps/cli/numbers.h), stopped before any command's action so that nothing is evaluated or
// written. A CLI11 parse error (exit 1) or a ConfigError (exit 2) is the expected end of most
// inputs; anything else is a finding.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "apps/cli/commands.h"
#include "apps/cli/parallelism.h"
#include "common/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> args{"xpusim"};
  std::string current;
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == 0) {
      args.push_back(current);
      current.clear();
    } else {
      current.push_back(static_cast<char>(data[i]));
    }
  }
  args.push_back(current);
  if (args.size() > 64) return 0;
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());

  CLI::App app{"xpusim"};
  app.require_subcommand(1);
  xpu::cli::add_commands(app);
  // Every option is converted and validated before the app's parse-complete callback, which runs
  // before any command's action: stopping there keeps the actions (and the option structs they
  // own) in place without running one.
  struct Parsed {};
  app.parse_complete_callback([&app] {
    // --parallel is parsed by its command's action: parse it here.
    for (CLI::App* sub : app.get_subcommands()) {
      if (sub->get_option_no_throw("--parallel") && sub->count("--parallel")) {
        xpu::cli::parse_parallelism(sub->get_option("--parallel")->as<std::string>());
      }
    }
    throw Parsed{};
  });
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const Parsed&) {
  } catch (const CLI::Error&) {
  } catch (const xpu::ConfigError&) {
  }
  return 0;
}
