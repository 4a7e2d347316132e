// SPDX-License-Identifier: MIT
#include "report/diagram.h"

#include <fmt/format.h>
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <algorithm>
#include <optional>
#include <regex>
#include <set>
#include <stdexcept>
#include <vector>

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

std::string package_dot(const config::ArchSpec& a) {
  if (!a.package) return "";
  const auto& p = *a.package;
  const bool wafer = p.type == config::PackageType::kWaferScale;
  std::string out =
      fmt::format("graph {} {{\n  rankdir=LR;\n  node [shape=box, fontsize=10];\n  label={};\n",
                  quoted(a.id + "_package"), quoted(a.name + ": package"));
  std::string carrier =
      wafer ? "one 300 mm wafer, defects routed around"
      : config::is_cowos(p.type)
          ? fmt::format("{} interposer, {:.0f} mm2", name_of(p.type), p.interposer_area_mm2)
          : "organic substrate";
  out += fmt::format("  subgraph cluster_package {{\n    label={};\n    style=rounded;\n",
                     quoted(carrier));
  for (int64_t d = 0; d < p.dies; ++d) {
    out += fmt::format(
        "    die{} [label={}, style=filled, fillcolor=\"#dbe9f6\"];\n", d,
        quoted(fmt::format("{}\\n{:.0f} mm2, {}", wafer ? "wafer-scale die" : "logic die",
                           p.die_area_mm2, p.node)));
  }
  const int64_t stacks = a.dram && a.dram->is_hbm() ? a.dram->stacks : 0;
  // Three columns, as on the package: the dies in the middle, one above the other, each with its
  // share of the stacks, half to its left and half to its right.
  std::string left = "    { rank=same;", middle = "    { rank=same;", right = "    { rank=same;";
  for (int64_t d = 0; d < p.dies; ++d) middle += fmt::format(" die{};", d);
  for (int64_t k = 0; k < stacks; ++k) {
    const int64_t die = std::min(p.dies - 1, k * p.dies / stacks);
    out += fmt::format("    hbm{} [label={}, style=filled, fillcolor=\"#f6e3c8\"];\n", k,
                       quoted(fmt::format("{}\\n{:.3g} GB", a.dram->technology,
                                          a.dram->capacity_bytes / stacks / units::kGiga)));
    const bool on_left = k % 2 == 0;
    (on_left ? left : right) += fmt::format(" hbm{};", k);
    out += on_left ? fmt::format("    hbm{} -- die{};\n", k, die)
                   : fmt::format("    die{} -- hbm{};\n", die, k);
  }
  for (int64_t d = 1; d < p.dies; ++d)
    out += fmt::format("    die{} -- die{} [label=\"die-to-die\"];\n", d - 1, d);
  out += middle + " }\n";
  if (stacks > 0) out += left + " }\n";
  if (stacks > 1) out += right + " }\n";
  out += "  }\n";
  if (a.dram && !a.dram->is_hbm()) {
    out += fmt::format("  dram [label={}];\n  die0 -- dram [label=\"off package\"];\n",
                       quoted(fmt::format("{}\\n{:.4g} GB", a.dram->technology,
                                          a.dram->capacity_bytes / units::kGiga)));
  }
  return out + "}\n";
}

