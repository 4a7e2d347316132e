// SPDX-License-Identifier: MIT
#pragma once
// Graphviz diagrams: a chip's structure (compute, memories, links, mesh), its package (dies and
// HBM stacks on an interposer, substrate or wafer), and a result's mapping (which layers on which
// chips, and one decoder layer's ops in execution order). The DOT
// text is deterministic (node ids from names) so that diffs are reviewable; rendering to SVG
// runs Graphviz in-process (libgvc).
#include <string>

#include "config/arch_spec.h"
#include "config/system_spec.h"
#include "result/result.h"

namespace xpu::report {

std::string chip_dot(const config::ArchSpec& arch);
std::string mapping_dot(const Result& result);
// How the chip is built: its logic dies and HBM stacks on the interposer or substrate, or the
// wafer (needs the arch's [package]).
std::string package_dot(const config::ArchSpec& arch);
// Which layers sit on which chips: the pipeline stages of one replica, each with its chips and
// its run of layers (spread evenly, as compiler/placement.cpp does), the replicas counted.
std::string placement_dot(const Result& result);

// The system a chip is deployed in, as its file describes it. A cluster file (systems/*.toml):
// two of its nodes, each a scale-up switch domain of chips_per_node GPUs (up to eight drawn, the
// rest one node that counts them), then the other nodes as one, all on the scale-out network
// with its bandwidth per chip. Node count 2 (a + [c > 8] + 1) + 2 and edge count
// 2 (a + [c > 8]) + 3, with c = chips_per_node > 1 and a = min(c, 8).
std::string system_dot(const config::SystemSpec& system);
// A system of `chips` chips described by the arch file alone. Chips in fully connected groups
// (links.fully_connected_chips = g, a GroqNode): n = ceil(chips / g) nodes; all drawn when
// n <= 3, else the first two and one node that counts the rest; each drawn node has its chips
// and one edge per pair (g (g - 1) / 2), and with n > 1 every drawn node and the count node
// reach a node for the links that leave a node (links_per_chip - (g - 1) per chip). Wafer-scale
// (Cerebras): `chips` wafers in a pipeline chain (the first three and last two when more than
// six, with one node for those between), each joined to the next by the arch's chip links, and
// the external memory ([memory.dram], MemoryX) joined to every drawn wafer. "" for any other
// arch.
std::string system_dot(const config::ArchSpec& arch, int64_t chips);

// Lays out `dot` with the dot engine and returns an inline <svg> element (no XML prolog, no
// namespace URLs, so it embeds in a self-contained HTML page). Throws std::runtime_error when
// Graphviz rejects the text.
std::string render_svg(const std::string& dot);

}  // namespace xpu::report
