// SPDX-License-Identifier: MIT
// The comparison report: what its files hold, that they hold nothing from outside, that bad
// inputs become listed rows instead of crashes, and that the same inputs give the same bytes.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <unistd.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "analytical/evaluate.h"
#include "compiler/plan.h"
#include "config/resolve.h"
#include "config/system_spec.h"
#include "machine/machine.h"
#include "report/csv.h"
#include "report/diagram.h"
#include "report/html.h"
#include "report/lessons.h"
#include "report/markdown.h"
#include "report/svg_chart.h"
#include "studies/comparison.h"
#include "studies/comparison_tables.h"
#include "studies/power_cap.h"
#include "test_paths.h"

using namespace xpu;

namespace {

namespace fs = std::filesystem;

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Field separators of one CSV line: commas outside RFC 4180 quotes.
size_t csv_separators(const std::string& line) {
  size_t n = 0;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    if (c == ',' && !quoted) ++n;
  }
  return n;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Two GPUs on Llama 3 8B, a short sweep: 2 archs x (1 prefill + 3 decode) points.
studies::ComparisonSpec small_spec() {
  studies::ComparisonSpec s;
  s.arch_files = {test::repo("archs/h100_sxm.toml"), test::repo("archs/a100_sxm.toml")};
  s.workload_files = {test::repo("workloads/llama3_8b.toml")};
  s.decode_batches = {1, 2, 4};
  s.prefill_prompt = 512;
  return s;
}

// A folder of its own under the system temp dir, removed when the test ends.
struct TempDir {
  fs::path path;
  TempDir() : path(fs::temp_directory_path() / fmt::format("xpusim_report_test_{}", getpid())) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("report: table.csv has a header with units and no spaces, and one row per point") {
  const auto c = studies::run_comparison(small_spec());
  REQUIRE(c.results.size() == 8);
  const auto lines = lines_of(report::to_csv(c));
  REQUIRE(lines.size() == 1 + 8);
  const std::string& header = lines.front();
  CHECK(header.find(' ') == std::string::npos);
  for (auto col : {"arch,workload,phase,batch", "latency_s", "tokens_per_s", "energy_j_per_token",
                   "memory_bytes", "hbm_stacks_per_chip", "weight_dtype"}) {
    CHECK_MESSAGE(header.find(col) != std::string::npos, col);
  }
  const size_t columns = count(header, ",");
  for (const auto& line : lines) {
    CHECK(line.back() != ',');
    CHECK(csv_separators(line) == columns);  // a warning with commas is quoted
  }
  CHECK(lines[1].rfind("a100_sxm,llama3_8b,prefill,1,", 0) == 0);  // sorted by arch id
}

TEST_CASE("report: chip and mapping diagrams are Graphviz DOT with a node per block and per op") {
  const auto h100 = config::load_arch(test::repo("archs/h100_sxm.toml"));
  const std::string chip = report::chip_dot(h100);
  for (auto node : {"compute [", "l2 [", "dram [", "links [", "dram -> l2"})
    CHECK_MESSAGE(chip.find(node) != std::string::npos, node);
  CHECK(chip.find("5 stacks") != std::string::npos);
  const auto wafer = report::chip_dot(config::load_arch(test::repo("archs/cerebras_wse3.toml")));
  CHECK(wafer.find("mesh [") != std::string::npos);
  CHECK(wafer.find("900000 cores") != std::string::npos);
  const std::string svg = report::render_svg(chip);
  CHECK(svg.rfind("<svg", 0) == 0);
  CHECK(svg.find("http") == std::string::npos);
}

TEST_CASE("report: the mapping diagram is drawn from the Result's layout, without the plan") {
  // Llama 3 8B decode on two H100s (tp=2): the label carries the split the point ran with.
  const auto h100 = config::load_arch(test::repo("archs/h100_sxm.toml"));
  const auto llama =
      config::resolve_workload(h100, config::load_workload(test::repo("workloads/llama3_8b.toml")));
  workload::Scenario s;
  s.batch = 8;
  s.context = 1024;
  s.parallel.tp = 2;
  const Result gpu = analytical::evaluate(compiler::compile(machine::resolve(h100), llama, s));
  CHECK(gpu.layout.chips == 2);
  CHECK(gpu.layout.tp == 2);
  CHECK(gpu.layout.weights == Residence::kDram);
  const std::string dot = report::mapping_dot(gpu);
  CHECK(dot.find("llama3_8b on h100_sxm: 2 chips, 1 pipeline stages") != std::string::npos);
  CHECK(dot.find("tp=2 pp=1 ep=1 dp=1") != std::string::npos);
  CHECK(dot.find("style=dashed") != std::string::npos);  // the tensor-parallel collectives

  // Groq keeps the weights in SRAM over a pipeline of chips; the engine's chip-crossing row is
  // not an op of the plan and gets no node.
  const auto groq = config::load_arch(test::repo("archs/groq_lpu.toml"));
  workload::Scenario one;
  one.batch = 1;
  one.context = 1024;
  const Result spatial = analytical::evaluate(
      compiler::compile(machine::resolve(groq), config::resolve_workload(groq, llama), one));
  CHECK(spatial.layout.weights == Residence::kSram);
  CHECK(spatial.layout.pipeline_stages > 1);
  CHECK(spatial.layout.chips == spatial.chips);
  REQUIRE(std::any_of(spatial.ops.begin(), spatial.ops.end(),
                      [](const OpResult& o) { return o.kind == OpKind::kLink; }));
  CHECK(report::mapping_dot(spatial).find("chip_crossings") == std::string::npos);
}

TEST_CASE("report: index.html has an svg per chart and references nothing outside the file") {
  const auto c = studies::run_comparison(small_spec());
  const std::string html = report::to_html(c);
  // Per workload: throughput vs batch, memory, energy, the Pareto and the interactivity chart;
  // once: op share, roofline, the placement and the op-order diagrams; per arch: its structure
  // diagram, and its package where the arch file has one.
  const auto packaged = static_cast<size_t>(std::count_if(
      c.archs.begin(), c.archs.end(), [](const auto& a) { return a.package.has_value(); }));
  CHECK(count(html, "<svg") == 5 * c.workloads.size() + 4 + c.archs.size() + packaged);
  for (auto id : {"id=\"interactivity\"", "id=\"tco\"", "id=\"validation\""})
    CHECK_MESSAGE(html.find(id) != std::string::npos, id);
  CHECK(html.find("Pareto front") != std::string::npos);
  CHECK(count(html, "<svg") == count(html, "</svg>"));
  for (auto external : {"http://", "https://", "<script", "<link", "src=", "@import"}) {
    CHECK_MESSAGE(html.find(external) == std::string::npos, external);
  }
  CHECK(html.find("About these numbers") != std::string::npos);
  CHECK(html.find("gemm_median_abs_error_pct") != std::string::npos);  // calibration fit quality
  CHECK(html.find("energy: chip power only") != std::string::npos);    // result warnings
  CHECK(html.find("Generated at") == std::string::npos);
  CHECK(report::to_html(c, "2026-01-01 00:00:00 UTC").find("Generated at 2026-01-01") !=
        std::string::npos);
}

TEST_CASE("report: summary.md holds a Markdown summary table per workload") {
  const auto c = studies::run_comparison(small_spec());
  const std::string md = report::to_markdown(c);
  CHECK(md.find("## Llama 3 8B (`llama3_8b`)") != std::string::npos);
  CHECK(md.find("| arch | weights in (format) | chips | fits | decode, batch 1 (tokens/s) |") !=
        std::string::npos);
  CHECK(md.find("| --- | --- | ---: | --- | ---: |") != std::string::npos);
  CHECK(md.find("| h100_sxm | bf16 | 1 | yes |") != std::string::npos);
  CHECK(md.find("Generated at") == std::string::npos);
}

TEST_CASE("report: a model that does not fit is listed with the reason, not thrown") {
  auto spec = small_spec();
  spec.workload_files = {test::repo("workloads/llama31_405b.toml")};
  const auto c = studies::run_comparison(spec);
  CHECK(c.results.empty());        // 811 GB of bf16 weights on at most 8 x 80 GB GPUs
  REQUIRE(c.skipped.size() == 4);  // per arch: the prefill and the first decode batch
  for (const auto& s : c.skipped) {
    CHECK(s.out_of_memory);
    CHECK(s.reason.find("does not fit") != std::string::npos);
  }
  for (const auto& row : studies::summarize(c, c.workloads.front())) CHECK(row.fit == "no");
  const std::string md = report::to_markdown(c);
  CHECK(md.find("n/a (does not fit)") != std::string::npos);
  CHECK(md.find("## Not evaluated") != std::string::npos);
}

TEST_CASE("report: an arch file that fails to load is listed and the others still run") {
  TempDir dir;
  std::ofstream(dir.path / "broken.toml") << "[chip]\nname = \"no family, no numbers\"\n";
  std::ofstream(dir.path / "notes.txt") << "not an arch file\n";
  auto spec = small_spec();
  spec.arch_files = studies::arch_files_in(dir.path.string());
  REQUIRE(spec.arch_files.size() == 1);  // *.toml only
  spec.arch_files.push_back(test::repo("archs/h100_sxm.toml"));
  const auto c = studies::run_comparison(spec);
  REQUIRE(c.archs.size() == 1);
  CHECK(c.results.size() == 4);
  REQUIRE(c.skipped.size() == 1);
  CHECK(c.skipped[0].arch == "broken");
  CHECK(c.skipped[0].workload.empty());
  CHECK(!c.skipped[0].reason.empty());
  CHECK(report::to_html(c).find("broken") != std::string::npos);
}

TEST_CASE("report: arch_files_in sorts by id and includes archs/concepts") {
  const auto files = studies::arch_files_in(test::repo("archs"));
  REQUIRE(!files.empty());
  std::vector<std::string> ids;
  for (const auto& f : files) ids.push_back(fs::path(f).stem().string());
  CHECK(std::is_sorted(ids.begin(), ids.end()));
  const bool has_concepts = fs::is_directory(test::repo("archs/concepts"));
  const bool lists_concepts = std::any_of(files.begin(), files.end(), [](const std::string& f) {
    return f.find("/concepts/") != std::string::npos;
  });
  CHECK(lists_concepts == has_concepts);
}

TEST_CASE("report: two runs on the same inputs give byte-identical files") {
  auto spec = small_spec();
  spec.arch_files = studies::arch_files_in(test::repo("archs"));
  spec.workload_files.push_back(test::repo("workloads/llama3_70b.toml"));
  const auto a = studies::run_comparison(spec);
  const auto b = studies::run_comparison(spec);
  CHECK(report::to_html(a) == report::to_html(b));
  CHECK(report::to_markdown(a) == report::to_markdown(b));
  CHECK(report::to_csv(a) == report::to_csv(b));
}

TEST_CASE("report: svg text is escaped and charts are well formed") {
  CHECK(report::svg::escape("a<b & \"c\"") == "a&lt;b &amp; &quot;c&quot;");
  report::svg::LineChart chart;
  chart.title = "t <1>";
  report::svg::Series s;
  s.label = "s";
  s.points = {{1, 10}, {2, 20}, {4, 0}};  // y = 0 cannot go on a log axis: dropped
  chart.series = {s};
  const std::string svg = report::svg::render(chart);
  CHECK(svg.rfind("<svg", 0) == 0);
  CHECK(svg.find("t &lt;1&gt;") != std::string::npos);
  CHECK(count(svg, "</circle>") == 2);  // one marker per point, with its tooltip
  CHECK(count(svg, "<circle") == 3);    // and the series' marker beside its direct label
  CHECK(svg.find("nan") == std::string::npos);
  CHECK(svg.find("inf") == std::string::npos);
}

TEST_CASE("report: each chip runs in its native or preferred format unless --dtype forces one") {
  auto spec = small_spec();
  spec.arch_files = {test::repo("archs/etched_sohu.toml"), test::repo("archs/groq_lpu.toml"),
                     test::repo("archs/h100_sxm.toml")};
  spec.decode_batches = {1};
  const auto c = studies::run_comparison(spec);
  std::map<std::string, studies::ArchSummary> by_id;
  for (const auto& s : studies::summarize(c, c.workloads.front())) by_id[s.arch->id] = s;
  CHECK(by_id.at("etched_sohu").weight_dtype == DType::kFp8);  // [preferred_dtypes]
  CHECK(by_id.at("groq_lpu").weight_dtype == DType::kInt8);    // [native_dtypes]
  CHECK(by_id.at("h100_sxm").weight_dtype == DType::kBf16);    // the workload's
  // One byte per weight against two: the same parameter count.
  CHECK(by_id.at("etched_sohu").weight_bytes ==
        doctest::Approx(by_id.at("h100_sxm").weight_bytes / 2));
  CHECK(report::to_csv(c).find("etched_sohu,llama3_8b,decode,1,") != std::string::npos);
  CHECK(lines_of(report::to_csv(c))[1].find(",fp8,") != std::string::npos);  // sohu's first row

  spec.force_dtype = DType::kBf16;
  const auto forced = studies::run_comparison(spec);
  for (const auto& s : studies::summarize(forced, forced.workloads.front())) {
    CHECK_MESSAGE(s.weight_dtype == DType::kBf16, s.arch->id);
  }
}

TEST_CASE("report: cost per million tokens is capex over life tokens plus energy at PUE") {
  TempDir dir;
  const auto file = (dir.path / "tco.toml").string();
  std::ofstream(file) << "[tco]\nlife_years = 1\nusd_per_kwh = 0.1\npue = 1.5\nutilisation = 0.5\n"
                         "[chip_price_usd]\nh100_sxm = 10000\n[provenance]\n"
                         "\"tco.life_years\" = \"A: test\"\n\"tco.usd_per_kwh\" = \"A: test\"\n"
                         "\"tco.pue\" = \"A: test\"\n\"tco.utilisation\" = \"A: test\"\n"
                         "\"chip_price_usd.h100_sxm\" = \"A: test\"\n";
  auto spec = small_spec();
  spec.arch_files = {test::repo("archs/h100_sxm.toml")};
  spec.tco_file = file;
  const auto c = studies::run_comparison(spec);
  REQUIRE(c.tco);
  const auto& w = c.workloads.front();
  const Result& best = *studies::summarize(c, w).front().decode_best;
  const double life_tokens = best.tokens_per_s * 0.5 * 365.25 * 24 * 3600;
  const double expected =
      1e6 * 10000 / life_tokens + 1e6 * best.energy_j_per_token * 1.5 / 3.6e6 * 0.1;
  const auto t = studies::tco_table(c, w, *c.tco);
  REQUIRE(t.rows.size() == 1);
  CHECK(std::stod(t.rows[0][4]) == doctest::Approx(expected).epsilon(1e-3));  // printed to 4 digits
  CHECK(std::stod(t.rows[0][6]) ==
        doctest::Approx(1e6 / (best.energy_j_per_token * 1.5)).epsilon(1e-3));
  CHECK(t.rows[0][9] == "A: test");
  CHECK(report::to_html(c).find("id=\"tco\"") != std::string::npos);
}

TEST_CASE(
    "report: lessons.html states each lesson with the comparison's numbers and its explain "
    "command") {
  auto spec = small_spec();
  spec.arch_files = {test::repo("archs/h100_sxm.toml"), test::repo("archs/h200.toml")};
  const auto c = studies::run_comparison(spec);
  const std::string html = report::to_lessons_html(c);
  CHECK(count(html, "<section>") == 5);
  CHECK(html.find("What HBM buys") != std::string::npos);
  // The batch-1 speed the HBM lesson quotes is the comparison's own.
  const Result* h200 = c.find("h200", "llama3_8b", "decode", 1);
  REQUIRE(h200);
  CHECK(html.find(fmt::format("{:.1f} against", h200->tokens_per_s)) != std::string::npos);
  CHECK(html.find("xpusim explain --arch") != std::string::npos);
  CHECK(html.find("n/a (this comparison did not evaluate groq_lpu") != std::string::npos);
  for (auto external : {"http://", "https://", "<script"})
    CHECK_MESSAGE(html.find(external) == std::string::npos, external);
}

TEST_CASE("report: the package diagram draws the arch file's dies and HBM stacks on its carrier") {
  const auto b200 = config::load_arch(test::repo("archs/b200.toml"));
  const std::string dot = report::package_dot(b200);
  CHECK(count(dot, "[label=\"logic die") == 2);  // package.dies = 2
  CHECK(count(dot, " [label=\"HBM") == 8);       // memory.dram.stacks = 8
  CHECK(dot.find("die0 -- die1") != std::string::npos);
  CHECK(dot.find("interposer") != std::string::npos);
  CHECK(report::render_svg(dot).rfind("<svg", 0) == 0);
}

TEST_CASE("report: the placement diagram gives each pipeline stage its chips and its layers") {
  const auto arch = config::load_arch(test::repo("archs/h100_sxm.toml"));
  const auto w = config::resolve_workload(
      arch, config::load_workload(test::repo("workloads/llama3_70b.toml")), {});
  workload::Scenario s;
  s.phase = workload::Phase::kDecode;
  s.batch = 8;
  s.context = 1024;
  s.parallel = {4, 2, 1, 1};
  const auto r = analytical::evaluate(compiler::compile(machine::resolve(arch), w, s));
  const std::string dot = report::placement_dot(r);
  // 80 layers spread evenly over 2 stages of 4 tensor-parallel chips each.
  CHECK(dot.find("stage 1 of 2: layers 0-39") != std::string::npos);
  CHECK(dot.find("stage 2 of 2: layers 40-79") != std::string::npos);
  CHECK(count(dot, "[label=\"chip ") == 8);
  CHECK(dot.find("-> stage1_chip2 [label=\"activations\", ltail=cluster_stage0, "
                 "lhead=cluster_stage1]") != std::string::npos);
}

namespace {

// Node declarations and edges of a DOT text: a node line names a label and is no edge.
struct DotCounts {
  size_t nodes = 0, edges = 0;
};
DotCounts dot_counts(const std::string& dot) {
  DotCounts n;
  for (const auto& line : lines_of(dot)) {
    if (line.find(" -- ") != std::string::npos) {
      ++n.edges;
    } else if (line.find(" [label=") != std::string::npos) {
      ++n.nodes;
    }
  }
  return n;
}

const studies::PowerCapCurve* curve_of(const std::vector<studies::PowerCapCurve>& curves,
                                       const std::string& arch, Phase phase) {
  for (const auto& c : curves) {
    if (c.arch->id == arch && c.phase == phase) return &c;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("report: the power-cap study's H100 prefill at 400 W costs less per token, as run does") {
  studies::ComparisonSpec spec;
  spec.arch_files = {test::repo("archs/h100_sxm.toml"), test::repo("archs/etched_sohu.toml")};
  spec.workload_files = {test::repo("workloads/llama3_8b.toml")};
  spec.decode_batches = {1};
  spec.prefill_prompt = 2048;
  const auto c = studies::run_comparison(spec);
  const auto curves = studies::power_cap_study(c);
  const auto* prefill = curve_of(curves, "h100_sxm", Phase::kPrefill);
  REQUIRE(prefill);
  // Limits 700 x k / 14 W: k = 14 is the TDP, k = 8 is 400 W.
  REQUIRE(prefill->points.size() > 6);
  const auto& at_tdp = prefill->points[0];
  const auto& at_400 = prefill->points[6];
  CHECK(at_tdp.cap_w == 700.0);
  CHECK(at_400.cap_w == doctest::Approx(400.0).epsilon(1e-12));
  CHECK(at_400.in_reach);
  CHECK(at_400.result.energy_j_per_token < at_tdp.result.energy_j_per_token);
  CHECK(at_400.result.latency_s > at_tdp.result.latency_s);
  // The TDP point is the comparison's own prefill.
  CHECK(at_tdp.result.energy_j_per_token == c.prefill("h100_sxm", "llama3_8b")->energy_j_per_token);

  // What `run --arch archs/h100_sxm.toml --power-cap-w 400 --phase prefill --prompt 2048` does
  // (apps/cli/point_options.cpp), in the formats the report runs the H100 in.
  auto arch = config::load_arch(test::repo("archs/h100_sxm.toml"));
  arch.power.tdp_w = 400.0;
  const auto formats = studies::resolved(c, arch, c.workloads[0]).dtypes;
  const auto w =
      config::resolve_workload(arch, config::load_workload(test::repo("workloads/llama3_8b.toml")),
                               {formats.weights, formats.activations, formats.kv_cache});
  workload::Scenario s;
  s.phase = workload::Phase::kPrefill;
  s.batch = 1;
  s.prompt = 2048;
  const auto run = analytical::evaluate(compiler::compile(machine::resolve(arch), w, s));
  CHECK(at_400.result.energy_j_per_token == run.energy_j_per_token);
  CHECK(at_400.result.latency_s == run.latency_s);
  CHECK(at_400.result.power_per_chip_w <= 400.0 * 709.5 / 700.0 * (1 + 1e-3));

  // Decode at batch 1 draws far below the TDP: limits above its draw change nothing.
  const auto* decode = curve_of(curves, "h100_sxm", Phase::kDecode);
  REQUIRE(decode);
  for (const auto& p : decode->points) {
    if (p.cap_w > decode->points[0].result.power_per_chip_w * 1.05)
      CHECK(p.result.energy_j_per_token == decode->points[0].result.energy_j_per_token);
  }
  CHECK_FALSE(decode->points.back().in_reach);

  // No V-f curve: a uniform stretch keeps the dynamic energy and pays static power for longer,
  // so J/token never falls as the limit does; the curve ends at a limit out of reach.
  const auto* sohu = curve_of(curves, "etched_sohu", Phase::kPrefill);
  REQUIRE(sohu);
  CHECK_FALSE(sohu->vf_curve);
  for (size_t i = 1; i < sohu->points.size(); ++i) {
    if (sohu->points[i].in_reach) {
      CHECK(sohu->points[i].result.energy_j_per_token >=
            sohu->points[i - 1].result.energy_j_per_token * (1 - 1e-12));
    }
  }
  CHECK_FALSE(sohu->points.back().in_reach);

  // The split: dynamic + static = J/token, idle + clock = static, per replica = chips x per chip
  // (to the printed digits).
  const auto split = studies::power_split_table(c, c.workloads[0]);
  REQUIRE(split.rows.size() == 4);  // two archs x (prefill, best decode)
  for (const auto& row : split.rows) {
    const double total = std::stod(row[4]), dynamic = std::stod(row[5]), stat = std::stod(row[6]);
    CHECK(dynamic + stat == doctest::Approx(total).epsilon(1e-3));
    CHECK(std::stod(row[7]) + std::stod(row[8]) == doctest::Approx(stat).epsilon(1e-3));
    CHECK(std::stod(row[11]) ==
          doctest::Approx(std::stod(row[3]) * std::stod(row[10])).epsilon(1e-3));
  }

  report::HtmlExtras extras;
  extras.power_caps = curves;
  const std::string html = report::to_html(c, "", extras);
  CHECK(count(html, "<section id=\"power\">") == 1);
  CHECK(html.find("Energy per token against the board power limit") != std::string::npos);
  CHECK(html.find("h100_sxm prefill (V-f curve)") != std::string::npos);
  CHECK(html.find("etched_sohu prefill (uniform stretch)") != std::string::npos);
  // The chart's point at 400 W is that run's J/token.
  CHECK(html.find(fmt::format("h100_sxm prefill (V-f curve) at 400 W: {:.4g} J/token",
                              run.energy_j_per_token)) != std::string::npos);
}

TEST_CASE("report: system diagrams draw the nodes and links their files describe") {
  // A cluster file: two nodes of c chips (8 drawn, the rest one node), a switch each, the
  // other nodes as one, the network: 2 (min(c, 8) + [c > 8] + 1) + 2 nodes, one edge fewer.
  for (const auto& [file, per_node] : std::vector<std::pair<std::string, size_t>>{
           {"systems/dgx_h100_ib.toml", 8}, {"systems/gb200_nvl72.toml", 72}}) {
    const auto system = config::load_system(test::repo(file));
    REQUIRE(static_cast<size_t>(system.chips_per_node) == per_node);
    const std::string dot = report::system_dot(system);
    const size_t drawn = std::min<size_t>(per_node, 8) + (per_node > 8 ? 1 : 0);
    CHECK(dot_counts(dot).nodes == 2 * (drawn + 1) + 2);
    CHECK(dot_counts(dot).edges == 2 * drawn + 3);
    CHECK(report::render_svg(dot).rfind("<svg", 0) == 0);
  }

  // Groq: 576 chips in GroqNodes of 8 = 72 nodes; two drawn with 8 chips and 8 x 7 / 2 = 28
  // pairwise links each, one node for the other 70, one for the links between nodes.
  const auto groq = config::load_arch(test::repo("archs/groq_lpu.toml"));
  REQUIRE(groq.links->fully_connected_chips == 8);
  const std::string big = report::system_dot(groq, 576);
  CHECK(dot_counts(big).nodes == 2 * 8 + 1 + 1);
  CHECK(dot_counts(big).edges == 2 * 28 + 2 + 1);
  CHECK(big.find("... 70 more nodes (560 chips)") != std::string::npos);
  CHECK(big.find("9 of each chip's 16 C2C links leave its node") != std::string::npos);
  CHECK(report::render_svg(big).rfind("<svg", 0) == 0);
  const std::string one_node = report::system_dot(groq, 8);
  CHECK(dot_counts(one_node).nodes == 8);
  CHECK(dot_counts(one_node).edges == 28);

  // Cerebras: wafers in a chain (n - 1 links) and the external memory joined to each.
  const auto wse = config::load_arch(test::repo("archs/cerebras_wse3.toml"));
  REQUIRE(wse.dram);
  const std::string four = report::system_dot(wse, 4);
  CHECK(dot_counts(four).nodes == 4 + 1);
  CHECK(dot_counts(four).edges == 3 + 4);
  CHECK(report::render_svg(four).rfind("<svg", 0) == 0);
  // 19 wafers: the first three, one node for the 14 between, the last two.
  const std::string many = report::system_dot(wse, 19);
  CHECK(dot_counts(many).nodes == 6 + 1);
  CHECK(dot_counts(many).edges == 5 + 5);
  CHECK(many.find("... 14 more wafers ...") != std::string::npos);
  // A GPU alone has no system of its own in its arch file.
  CHECK(report::system_dot(config::load_arch(test::repo("archs/h100_sxm.toml")), 8).empty());
}