std::string placement_dot(const Result& r) {
  const auto& l = r.layout;
  const int64_t stages = std::max<int64_t>(l.pipeline_stages, 1);
  const int64_t replicas = std::max<int64_t>(l.dp, 1);
  const int64_t chips_per_replica = std::max<int64_t>(l.chips / replicas, 1);
  const double chips_per_stage = static_cast<double>(chips_per_replica) / stages;
  const char* where = l.weights == Residence::kDram   ? "weights in DRAM"
                      : l.weights == Residence::kSram ? "weights in on-chip SRAM"
                                                      : "weights in silicon";
  std::string out = fmt::format(
      "digraph placement {{\n  rankdir=LR;\n  compound=true;\n  node [shape=box, fontsize=10];\n"
      "  label={};\n",
      quoted(fmt::format(
          "{} on {}: {} layers over {} chips ({}{}), {}", r.workload, r.arch, r.layers, l.chips,
          replicas > 1 ? fmt::format("{} replicas of {}", replicas, chips_per_replica)
                       : "one replica",
          l.tp > 1 || l.pp > 1 ? fmt::format(", tp={} pp={}", l.tp, l.pp) : "", where)));
  // Long pipelines (a Groq system: one stage per layer) keep their first three and last two
  // stages; the ones between are one node that says how many.
  const int64_t shown_head = stages > 6 ? 3 : stages;
  std::vector<int64_t> shown;
  for (int64_t s = 0; s < shown_head; ++s) shown.push_back(s);
  if (stages > 6) shown.insert(shown.end(), {-1, stages - 2, stages - 1});
  // An edge between two stages runs between their clusters (compound=true): from a node of one
  // to a node of the next, clipped at the cluster borders.
  struct Drawn {
    std::string node, cluster;
  };
  std::optional<Drawn> previous;
  for (int64_t s : shown) {
    Drawn d;
    if (s < 0) {
      d.node = "more";
      out += fmt::format("  more [label={}, shape=plaintext];\n",
                         quoted(fmt::format("... {} more stages ...", stages - 5)));
    } else {
      const int64_t first = s * r.layers / stages, last = (s + 1) * r.layers / stages - 1;
      const std::string layers = last > first    ? fmt::format("layers {}-{}", first, last)
                                 : last == first ? fmt::format("layer {}", first)
                                                 : "a share of one layer";
      d.cluster = fmt::format("cluster_stage{}", s);
      out += fmt::format("  subgraph {} {{\n    label={};\n    style=rounded;\n", d.cluster,
                         quoted(fmt::format("stage {} of {}: {}", s + 1, stages, layers)));
      // Up to eight chips drawn one by one (a tensor-parallel group), more as one node.
      const auto n = static_cast<int64_t>(chips_per_stage);
      if (n >= 2 && n <= 8 && static_cast<double>(n) == chips_per_stage) {
        for (int64_t c = 0; c < n; ++c)
          out += fmt::format("    stage{}_chip{} [label={}];\n", s, c,
                             quoted(fmt::format("chip {}", s * n + c)));
        d.node = fmt::format("stage{}_chip{}", s, n / 2);
      } else {
        d.node = fmt::format("stage{}", s);
        out += fmt::format(
            "    {} [label={}];\n", d.node,
            quoted(chips_per_stage >= 1.0
                       ? fmt::format("{:.4g} chip{}", chips_per_stage,
                                     chips_per_stage > 1.0 ? "s" : "")
                       : fmt::format("1 chip holds {:.3g} stages", 1.0 / chips_per_stage)));
      }
      out += "  }\n";
    }
    if (previous) {
      std::string clip;
      if (!previous->cluster.empty()) clip += ", ltail=" + previous->cluster;
      if (!d.cluster.empty()) clip += ", lhead=" + d.cluster;
      out += fmt::format("  {} -> {} [label=\"activations\"{}];\n", previous->node, d.node, clip);
    }
    previous = d;
  }
  return out + "}\n";
}

namespace {

// Chips of one group drawn one by one; more become one node that counts them.
constexpr int64_t kChipsDrawn = 8;

std::string link_label(const config::LinkSpec& l) {
  return fmt::format("{} one way, {:.3g} us/hop", gbs(l.bandwidth_bytes_per_s),
                     l.hop_latency_s / units::kMicro);
}

}  // namespace

