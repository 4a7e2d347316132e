// SPDX-License-Identifier: MIT
#include "sweep/sweep_spec.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "common/error.h"
#include "common/input_file.h"
#include "common/nearest.h"
#include "config/arch_spec.h"
#include "config/dtype.h"
#include "config/gpu_efficiency_spec.h"
#include "config/toml_reader.h"
#include "config/workload_spec.h"
#include "sweep/overrides.h"

namespace xpu::sweep {

namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kMethods = {"grid", "random", "lhs"};
// Every point is held in memory before the first is evaluated: about 420 bytes each (ten million
// held 4.2 GB and took 90 s before the first point), so a million (420 MB, seconds) is the limit.
constexpr int64_t kMaxPoints = 1'000'000;

std::string read_text(const std::string& path, const config::Table& where, std::string_view key) {
  try {
    return read_input_file(path);
  } catch (const ConfigError& e) {
    where.fail(key, e.what());
  }
}

int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

std::string_view target_name(Target t) {
  switch (t) {
    case Target::kArch: return "arch";
    case Target::kWorkload: return "workload";
    case Target::kScenario: return "scenario";
    case Target::kArchFile: return "base";
  }
  return "";
}

std::optional<Value> scalar(const toml::node& node) {
  if (auto i = node.value_exact<int64_t>()) return Value{*i};
  if (auto f = node.value_exact<double>()) return Value{*f};
  if (auto b = node.value_exact<bool>()) return Value{*b};
  if (auto s = node.value_exact<std::string>()) return Value{*s};
  return std::nullopt;
}

// An axis is an array of levels, or an inline table {min, max} for random and lhs sampling.
Axis read_axis(const std::string& file, Target target, const std::string& key,
               const toml::node& node) {
  Axis a;
  a.target = target;
  a.key = key;
  a.column = fmt::format("{}.{}", target_name(target), key);
  a.line = line_of(node);
  const std::string where = fmt::format("axes.{}", a.column);
  if (const auto* arr = node.as_array()) {
    if (arr->empty()) throw ConfigError(file, a.line, where, "an axis needs at least one value");
    for (const auto& item : *arr) {
      auto v = scalar(item);
      if (!v)
        throw ConfigError(file, a.line, where, "axis values must be numbers, booleans or strings");
      a.levels.push_back(*v);
    }
    return a;
  }
  const auto* t = node.as_table();
  const auto* lo = t ? t->get("min") : nullptr;
  const auto* hi = t ? t->get("max") : nullptr;
  if (!lo || !hi || t->size() != 2 || !lo->is_number() || !hi->is_number()) {
    throw ConfigError(file, a.line, where,
                      "expected an array of values or a range { min = A, max = B }");
  }
  a.range = Range{lo->value<double>().value(), hi->value<double>().value(),
                  lo->is_integer() && hi->is_integer()};
  if (!(a.range->min <= a.range->max))
    throw ConfigError(file, a.line, where, "range needs min <= max");
  return a;
}

// Axes under [axes.arch] / [axes.workload] may be written as nested tables
// (memory.dram.bandwidth_tbs = [...]) or as one quoted dotted key; both flatten to the path.
void flatten(const std::string& file, Target target, const toml::table& t,
             const std::string& prefix, std::vector<Axis>& out) {
  for (const auto& [k, node] : t) {
    std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    const auto* sub = node.as_table();
    if (sub && !sub->contains("min") && !sub->contains("max")) {
      flatten(file, target, *sub, key, out);
    } else {
      out.push_back(read_axis(file, target, key, node));
    }
  }
}

// `[axes.base] arch = ["a.toml", ...]`: the arch files every point is run on, read and decoded
// now, so that a missing or bad one is an error of this spec rather than of its points.
std::optional<Axis> read_arch_file_axis(SweepSpec& s, const toml::table& root,
                                        const fs::path& dir) {
  const auto* base = root["axes"]["base"].as_table();
  if (!base) return std::nullopt;
  for (const auto& [k, node] : *base) {
    if (k.str() != "arch") {
      throw ConfigError(s.file, line_of(node), fmt::format("axes.base.{}", k.str()),
                        "only `arch` (a list of arch files) varies under [axes.base]");
    }
  }
  const auto* node = base->get("arch");
  if (!node) return std::nullopt;
  Axis a;
  a.target = Target::kArchFile;
  a.key = "arch";
  a.column = "base.arch";
  a.line = line_of(*node);
  const std::string where = "axes.base.arch";
  const auto* arr = node->as_array();
  if (!arr || arr->empty())
    throw ConfigError(s.file, a.line, where, "expected a list of arch files");
  for (const auto& item : *arr) {
    const auto name = item.value_exact<std::string>();
    if (!name) throw ConfigError(s.file, a.line, where, "arch files are given as strings");
    if (std::find(a.levels.begin(), a.levels.end(), Value{*name}) != a.levels.end()) {
      throw ConfigError(s.file, a.line, where, fmt::format("'{}' is listed twice", *name));
    }
    BaseFile f{(dir / *name).lexically_normal().string(), ""};
    try {
      f.text = read_input_file(f.file);
    } catch (const ConfigError& e) {
      throw ConfigError(s.file, a.line, where, e.what());
    }
    config::efficiency_for(config::decode_arch(config::Document::parse(f.text, f.file)));
    a.levels.push_back(Value{*name});
    s.arch_files.push_back(std::move(f));
  }
  return a;
}

// The values an axis can take that are worth checking one by one: every level, or both ends.
std::vector<Value> probes(const Axis& a) {
  if (!a.range) return a.levels;
  if (a.range->integer) {
    return {Value{static_cast<int64_t>(a.range->min)}, Value{static_cast<int64_t>(a.range->max)}};
  }
  return {Value{a.range->min}, Value{a.range->max}};
}

// Every value of the axis against one target file.
void check_file_axis(const SweepSpec& s, const Axis& a, const std::string& target_file,
                     const std::string& text) {
  const bool arch = a.target == Target::kArch;
  const auto base = config::Document::parse(text, target_file);
  const std::string where = fmt::format("axes.{}", a.column);
  if (!has_leaf(base->root(), a.key)) {
    const std::string near = nearest_word(a.key, leaf_paths(base->root()));
    throw ConfigError(s.file, a.line, where,
                      fmt::format("no key '{}' in {}{}", a.key, target_file,
                                  near.empty() ? "" : fmt::format("; did you mean '{}'?", near)));
  }
  for (const auto& v : probes(a)) {
    try {
      const auto doc = parse_with(text, target_file, {{a.key, v}});
      if (arch) {
        config::decode_arch(doc);
      } else {
        config::decode_workload(doc);
      }
    } catch (const ConfigError& e) {
      // The error names the overridden key of the target file; keep only what is wrong, since
      // the replaced node has no line there and the place to fix is this sweep file.
      const std::string what = e.what();
      const std::string located_key = e.key() + ": ";
      const size_t at = e.key().empty() ? std::string::npos : what.find(located_key);
      throw ConfigError(
          s.file, a.line, where,
          fmt::format("{} = {} is refused for {}: {}{}", a.key, to_text(v), target_file,
                      at == std::string::npos ? what : what.substr(at + located_key.size()),
                      e.key() == a.key || e.key().empty() ? "" : fmt::format(" ({})", e.key())));
    }
  }
}

// An arch-key axis applies to every arch file the sweep runs on.
void check_file_axis(const SweepSpec& s, const Axis& a) {
  if (a.target == Target::kWorkload) return check_file_axis(s, a, s.workload_file, s.workload_text);
  if (s.arch_files.empty()) return check_file_axis(s, a, s.arch_file, s.arch_text);
  for (const auto& f : s.arch_files) check_file_axis(s, a, f.file, f.text);
}

// The least and greatest value an integer scenario axis accepts: a layout degree or chip count
// as many chips as `run --parallel` takes, a token count anything the decoders accept.
int64_t scenario_axis_minimum(const std::string& key) { return key == "context" ? 0 : 1; }
int64_t scenario_axis_maximum(const std::string& key) {
  const bool layout = key == "tp" || key == "pp" || key == "ep" || key == "dp" || key == "chips";
  return layout ? workload::kMaxScenarioChips : config::kMaxInteger;
}

void check_scenario_axis(const SweepSpec& s, const Axis& a) {
  const std::string where = fmt::format("axes.{}", a.column);
  const auto& keys = scenario_axis_keys();
  if (std::find(keys.begin(), keys.end(), a.key) == keys.end()) {
    const std::string near = nearest_word(a.key, keys);
    throw ConfigError(s.file, a.line, where,
                      fmt::format("not a scenario axis (one of {}){}", fmt::join(keys, ", "),
                                  near.empty() ? "" : fmt::format("; did you mean '{}'?", near)));
  }
  const bool is_dtype = a.key.ends_with("_dtype");
  const bool is_software = a.key == "software";
  if ((is_dtype || is_software) && a.range)
    throw ConfigError(s.file, a.line, where, "a dtype or software axis takes a list of names");
  if (a.range && !a.range->integer)
    throw ConfigError(s.file, a.line, where, "range ends must be integers");
  const bool decode = s.scenario.phase == workload::Phase::kDecode;
  if ((a.key == "prompt" && decode) || (a.key == "context" && !decode)) {
    throw ConfigError(
        s.file, a.line, where,
        fmt::format("{} does not apply to phase {}", a.key, decode ? "decode" : "prefill"));
  }
  const int64_t minimum = scenario_axis_minimum(a.key);
  for (const auto& v : probes(a)) {
    if (is_software) {
      const auto* name = std::get_if<std::string>(&v);
      if (!name || !config::parse_software(*name)) {
        throw ConfigError(s.file, a.line, where,
                          fmt::format("{} is not a software (fused, eager)", to_text(v)));
      }
    } else if (is_dtype) {
      const auto* name = std::get_if<std::string>(&v);
      if (!name || !parse_dtype(*name)) {
        throw ConfigError(
            s.file, a.line, where,
            fmt::format("{} is not a dtype (bf16, fp16, fp8, int8, fp4, int4)", to_text(v)));
      }
    } else {
      const auto* n = std::get_if<int64_t>(&v);
      const int64_t maximum = scenario_axis_maximum(a.key);
      if (!n || *n < minimum || *n > maximum) {
        throw ConfigError(
            s.file, a.line, where,
            fmt::format("{} must be an integer in [{}, {}]", to_text(v), minimum, maximum));
      }
    }
  }
}

}  // namespace

