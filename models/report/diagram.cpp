// SPDX-License-Identifier: MIT
#include "report/diagram.h"

#include <fmt/format.h>
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <regex>
#include <set>
#include <stdexcept>

#include "common/units.h"

namespace xpu::report {

namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\\\"") : std::string(1, ch);
  return out + "\"";
}

std::string tbs(double bytes_per_s) {
  return fmt::format("{:.3g} TB/s", bytes_per_s / units::kTera);
}
std::string gbs(double bytes_per_s) {
  return fmt::format("{:.3g} GB/s", bytes_per_s / units::kGiga);
}

std::string peak_label(const config::ArchSpec& a) {
  std::string out;
  for (const auto& [t, flops] : a.compute.dense_peak_flops_per_s) {
    out += fmt::format("\\n{} {:.4g} TFLOP/s", name_of(t), flops / units::kTera);
  }
  return out;
}

// One Graphviz context for the process, never freed: Graphviz 2.42's text-layout plugin keeps a
// font cache that outlives a freed context, and a second context then reads freed memory (seen
// under AddressSanitizer). Rendering is not thread-safe; the report renders on one thread.
GVC_t* graphviz() {
  static GVC_t* const context = gvContext();
  return context;
}

}  // namespace

std::string chip_dot(const config::ArchSpec& a) {
  std::string out =
      fmt::format("digraph {} {{\n  rankdir=LR;\n  node [shape=box, fontsize=10];\n", quoted(a.id));
  out += fmt::format("  label={};\n", quoted(fmt::format("{} ({})", a.name, name_of(a.family))));
  const std::string units_label =
      a.compute.units > 0
          ? fmt::format("{} units", a.compute.units)
          : fmt::format("{:.0f}% matmul utilisation", 100.0 * a.compute.matmul_utilization);
  out += fmt::format("  compute [label={}];\n", quoted("compute\\n" + units_label + peak_label(a)));
  if (a.mesh) {
    out += fmt::format("  mesh [label={}];\n  mesh -> compute [dir=both, label={}];\n",
                       quoted(fmt::format("2D mesh\\n{} cores\\n{:.3g} ns/hop", a.mesh->cores,
                                          a.mesh->hop_latency_s / units::kNano)),
                       quoted(gbs(a.mesh->core_link_bandwidth_bytes_per_s) + " per link"));
  }
  if (a.sram) {
    out +=
        fmt::format("  sram [label={}];\n  sram -> compute [label={}];\n",
                    quoted(fmt::format("SRAM\\n{:.4g} GB", a.sram->capacity_bytes / units::kGiga)),
                    quoted(tbs(a.sram->bandwidth_bytes_per_s)));
  }
  if (a.silicon_model) {
    out += fmt::format("  weights [label={}];\n  weights -> compute [label={}];\n",
                       quoted(fmt::format("weights in silicon\\n{}\\n{:.3g} B params",
                                          a.silicon_model->workload_id,
                                          a.silicon_model->weight_capacity_params / units::kGiga)),
                       quoted(tbs(a.silicon_model->weight_read_bytes_per_s)));
  }
  if (a.l2) {
    out += fmt::format("  l2 [label={}];\n  l2 -> compute;\n",
                       quoted(fmt::format("L2\\n{:.3g} MB", a.l2->capacity_bytes / units::kMega)));
  }
  if (a.dram) {
    const std::string stacks = a.dram->is_hbm() ? fmt::format("\\n{} stacks", a.dram->stacks) : "";
    out += fmt::format("  dram [label={}];\n  dram -> {} [label={}];\n",
                       quoted(fmt::format("{}\\n{:.4g} GB{}", a.dram->technology,
                                          a.dram->capacity_bytes / units::kGiga, stacks)),
                       a.l2     ? "l2"
                       : a.sram ? "sram"
                                : "compute",
                       quoted(tbs(a.dram->bandwidth_bytes_per_s)));
  }
  if (a.links) {
    out += fmt::format("  links [label={}, shape=ellipse];\n  compute -> links [dir=both];\n",
                       quoted(fmt::format("chip links\\n{} one way\\n{:.3g} us/hop",
                                          gbs(a.links->bandwidth_bytes_per_s),
                                          a.links->hop_latency_s / units::kMicro)));
  }
  return out + "}\n";
}

std::string mapping_dot(const Result& r) {
  const auto& l = r.layout;
  std::string out =
      fmt::format("digraph plan {{\n  rankdir=TB;\n  node [shape=box, fontsize=10];\n");
  out += fmt::format(
      "  label={};\n",
      quoted(fmt::format("{} on {}: {} chips, {} pipeline stages, {:.3g} chips per layer, "
                         "tp={} pp={} ep={} dp={}",
                         r.workload, r.arch, l.chips, l.pipeline_stages, l.chips_per_layer, l.tp,
                         l.pp, l.ep, l.dp)));
  // The ops in execution order, each once; repeated ops are one decoder layer's. The "link" row
  // is the engine's count of pipeline crossings, not an op of the plan.
  std::string previous;
  std::set<std::string> seen;
  for (const auto& op : r.ops) {
    if (op.kind == OpKind::kLink || !seen.insert(op.name).second) continue;
    const bool collective = op.kind == OpKind::kCollective;
    out += fmt::format("  {} [label={}{}];\n", quoted(op.name),
                       quoted(fmt::format("{}\\nx{}", op.name, op.repeat)),
                       collective ? ", shape=ellipse, style=dashed" : "");
    if (!previous.empty()) out += fmt::format("  {} -> {};\n", quoted(previous), quoted(op.name));
    previous = op.name;
  }
  return out + "}\n";
}

std::string render_svg(const std::string& dot) {
  GVC_t* gvc = graphviz();
  Agraph_t* g = agmemread(dot.c_str());
  if (!g) throw std::runtime_error("graphviz could not parse the diagram");
  gvLayout(gvc, g, "dot");
  char* data = nullptr;
  unsigned int length = 0;
  gvRenderData(gvc, g, "svg", &data, &length);
  std::string svg(data ? data : "", length);
  gvFreeRenderData(data);
  gvFreeLayout(gvc, g);
  agclose(g);
  // Inline SVG in HTML needs neither the XML prolog nor namespace declarations, and the page
  // must reference no URL.
  svg.erase(0, svg.find("<svg"));
  svg = std::regex_replace(svg, std::regex(R"( xmlns(:xlink)?="[^"]*")"), "");
  return svg;
}

}  // namespace xpu::report