std::string system_dot(const config::SystemSpec& s) {
  const int64_t per_node = std::max<int64_t>(s.chips_per_node, 1);
  const int64_t drawn = std::min(per_node, kChipsDrawn);
  std::string out =
      fmt::format("graph {} {{\n  rankdir=TB;\n  node [shape=box, fontsize=10];\n  label={};\n",
                  quoted(s.id), quoted(fmt::format("{} ({})", s.name, s.file)));
  constexpr int64_t kNodesDrawn = 2;
  for (int64_t n = 0; n < kNodesDrawn; ++n) {
    out += fmt::format("  subgraph cluster_node{} {{\n    label={};\n    style=rounded;\n", n,
                       quoted(fmt::format("node {}: {} x {}", n + 1, per_node, s.chip.name)));
    const std::string hub = fmt::format("node{}_switch", n);
    if (per_node > 1) {
      out += fmt::format(
          "    {} [label={}, shape=ellipse];\n", hub,
          quoted(fmt::format("scale-up switch (NVLink domain of {} chips)\\n{}", per_node,
                             s.chip.links ? link_label(*s.chip.links) + " per chip"
                                          : std::string("no chip links in the arch file"))));
    }
    for (int64_t c = 0; c < drawn; ++c) {
      const std::string chip = fmt::format("node{}_chip{}", n, c);
      out += fmt::format("    {} [label={}, style=filled, fillcolor=\"#dbe9f6\"];\n", chip,
                         quoted(fmt::format("{} {}", s.chip.id, n * per_node + c)));
      out += per_node > 1 ? fmt::format("    {} -- {};\n", chip, hub) : "";
    }
    if (per_node > drawn) {
      out += fmt::format("    node{}_more [label={}, shape=plaintext];\n    node{}_more -- {};\n",
                         n, quoted(fmt::format("... {} more chips", per_node - drawn)), n, hub);
    }
    out += "  }\n";
  }
  out += fmt::format("  more_nodes [label={}, shape=plaintext];\n",
                     quoted("... more nodes, as many as a run's chips fill"));
  out += fmt::format("  network [label={}, shape=ellipse];\n",
                     quoted("scale-out network\\n" + link_label(s.scale_out) + " per chip"));
  for (int64_t n = 0; n < kNodesDrawn; ++n) {
    out += fmt::format(
        "  {} -- network [label={}];\n",
        per_node > 1 ? fmt::format("node{}_switch", n) : fmt::format("node{}_chip0", n),
        quoted(fmt::format("{} x {}", per_node, gbs(s.scale_out.bandwidth_bytes_per_s))));
  }
  return out + "  more_nodes -- network;\n}\n";
}

namespace {

std::string fully_connected_dot(const config::ArchSpec& a, int64_t chips) {
  const auto& l = *a.links;
  const int64_t g = l.fully_connected_chips;
  const int64_t nodes = (chips + g - 1) / g;
  const int64_t drawn = nodes <= 3 ? nodes : 2;
  const int64_t links_per_chip = std::max<int64_t>(l.links_per_chip, 1);
  std::string out = fmt::format(
      "graph {} {{\n  rankdir=TB;\n  compound=true;\n  node [shape=box, fontsize=10];\n"
      "  label={};\n",
      quoted(a.id + "_system"),
      quoted(fmt::format("{}: {} chips in {} nodes of {}, as {} describes it", a.name, chips, nodes,
                         g, a.file)));
  for (int64_t n = 0; n < drawn; ++n) {
    const int64_t m = std::min(g, chips - n * g);
    out += fmt::format(
        "  subgraph cluster_node{} {{\n    label={};\n    style=rounded;\n", n,
        quoted(fmt::format("node {} of {}: {} chips, each pair by a C2C link of its own ({} "
                           "one way)",
                           n + 1, nodes, m,
                           gbs(l.bandwidth_bytes_per_s / static_cast<double>(links_per_chip)))));
    for (int64_t c = 0; c < m; ++c) {
      out += fmt::format("    node{}_chip{} [label={}, style=filled, fillcolor=\"#dbe9f6\"];\n", n,
                         c, quoted(fmt::format("chip {}", n * g + c)));
    }
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = i + 1; j < m; ++j)
        out += fmt::format("    node{0}_chip{1} -- node{0}_chip{2};\n", n, i, j);
    }
    out += "  }\n";
  }
  if (nodes > drawn) {
    out += fmt::format(
        "  more_nodes [label={}, shape=plaintext];\n",
        quoted(fmt::format("... {} more nodes ({} chips)", nodes - drawn, chips - drawn * g)));
  }
  if (nodes > 1) {
    out += fmt::format(
        "  global [label={}, shape=ellipse];\n",
        quoted(fmt::format("links between nodes\\n{} of each chip's {} C2C links leave its node",
                           std::max<int64_t>(links_per_chip - (g - 1), 0), links_per_chip)));
    for (int64_t n = 0; n < drawn; ++n)
      out += fmt::format("  node{0}_chip0 -- global [ltail=cluster_node{0}];\n", n);
    if (nodes > drawn) out += "  more_nodes -- global;\n";
  }
  return out + "}\n";
}