std::string to_text(const Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return fmt::format("{}", *i);
  if (const auto* f = std::get_if<double>(&v)) {
    std::string s = fmt::format("{}", *f);
    // Keep floats recognisable as floats in TOML and JSON readers alike.
    if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
    return s;
  }
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  std::string out = "\"";
  for (char c : std::get<std::string>(v)) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

const std::vector<std::string>& scenario_axis_keys() {
  static const std::vector<std::string> keys = {
      "batch", "context", "prompt", "weight_dtype", "activation_dtype", "kv_dtype", "software",
      "tp",    "pp",      "ep",     "dp",           "chips"};
  return keys;
}

BaseFile arch_of(const SweepSpec& spec, const std::vector<Value>& values) {
  for (size_t i = 0; i < spec.axes.size(); ++i) {
    if (spec.axes[i].target != Target::kArchFile) continue;
    const auto& levels = spec.axes[i].levels;
    const auto k =
        static_cast<size_t>(std::find(levels.begin(), levels.end(), values[i]) - levels.begin());
    return spec.arch_files.at(k);
  }
  return {spec.arch_file, spec.arch_text};
}

SweepSpec load_sweep_spec(const std::string& path) {
  return decode_sweep_spec(read_input_file(path), path);
}

SweepSpec decode_sweep_spec(std::string text, const std::string& path) {
  SweepSpec s;
  s.file = path;
  s.text = std::move(text);
  auto doc = config::Document::parse(s.text, path);
  config::Table root = config::Table::root_of(doc);
  const fs::path dir = fs::path(path).parent_path();

  // The base files must be valid on their own: their errors name their own lines. A GPU's
  // calibration is read now too, so that a bad one is an error of the spec rather than of every
  // point, and so that the sweep's manifest records it among the inputs.
  std::optional<Axis> arch_file_axis = read_arch_file_axis(s, doc->root(), dir);
  config::Table base = root.table("base");
  if (const auto arch = base.optional_string("arch")) {
    s.arch_file = (dir / *arch).lexically_normal().string();
    s.arch_text = read_text(s.arch_file, base, "arch");
    config::efficiency_for(config::decode_arch(config::Document::parse(s.arch_text, s.arch_file)));
  } else if (arch_file_axis) {
    s.arch_file = s.arch_files.front().file;  // what [axes.arch] keys are looked up in first
    s.arch_text = s.arch_files.front().text;
  } else {
    base.fail("arch", "an arch file is needed here, or a list of them in [axes.base] arch");
  }
  s.workload_file = (dir / base.string("workload")).lexically_normal().string();
  s.workload_text = read_text(s.workload_file, base, "workload");
  base.finish();
  config::decode_workload(config::Document::parse(s.workload_text, s.workload_file));

  config::Table sc = root.table("scenario");
  const bool prefill = sc.choice("phase", {"prefill", "decode"}) == "prefill";
  s.scenario.phase = prefill ? workload::Phase::kPrefill : workload::Phase::kDecode;
  s.scenario.batch = sc.optional_integer("batch", 1).value_or(1);
  if (prefill) {
    s.scenario.prompt = sc.integer("prompt", 1);
  } else {
    s.scenario.context = sc.integer("context", 0);
  }
  if (auto layers = sc.optional_integer("layers", 1)) s.scenario.layers = *layers;
  if (auto software = sc.optional_choice("software", {"fused", "eager"}))
    s.software = *config::parse_software(*software);
  sc.finish();

  if (auto sampling = root.optional_table("sampling")) {
    const std::string method = sampling->choice("method", kMethods);
    s.method = method == "grid"     ? Method::kGrid
               : method == "random" ? Method::kRandom
                                    : Method::kLatinHypercube;
    if (s.method != Method::kGrid) {
      s.samples = sampling->integer("samples", 1, kMaxPoints);
      s.seed = static_cast<uint64_t>(sampling->integer("seed", 0));
    }
    sampling->finish();
  }

  config::Table axes = root.table("axes");
  if (axes.optional_table("base") && arch_file_axis) s.axes.push_back(std::move(*arch_file_axis));
  const std::pair<std::string_view, Target> groups[] = {
      {"arch", Target::kArch}, {"workload", Target::kWorkload}, {"scenario", Target::kScenario}};
  for (const auto& [name, target] : groups) {
    if (!axes.optional_table(name)) continue;
    const auto* t = doc->root()["axes"][name].as_table();
    flatten(path, target, *t, "", s.axes);
  }
  axes.finish();
  root.finish();
  // The same key written twice (quoted and nested) would otherwise sweep one and drop the other.
  for (size_t i = 0; i < s.axes.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (s.axes[i].column == s.axes[j].column) {
        throw ConfigError(
            path, s.axes[i].line, "axes." + s.axes[i].column,
            fmt::format("the same axis is given twice (also on line {})", s.axes[j].line));
      }
    }
  }
  if (s.axes.empty())
    axes.fail("",
              "a sweep needs at least one axis under [axes.base], [axes.arch], [axes.workload] or "
              "[axes.scenario]");

  if (s.method == Method::kGrid) {
    int64_t points = 1;
    for (const auto& a : s.axes) {
      points *= std::max<int64_t>(static_cast<int64_t>(a.levels.size()), 1);
      if (points > kMaxPoints) {
        throw ConfigError(
            path, a.line, "axes." + a.column,
            fmt::format(
                "the grid has more than {} points; sample it with [sampling] method = \"lhs\"",
                kMaxPoints));
      }
    }
  }
  for (const auto& a : s.axes) {
    if (a.range && s.method == Method::kGrid) {
      throw ConfigError(
          path, a.line, "axes." + a.column,
          "a range needs [sampling] method = \"random\" or \"lhs\"; a grid takes a list");
    }
    if (a.target == Target::kScenario) {
      check_scenario_axis(s, a);
    } else if (a.target != Target::kArchFile) {
      check_file_axis(s, a);
    }
  }
  return s;
}

}  // namespace xpu::sweep
