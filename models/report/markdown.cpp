// SPDX-License-Identifier: MIT
#include "report/markdown.h"

#include <fmt/format.h>

#include "studies/comparison_tables.h"

namespace xpu::report {

namespace {

// Names come from input files: HTML in them must not reach a Markdown renderer as markup, nor
// control characters a terminal showing the file.
std::string text(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '<')
      out += "&lt;";
    else if (ch == '>')
      out += "&gt;";
    else if (ch == '&')
      out += "&amp;";
    else if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f)
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(ch));
    else
      out += ch;
  }
  return out;
}

std::string cell(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '|')
      out += "\\|";
    else if (ch == '\n')
      out += ' ';
    else
      out += ch;
  }
  return text(out);
}

std::string table(const studies::TextTable& t) {
  if (t.rows.empty()) return "(none)\n";
  std::string out = "|";
  for (size_t i = 0; i < t.header.size(); ++i) {
    const bool unit = i < t.units.size() && !t.units[i].empty();
    out += fmt::format(" {}{} |", cell(t.header[i]), unit ? " (" + cell(t.units[i]) + ")" : "");
  }
  out += "\n|";
  for (size_t i = 0; i < t.header.size(); ++i) {
    out += (i < t.numeric.size() && t.numeric[i]) ? " ---: |" : " --- |";
  }
  out += "\n";
  for (const auto& row : t.rows) {
    out += "|";
    for (const auto& v : row) out += fmt::format(" {} |", cell(v));
    out += "\n";
  }
  return out;
}

}  // namespace

std::string to_markdown(const studies::Comparison& c, const std::string& generated_at) {
  std::string out = "# xpusim comparison report\n\n";
  if (!generated_at.empty()) out += fmt::format("Generated at {}.\n\n", generated_at);
  for (const auto& note : studies::method_notes(c)) out += note + "\n\n";

  for (const auto& w : c.workloads) {
    out += fmt::format("## {} (`{}`)\n\n", text(w.name), text(w.id));
    out += "### Summary\n\n" + table(studies::summary_table(c, w)) + "\n";
    out += "### HBM, packaging and supply, per 1 M tokens/s at the best batch\n\n" +
           table(studies::supply_table(c, w)) + "\n";
    out +=
        "### Decode throughput vs batch (tokens/s)\n\n" + table(studies::sweep_table(c, w)) + "\n";
  }
  if (c.tco) {
    out +=
        fmt::format("## Cost per million tokens and tokens per MW (inputs: `{}`)\n\n", c.tco->file);
    for (const auto& w : c.workloads)
      out += "### " + w.name + "\n\n" + table(studies::tco_table(c, w, *c.tco)) + "\n";
  }
  out += "## Validation: the model against published figures\n\n" +
         table(studies::validation_table(c)) + "\n";
  out += "### Calibration: what the fitted parameters reproduce\n\n" +
         table(studies::calibration_table(c)) + "\n";
  if (const Result* f = studies::focus_point(c)) {
    out += fmt::format("## Per-op breakdown: {} on {}, {} batch {}\n\n", text(f->workload),
                       text(f->arch), name_of(f->phase), f->batch);
    out += fmt::format("Step latency {:.3f} ms.\n\n", f->latency_s * 1e3);
    out += table(studies::op_table(*f)) + "\n";
  }
  out += "## Not evaluated\n\n" + table(studies::skipped_table(c)) + "\n";
  out += "## About these numbers\n\n";
  out += "### Result warnings\n\n" + table(studies::warnings_table(c)) + "\n";
  out += "### Arch numbers and their provenance\n\n" + table(studies::provenance_table(c)) + "\n";
  for (const auto& [tag, meaning] : studies::provenance_legend()) {
    out += fmt::format("- `{}` {}\n", tag, meaning);
  }
  return out;
}

}  // namespace xpu::report
