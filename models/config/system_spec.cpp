// SPDX-License-Identifier: MIT
#include "config/system_spec.h"

#include <fmt/format.h>

#include <filesystem>

#include "common/error.h"
#include "common/units.h"
#include "config/toml_reader.h"

namespace xpu::config {

namespace {
constexpr int64_t kMaxChannels = 1024;  // far above any GPU's SM count
}  // namespace

const LinkSpec& SystemSpec::links_for(int64_t span) const {
  return span <= chips_per_node && chip.links ? *chip.links : scale_out;
}

SystemSpec load_system(const std::string& path) { return decode_system(Document::load(path)); }

SystemSpec decode_system(const std::shared_ptr<Document>& doc) {
  const std::string& path = doc->file();
  Table root = Table::root_of(doc);
  SystemSpec s;
  s.file = path;
  s.id = std::filesystem::path(path).stem().string();
  Table system = root.table("system");
  s.name = system.string("name");
  const std::string chip = system.file_beside("chip");
  s.chips_per_node = system.integer("chips_per_node", 1);
  system.finish();
  Table scale_out = root.table("scale_out");
  s.scale_out = {scale_out.positive("bandwidth_gbs") * units::kGiga,
                 scale_out.positive("hop_latency_us") * units::kMicro};
  scale_out.finish();
  if (root.has("host")) {
    Table host = root.table("host");
    s.host_power_w_per_node = host.positive("power_w_per_node");
    host.finish();
  }
  std::optional<Table> collectives = root.optional_table("collectives");
  if (collectives) {
    s.collective_channels = SystemSpec::CollectiveChannels{
        collectives->integer("ring_channels", 1, kMaxChannels),
        collectives->integer("point_to_point_channels", 1, kMaxChannels)};
    collectives->finish();
  }
  s.provenance = require_provenance(root.table("provenance"));
  root.finish();
  s.chip = load_arch(chip);  // after this file's own checks, so its errors come first
  // Only a GPU runs its collectives as thread blocks on its compute units.
  const bool gpu = s.chip.family == ChipFamily::kGpu;
  if (gpu && !collectives) {
    root.fail("collectives",
              "a GPU cluster needs [collectives] ring_channels and point_to_point_channels: the "
              "SMs NCCL holds per collective (docs/scale_out.md)");
  }
  if (!gpu && collectives) {
    collectives->fail("ring_channels",
                      fmt::format("{} is not a GPU: its collectives hold no compute units", chip));
  }
  if (s.chips_per_node > 1 && !s.chip.links) {
    system.fail("chips_per_node",
                fmt::format("{} chips per node but {} has no [links]", s.chips_per_node, chip));
  }
  return s;
}

}  // namespace xpu::config
