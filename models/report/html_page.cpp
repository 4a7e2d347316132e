// SPDX-License-Identifier: MIT
#include "report/html_page.h"

#include "report/svg_chart.h"

namespace xpu::report {

std::string_view page_style() {
  static constexpr std::string_view kStyle =
      R"(body{font-family:sans-serif;margin:2em auto;max-width:1240px;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:separate;border-spacing:0;font-size:12px;margin:.5em 0 1em;max-width:100%}
th,td{border:1px solid #ccc;border-width:0 1px 1px 0;padding:3px 6px;overflow-wrap:anywhere}
tr>:first-child{border-left-width:1px}thead tr:first-child th{border-top-width:1px}
th{background:#f2f2f2;text-align:left;position:sticky;top:0;z-index:1}
thead tr.units th{top:1.9em;font-weight:normal;color:#555;font-size:11px}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr.within td{background:#e8f5e9}tr.near td{background:#fff8e1}tr.off td{background:#fdecea}
.scroll{overflow:auto;max-height:85vh;max-width:100%}figure{margin:1em 0}
figcaption{font-size:13px;color:#333;max-width:900px}svg{max-width:100%;height:auto}
p.note{font-size:13px;max-width:900px}details{margin:.5em 0}summary{cursor:pointer;color:#0050a0}
)";
  return kStyle;
}

std::string figure(const std::string& svg_text, const std::string& caption) {
  return "<figure>\n" + svg_text + "<figcaption><b>What this shows.</b> " + svg::escape(caption) +
         "</figcaption>\n</figure>\n";
}

}  // namespace xpu::report
