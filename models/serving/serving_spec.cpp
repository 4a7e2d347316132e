// SPDX-License-Identifier: MIT
#include "serving/serving_spec.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "config/toml_reader.h"
#include "serving/request_stream.h"

namespace xpu::serving {

namespace {

// The file's mean lengths must be the scenario's (within rounding): the offline question and the
// steady state use the scenario's means, and both must describe the same requests.
LengthSampling decode_lengths(config::Table t, int64_t input_tokens, int64_t output_tokens) {
  LengthSampling l;
  l.file = t.file_beside("file");
  l.draw_output = t.choice("draw", {"input", "input_and_output"}) == "input_and_output";
  l.samples = load_sample_lengths(l.file);
  double in_sum = 0.0, out_sum = 0.0;
  for (const auto& s : l.samples) {
    in_sum += static_cast<double>(s.input_tokens);
    out_sum += static_cast<double>(s.output_tokens);
  }
  const auto n = static_cast<double>(l.samples.size());
  auto check = [&](const char* side, double mean, int64_t scenario_mean, const char* key) {
    if (std::abs(mean - static_cast<double>(scenario_mean)) > 1.0) {
      t.fail("file", fmt::format("its mean {} is {:.1f} tokens where scenario.{} is {}", side, mean,
                                 key, scenario_mean));
    }
  };
  check("prompt", in_sum / n, input_tokens, "input_tokens");
  if (l.draw_output) check("answer", out_sum / n, output_tokens, "output_tokens");
  t.finish();
  return l;
}

ArrivalSpec decode_arrival(config::Table t, int64_t input_tokens, int64_t output_tokens) {
  ArrivalSpec a;
  const std::string process = t.choice("process", {"poisson", "closed", "trace"});
  if (process == "poisson") {
    a.process = ArrivalSpec::Process::kPoisson;
    a.rate_per_s = t.positive("rate_per_s");
  } else if (process == "closed") {
    a.process = ArrivalSpec::Process::kClosed;
    a.concurrency = t.integer("concurrency", 1, int64_t{1} << 20);
  } else {
    a.process = ArrivalSpec::Process::kTrace;
    a.trace_file = t.file_beside("trace");
  }
  a.duration_s = t.optional_positive("duration_s");
  a.requests = t.optional_integer("requests", 1, int64_t{1} << 30);
  if (!a.duration_s && !a.requests && a.process != ArrivalSpec::Process::kTrace) {
    t.fail("process", "needs duration_s or requests to end the stream");
  }
  a.seed = static_cast<uint64_t>(t.optional_integer("seed", 0).value_or(1));
  if (auto l = t.optional_table("lengths")) {
    if (a.process != ArrivalSpec::Process::kPoisson) {
      l->fail("file", "only Poisson arrivals draw their lengths (a trace carries its own)");
    }
    a.lengths = decode_lengths(*l, input_tokens, output_tokens);
  }
  t.finish();
  return a;
}

// Chips per pool as `--chips` bounds them; a tp must divide its pool's chips.
DisaggregationSpec decode_disaggregation(config::Table t) {
  DisaggregationSpec d;
  d.prefill_chips = t.integer("prefill_chips", 1, int64_t{1} << 20);
  d.decode_chips = t.integer("decode_chips", 1, int64_t{1} << 20);
  d.prefill_tp = t.optional_integer("prefill_tp", 1, int64_t{1} << 20);
  d.decode_tp = t.optional_integer("decode_tp", 1, int64_t{1} << 20);
  if (d.prefill_tp && d.prefill_chips % *d.prefill_tp != 0) {
    t.fail("prefill_tp",
           fmt::format("{} does not divide prefill_chips {}", *d.prefill_tp, d.prefill_chips));
  }
  if (d.decode_tp && d.decode_chips % *d.decode_tp != 0) {
    t.fail("decode_tp",
           fmt::format("{} does not divide decode_chips {}", *d.decode_tp, d.decode_chips));
  }
  t.finish();
  return d;
}

}  // namespace

ServingSpec load_serving(const std::string& path) {
  return decode_serving(config::Document::load(path));
}

ServingSpec decode_serving(const std::shared_ptr<config::Document>& doc) {
  const std::string& path = doc->file();
  config::Table root = config::Table::root_of(doc);
  ServingSpec s;
  s.file = path;
  s.id = std::filesystem::path(path).stem().string();
  config::Table scenario = root.table("scenario");
  s.name = scenario.string("name");
  s.workload_file = scenario.file_beside("workload");
  // Request lengths: at most 2^30 tokens, like a model's max_context.
  s.input_tokens = scenario.integer("input_tokens", 1, int64_t{1} << 30);
  s.output_tokens = scenario.integer("output_tokens", 1, int64_t{1} << 30);
  if (auto software = scenario.optional_choice("software", {"fused", "eager"})) {
    s.software = *config::parse_software(*software);
  }
  scenario.finish();
  if (auto t = root.optional_table("dtypes")) {
    config::DTypes d;
    d.weights = *parse_dtype(t->choice("weights", dtype_names()));
    d.activations = *parse_dtype(t->choice("activations", dtype_names()));
    d.kv_cache = *parse_dtype(t->choice("kv_cache", dtype_names()));
    t->finish();
    s.dtypes = d;
  }
  if (auto t = root.optional_table("arrival"))
    s.arrival = decode_arrival(*t, s.input_tokens, s.output_tokens);
  if (auto t = root.optional_table("slo")) {
    SloSpec slo;
    slo.ttft_s = t->positive("ttft_s");
    slo.tpot_s = t->positive("tpot_s");
    slo.percentile = t->optional_positive("percentile").value_or(99.0);
    if (slo.percentile > 100.0) t->fail("percentile", "must be at most 100");
    t->finish();
    s.slo = slo;
  }
  if (auto t = root.optional_table("disaggregation")) {
    if (!s.arrival) {
      t->fail("prefill_chips", "needs an [arrival] table: pools are a serving-simulator layout");
    }
    s.disaggregation = decode_disaggregation(*t);
  }
  s.provenance = config::require_provenance(root.table("provenance"));
  root.finish();
  return s;
}

}  // namespace xpu::serving