std::string wafers_dot(const config::ArchSpec& a, int64_t wafers) {
  std::string out =
      fmt::format("graph {} {{\n  rankdir=LR;\n  node [shape=box, fontsize=10];\n  label={};\n",
                  quoted(a.id + "_system"),
                  quoted(fmt::format("{}: {} wafer{} in a pipeline, as {} describes it", a.name,
                                     wafers, wafers > 1 ? "s" : "", a.file)));
  std::vector<int64_t> shown;  // -1: the wafers between, as one node
  for (int64_t w = 0; w < std::min<int64_t>(wafers, 3); ++w) shown.push_back(w);
  if (wafers > 6) shown.push_back(-1);
  for (int64_t w = wafers > 6 ? wafers - 2 : 3; w < wafers; ++w) shown.push_back(w);
  const std::string inside = a.mesh && a.sram
                                 ? fmt::format("\\n{} cores, {:.4g} GB SRAM", a.mesh->cores,
                                               a.sram->capacity_bytes / units::kGiga)
                                 : "";
  std::string previous;
  for (int64_t w : shown) {
    const std::string node = w < 0 ? "more" : fmt::format("wafer{}", w);
    if (w < 0) {
      out += fmt::format("  more [label={}, shape=plaintext];\n",
                         quoted(fmt::format("... {} more wafers ...", wafers - 5)));
    } else {
      out += fmt::format("  {} [label={}, style=filled, fillcolor=\"#dbe9f6\"];\n", node,
                         quoted(fmt::format("wafer {}{}", w + 1, inside)));
    }
    if (!previous.empty()) {
      out += fmt::format("  {} -- {} [label={}];\n", previous, node,
                         quoted(a.links ? link_label(*a.links) : std::string("no links")));
    }
    previous = node;
  }
  if (a.dram) {
    out += fmt::format("  memory [label={}, shape=cylinder];\n",
                       quoted(fmt::format("external {}\\n{:.4g} GB, {}", a.dram->technology,
                                          a.dram->capacity_bytes / units::kGiga,
                                          tbs(a.dram->bandwidth_bytes_per_s))));
    for (int64_t w : shown) {
      if (w >= 0) out += fmt::format("  memory -- wafer{} [style=dashed, constraint=false];\n", w);
    }
  }
  return out + "}\n";
}

}  // namespace

std::string system_dot(const config::ArchSpec& a, int64_t chips) {
  chips = std::max<int64_t>(chips, 1);
  if (a.family == config::ChipFamily::kWaferScale) return wafers_dot(a, chips);
  if (a.links && a.links->fully_connected_chips > 0) return fully_connected_dot(a, chips);
  return "";
}

namespace {

// Graphviz 2.42 writes a graph's clusters in the order of their internal ids, which for named
// subgraphs are the addresses of the interned names: the same text gave the clusters in a
// different order from one run to the next (seen in tests/unit/report_test.cpp's byte-identity
// case). Each cluster is one flat <g class="cluster"> block with its name as <title>; putting
// the blocks back in name order (numbers by value), slot by slot, makes the bytes depend on the
// text alone.
std::string clusters_in_name_order(const std::string& svg) {
  struct Block {
    size_t begin = 0, end = 0;
    std::string title;
  };
  std::vector<Block> blocks;
  const std::string open = "class=\"cluster\">", close = "</g>\n";
  for (size_t at = svg.find(open); at != std::string::npos; at = svg.find(open, at + 1)) {
    Block b;
    b.begin = svg.rfind("<g ", at);
    b.end = svg.find(close, at);
    if (b.begin == std::string::npos || b.end == std::string::npos) return svg;
    b.end += close.size();
    const size_t t = svg.find("<title>", at), t_end = svg.find("</title>", at);
    if (t == std::string::npos || t_end == std::string::npos || t_end > b.end) return svg;
    b.title = svg.substr(t, t_end - t);
    blocks.push_back(b);
  }
  if (blocks.size() < 2) return svg;
  std::vector<Block> sorted = blocks;
  // Names end in a number (cluster_stage10): compare the stem, then the number.
  auto key = [](const std::string& title) {
    const size_t digits = title.find_last_not_of("0123456789") + 1;
    return std::pair(title.substr(0, digits),
                     digits < title.size() ? std::stoll(title.substr(digits)) : -1LL);
  };
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](const Block& a, const Block& b) { return key(a.title) < key(b.title); });
  std::string out;
  size_t copied = 0;
  for (size_t i = 0; i < blocks.size(); ++i) {
    out += svg.substr(copied, blocks[i].begin - copied);
    out += svg.substr(sorted[i].begin, sorted[i].end - sorted[i].begin);
    copied = blocks[i].end;
  }
  return out + svg.substr(copied);
}

}  // namespace

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
  return clusters_in_name_order(svg);
}

}  // namespace xpu::report
