// SPDX-License-Identifier: MIT
#include "workload/transformer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common/error.h"

namespace xpu::workload {

namespace {

using config::WorkloadSpec;

// Shared context for building one step's ops.
struct Builder {
  const WorkloadSpec& w;
  const Scenario& s;
  std::vector<Op>& out;
  int64_t batch;  // sequences on this replica
  double tokens;  // tokens processed this step, all sequences (and a fused prefill chunk's)
  double act;     // bytes per activation element
  double wgt;     // bytes per weight element
  double kvb;     // bytes per KV-cache element
  int64_t tp;     // chips sharing each layer
  int64_t ep;     // chips the experts are sharded over (within the tp group)

  bool eager() const { return w.software == config::Software::kEager; }

  // The step's two kinds of sequence on this replica: those decoding one token over their cache,
  // and prompts (or chunks of them) prefilled over theirs. A step is one of the two, or a decode
  // step with a prefill chunk fused in.
  int64_t decoding() const { return s.phase == Phase::kDecode ? batch : 0; }
  PrefillChunk prefilling() const {
    return s.phase == Phase::kPrefill ? PrefillChunk{batch, s.prompt, s.context} : s.fused_prefill;
  }
  // The fused step names its second attention apart; a step of one kind keeps one name.
  std::string prefill_attention_name() const {
    return decoding() > 0 ? "layer.prefill_attention" : "layer.attention";
  }

  // Split of a dimension over the tensor-parallel group; a dimension smaller than the group
  // (a few KV heads over 8 chips) is replicated, one slice per chip.
  int64_t shard(int64_t n, int64_t ways) const { return std::max<int64_t>(1, n / ways); }

  void collective(const std::string& name, int64_t repeat, CollectiveKind kind, double bytes,
                  int64_t participants) {
    if (participants <= 1) return;
    Op op;
    op.name = name;
    op.kind = OpKind::kCollective;
    op.repeat = repeat;
    op.compute_dtype = w.dtypes.activations;
    op.collective = CollectiveShape{kind, bytes, participants};
    out.push_back(op);
  }
  // Row-parallel GEMMs leave partial sums of the hidden state on every chip.
  void hidden_all_reduce(const std::string& name, int64_t repeat) {
    collective(name, repeat, CollectiveKind::kAllReduce, tokens * w.hidden_size * act, tp);
  }

  // A GEMM of the decoder layers; the LM head and the router pass layer = false. When the
  // layers' GEMMs take their inputs in a narrower format than the activations (fp8 training),
  // two cast kernels of their own go with each, as Transformer Engine's cast_transpose: the
  // forward's reads the bf16 input (m x k) and writes it in fp8 twice, as is and transposed for
  // the weight-gradient GEMM; the backward's does the same to the output gradient (m x n) for the
  // data- and weight-gradient GEMMs. The cast TE's LayerNormLinear fuses into its norm is not
  // credited.
  Op& gemm(const std::string& name, int64_t repeat, int64_t m, int64_t k, int64_t n,
           int64_t groups = 1, bool layer = true) {
    const double g = static_cast<double>(groups);
    const double inputs = g * static_cast<double>(m) * static_cast<double>(k);
    const double outputs = g * static_cast<double>(m) * static_cast<double>(n);
    const DType compute =
        layer ? w.dtypes.layer_gemm_inputs.value_or(w.dtypes.activations) : w.dtypes.activations;
    const double input_bytes = bytes_per_element(compute);
    if (compute != w.dtypes.activations) {
      const auto cast = [&](std::string_view suffix, double elems) {
        elementwise(name + std::string(suffix), repeat, elems, 0.0, 1.0).activation_bytes =
            elems * (act + 2.0 * input_bytes);
      };
      cast(kInputCastSuffix, inputs);
      cast(kOutputGradientCastSuffix, outputs);
    }
    Op op;
    op.name = name;
    op.kind = OpKind::kGemm;
    op.repeat = repeat;
    op.compute_dtype = compute;
    op.gemm = GemmShape{m, k, n, groups};
    op.flops = 2.0 * g * m * k * n;
    op.weight_bytes = g * k * n * wgt;
    op.activation_bytes = inputs * input_bytes + outputs * act;
    out.push_back(op);
    return out.back();
  }

  // A memory-bound kernel that reads `read_elems` and writes `write_elems` activations.
  Op& elementwise(const std::string& name, int64_t repeat, double read_elems, double write_elems,
                  double flops_per_elem) {
    Op op;
    op.name = name;
    op.kind = OpKind::kElementwise;
    op.repeat = repeat;
    op.compute_dtype = w.dtypes.activations;
    op.activation_bytes = (read_elems + write_elems) * act;
    op.flops = flops_per_elem * read_elems;
    op.software = w.software;
    out.push_back(op);
    return out.back();
  }

  // Fused: residual add + norm over the hidden state (vLLM's fused_add_rms_norm) reads x and
  // the residual and writes both back. Eager: the norm alone (F.rms_norm, one kernel) reads x
  // and writes the normed copy; the residual add is its own kernel (residual_add).
  void norm(const std::string& name, int64_t repeat) {
    double h = tokens * w.hidden_size;
    if (eager()) {
      Op& op = elementwise(name, repeat, h, h, 4.0);
      op.feature = w.norm;
      op.access = Access::kRowReduction;
      op.row_bytes = op.activation_bytes / tokens;
    } else {
      elementwise(name, repeat, 2.0 * h, 2.0 * h, 4.0).feature = w.norm;
    }
  }
  // Eager only: x + sublayer(x), reading both and writing the sum (fused runs do it in the norm).
  void residual_add(const std::string& name, int64_t repeat) {
    if (!eager()) return;
    double h = tokens * w.hidden_size;
    elementwise(name, repeat, 2.0 * h, h, 0.5);
  }

  // RoPE as plain PyTorch writes it, on one tensor of `elems` elements: rotate_half(x) =
  // cat(-x2, x1) is a neg over half the tensor and a cat over the whole; then x*cos,
  // rotate_half(x)*sin and their sum. Five kernels, each reading its inputs and writing its
  // output; the cos/sin tables (one head's width per token) are not counted.
  // The tensor is a transposed view of its projection's output, so every step is strided.
  void eager_rope(const std::string& name, int64_t repeat, double elems) {
    const auto step = [&](const char* suffix, double read, double write, double flops) {
      Op& op = elementwise(name + suffix, repeat, read, write, flops);
      op.feature = "rope";
      op.access = Access::kStrided;
    };
    step("_neg", 0.5 * elems, 0.5 * elems, 1.0);
    step("_cat", elems, elems, 0.0);
    step("_mul_cos", elems, elems, 1.0);
    step("_mul_sin", elems, elems, 1.0);
    step("_add", 2.0 * elems, elems, 0.5);
  }

  // Attention of `sequences` sequences, each `query_len` new tokens over `kv_len` keys (causal
  // for prompts: each new token sees the tokens before it).
  Op& attention(const std::string& name, int64_t repeat, int64_t sequences, int64_t query_len,
                int64_t kv_len, bool causal, int64_t heads, int64_t kv_heads, int64_t qk_dim,
                int64_t v_dim, double kv_read_bytes, double kv_write_bytes) {
    Op op;
    op.name = name;
    op.kind = OpKind::kAttention;
    op.repeat = repeat;
    op.compute_dtype = w.dtypes.activations;
    AttentionShape a;
    a.batch = sequences;
    a.query_len = query_len;
    a.kv_len = kv_len;
    a.heads = heads;
    a.kv_heads = kv_heads;
    a.qk_head_dim = qk_dim;
    a.v_head_dim = v_dim;
    a.causal = causal;
    op.attention = a;
    op.feature = w.mla ? "mla" : kv_heads == w.heads ? "mha" : kv_heads == 1 ? "mqa" : "gqa";
    op.flops = attention_flops(a);
    const double queries = static_cast<double>(sequences) * static_cast<double>(query_len);
    op.activation_bytes = queries * a.heads * (qk_dim + v_dim) * act;  // Q in, O out
    op.kv_read_bytes = kv_read_bytes;
    op.kv_write_bytes = kv_write_bytes;
    out.push_back(op);
    return out.back();
  }

  void grouped_query_attention(int64_t repeat) {
    const int64_t hd = w.head_dim;
    const int64_t heads = shard(w.heads, tp);
    const int64_t kv_heads = shard(w.kv_heads, tp);
    gemm("layer.qkv_proj", repeat, tokens, w.hidden_size, (heads + 2 * kv_heads) * hd);
    double new_kv = tokens * 2.0 * kv_heads * hd * kvb;
    if (eager()) {
      // RoPE on q and k, then k and v written into the cache by slice assignment (a copy
      // kernel each: the activation read, the cache write).
      if (w.position == "rope") {
        eager_rope("layer.rope_q", repeat, tokens * heads * hd);
        eager_rope("layer.rope_k", repeat, tokens * kv_heads * hd);
      }
      for (const char* name : {"layer.k_cache_write", "layer.v_cache_write"}) {
        Op& write = elementwise(name, repeat, tokens * kv_heads * hd, 0.0, 0.0);
        write.kv_write_bytes = new_kv / 2.0;
        write.access = Access::kStrided;
      }
    } else if (w.position == "rope") {
      // RoPE on Q and K, fused with the KV-cache write (vLLM's rotary + reshape_and_cache).
      Op& rope = elementwise("layer.rope_kv_write", repeat, tokens * (heads + kv_heads) * hd,
                             tokens * (heads + kv_heads) * hd, 6.0);
      rope.kv_write_bytes = new_kv;
      rope.feature = "rope";
    } else {
      elementwise("layer.kv_write", repeat, tokens * 2.0 * kv_heads * hd, 0.0, 0.0).kv_write_bytes =
          new_kv;
    }
    // Decoding sequences read their cache; a prompt's new keys and values are at hand in the
    // activations' format, its earlier chunks' come from the cache.
    const double kv_elems_per_token = 2.0 * kv_heads * hd;
    if (const int64_t d = decoding(); d > 0) {
      const double kv_read = static_cast<double>(d) * (s.context + 1) * kv_elems_per_token * kvb;
      attention("layer.attention", repeat, d, 1, s.context + 1, false, heads, kv_heads, hd, hd,
                kv_read, 0.0);
    }
    if (const PrefillChunk p = prefilling(); p.batch > 0) {
      const double kv_read = static_cast<double>(p.batch) *
                             (p.prompt * act + static_cast<double>(p.context) * kvb) *
                             kv_elems_per_token;
      attention(prefill_attention_name(), repeat, p.batch, p.prompt, p.context + p.prompt, true,
                heads, kv_heads, hd, hd, kv_read, 0.0);
    }
    gemm("layer.o_proj", repeat, tokens, heads * hd, w.hidden_size);
    hidden_all_reduce("layer.o_proj_all_reduce", repeat);
  }

  // MLA. Prefill decompresses K and V for every token and runs ordinary multi-head attention;
  // decode absorbs the up-projections into the query and output (DeepSeek-V2 §2.1.2), so it
  // attends over the cached latent directly, like multi-query attention with wide heads.
  void latent_attention(int64_t repeat) {
    const auto& m = *w.mla;
    const int64_t qk_dim = m.qk_nope_head_dim + m.qk_rope_head_dim;
    const int64_t latent = m.kv_lora_rank + m.qk_rope_head_dim;
    const int64_t heads = shard(w.heads, tp);
    // The low-rank down-projections and the latent cache are replicated on every chip.
    gemm("layer.q_a_proj", repeat, tokens, w.hidden_size, m.q_lora_rank);
    elementwise("layer.q_a_norm", repeat, tokens * m.q_lora_rank, tokens * m.q_lora_rank, 4.0)
        .feature = "mla";
    gemm("layer.q_b_proj", repeat, tokens, m.q_lora_rank, heads * qk_dim);
    gemm("layer.kv_a_proj", repeat, tokens, w.hidden_size, latent);
    Op& kv_write =
        elementwise("layer.kv_a_norm_rope_kv_write", repeat, tokens * latent, tokens * latent, 6.0);
    kv_write.kv_write_bytes = tokens * latent * kvb;
    kv_write.feature = "mla";
    if (const PrefillChunk p = prefilling(); p.batch > 0) {
      // The prompt's keys and values, its earlier chunks' with them, decompressed.
      const int64_t kv_tokens = p.kv_tokens();
      gemm("layer.kv_b_proj", repeat, kv_tokens, m.kv_lora_rank,
           heads * (m.qk_nope_head_dim + m.v_head_dim));
      double kv_read = static_cast<double>(kv_tokens) * heads * (qk_dim + m.v_head_dim) * act;
      attention(prefill_attention_name(), repeat, p.batch, p.prompt, p.context + p.prompt, true,
                heads, heads, qk_dim, m.v_head_dim, kv_read, 0.0);
    }
    if (const int64_t d = decoding(); d > 0) {
      gemm("layer.q_absorb", repeat, d, m.qk_nope_head_dim, m.kv_lora_rank, heads);
      double kv_read = static_cast<double>(d) * (s.context + 1) * latent * kvb;
      attention("layer.attention", repeat, d, 1, s.context + 1, false, heads, 1, latent,
                m.kv_lora_rank, kv_read, 0.0);
      gemm("layer.v_absorb", repeat, d, m.kv_lora_rank, m.v_head_dim, heads);
    }
    gemm("layer.o_proj", repeat, tokens, heads * m.v_head_dim, w.hidden_size);
    hidden_all_reduce("layer.o_proj_all_reduce", repeat);
  }

  // `ffn` is this chip's slice of the hidden width.
  void feed_forward(const std::string& prefix, int64_t repeat, int64_t tokens_in, int64_t ffn,
                    int64_t groups) {
    const bool gated = w.activation == "swiglu";
    const int64_t up = gated ? 2 * ffn : ffn;
    double g = static_cast<double>(groups);
    gemm(prefix + ".gate_up_proj", repeat, tokens_in, w.hidden_size, up, groups);
    const double f = g * tokens_in * ffn;
    if (gated && eager()) {
      // F.silu(gate) * up: two kernels, the SiLU's output written and read back.
      elementwise(prefix + ".silu", repeat, f, f, 4.0).feature = w.activation;
      elementwise(prefix + ".mul", repeat, 2.0 * f, f, 0.5).feature = w.activation;
    } else {
      elementwise(prefix + (gated ? ".silu_mul" : ".gelu"), repeat, g * tokens_in * up, f,
                  gated ? 5.0 : 8.0)
          .feature = w.activation;
    }
    gemm(prefix + ".down_proj", repeat, tokens_in, ffn, w.hidden_size, groups);
  }

  void dense_mlp(int64_t repeat) {
    feed_forward("mlp", repeat, static_cast<int64_t>(tokens), shard(w.ffn_hidden_size, tp), 1);
    hidden_all_reduce("mlp.down_all_reduce", repeat);
  }

  // Routed experts with the expected load of uniform top-k routing: a batch of T tokens
  // touches E(1-(1-k/E)^T) distinct experts, each seeing T*k/active tokens on average. With
  // expert parallelism each of the `ep` chips holds E/ep experts (and the tokens routed to
  // them, sent and returned by all-to-all); the remaining tp/ep ways split each expert's width.
  void mixture_of_experts(int64_t repeat) {
    const auto& moe = *w.moe;
    const double e = static_cast<double>(moe.experts);
    const double k = static_cast<double>(moe.experts_per_token);
    const int64_t expert_tp = tp / ep;
    // The router is no Transformer Engine module either (Megatron-Core computes it in fp32/bf16).
    gemm("moe.router", repeat, tokens, w.hidden_size, moe.experts, 1, false).feature = "moe";
    const double routed_bytes = tokens * k * w.hidden_size * act;
    collective("moe.dispatch_all_to_all", repeat, CollectiveKind::kAllToAll, routed_bytes, ep);
    double active = e * (1.0 - std::pow(1.0 - k / e, tokens));
    double active_here = active / static_cast<double>(ep);
    int64_t groups = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(active_here - 1e-9)));
    int64_t tokens_per_expert = static_cast<int64_t>(std::ceil(tokens * k / active - 1e-9));
    feed_forward("moe.experts", repeat, tokens_per_expert,
                 shard(moe.expert_ffn_hidden_size, expert_tp), groups);
    collective("moe.combine_all_to_all", repeat, CollectiveKind::kAllToAll, routed_bytes, ep);
    if (moe.shared_experts > 0) {
      feed_forward("moe.shared_expert", repeat, tokens,
                   shard(moe.expert_ffn_hidden_size * moe.shared_experts, tp), 1);
    }
    hidden_all_reduce("moe.all_reduce", repeat);
  }
};

void check_parallelism(const WorkloadSpec& w, const Scenario& s, int64_t layers) {
  const auto& p = s.parallel;
  auto refuse = [](const std::string& why) { throw InfeasibleError("--parallel: " + why); };
  if (p.tp < 1 || p.pp < 1 || p.ep < 1 || p.dp < 1) refuse("every degree must be >= 1");
  if (w.heads % p.tp != 0)
    refuse(fmt::format("tp={} does not divide {} attention heads", p.tp, w.heads));
  if (p.tp % p.ep != 0)
    refuse(fmt::format("ep={} must divide tp={} (experts are sharded within the tensor group)",
                       p.ep, p.tp));
  if (p.ep > 1 && !w.moe) refuse(fmt::format("ep={} but {} has no experts", p.ep, w.name));
  if (w.moe && w.moe->experts % p.ep != 0)
    refuse(fmt::format("ep={} does not divide {} experts", p.ep, w.moe->experts));
  if (p.pp > layers) refuse(fmt::format("pp={} exceeds the {} layers evaluated", p.pp, layers));
  if (s.batch % p.dp != 0) refuse(fmt::format("dp={} does not divide batch {}", p.dp, s.batch));
}

}  // namespace

double attention_flops(const AttentionShape& a) {
  // Causal prefill of q new tokens after c cached ones (kv_len = c + q): new token i sees c + i + 1
  // keys, c + (q + 1)/2 on average; (n + 1)/2 for a whole prompt.
  double keys_per_query =
      a.causal ? a.kv_len - (a.query_len - 1) / 2.0 : static_cast<double>(a.kv_len);
  return 2.0 * a.batch * a.heads * a.query_len * keys_per_query * (a.qk_head_dim + a.v_head_dim);
}

double kv_bytes_per_token_per_layer(const WorkloadSpec& w) {
  double kvb = bytes_per_element(w.dtypes.kv_cache);
  if (w.mla) return (w.mla->kv_lora_rank + w.mla->qk_rope_head_dim) * kvb;
  return 2.0 * w.kv_heads * w.head_dim * kvb;
}

ParameterCount count_parameters(const WorkloadSpec& w, int64_t layers) {
  const double h = static_cast<double>(w.hidden_size);
  double attention = 0.0;
  if (w.mla) {
    const auto& m = *w.mla;
    double qk_dim = m.qk_nope_head_dim + m.qk_rope_head_dim;
    attention = h * m.q_lora_rank + m.q_lora_rank * w.heads * qk_dim +
                h * (m.kv_lora_rank + m.qk_rope_head_dim) +
                m.kv_lora_rank * w.heads * (m.qk_nope_head_dim + m.v_head_dim) +
                static_cast<double>(w.heads) * m.v_head_dim * h;
  } else {
    attention = h * (w.heads + 2.0 * w.kv_heads) * w.head_dim + w.heads * w.head_dim * h;
  }
  const double mlp_factor = w.activation == "swiglu" ? 3.0 : 2.0;
  auto mlp = [&](double ffn) { return mlp_factor * h * ffn; };

  ParameterCount c;
  const double l = static_cast<double>(layers);
  double dense_layers = l;
  if (w.moe) {
    const auto& moe = *w.moe;
    dense_layers = std::min<double>(l, moe.first_dense_layers);
    double moe_layers = l - dense_layers;
    double expert = mlp(moe.expert_ffn_hidden_size);
    double shared = moe.shared_experts * expert;
    c.total += moe_layers * (attention + h * moe.experts + moe.experts * expert + shared);
    c.active_per_token +=
        moe_layers * (attention + h * moe.experts + moe.experts_per_token * expert + shared);
  }
  c.total += dense_layers * (attention + mlp(w.ffn_hidden_size));
  c.active_per_token += dense_layers * (attention + mlp(w.ffn_hidden_size));
  double embeddings = (w.tied_embeddings ? 1.0 : 2.0) * h * w.vocab_size;
  c.total += embeddings;
  c.active_per_token += embeddings;
  // A learned position table holds one row per position up to max_context and is stored whole
  // (a 2^30 x 4096 table is 4.4 T parameters, not nothing); a token reads one row of it, which
  // is not a matrix product, so it adds nothing to the per-token FLOPs.
  if (w.position == "learned") c.total += h * static_cast<double>(w.max_context);
  return c;
}

OperatorGraph build_graph(const WorkloadSpec& w, const Scenario& s) {
  if (s.batch < 1) throw InfeasibleError("batch must be >= 1");
  if (s.phase == Phase::kPrefill && s.prompt < 1) throw InfeasibleError("prompt must be >= 1");
  if (s.context < 0) throw InfeasibleError("context must be >= 0");
  // Compared without forming context + 1 or + prompt, which overflow for --context near 2^63.
  const auto beyond_window = [&](int64_t context, int64_t new_tokens) {
    if (context < w.max_context && new_tokens <= w.max_context - context) return;
    throw InfeasibleError(fmt::format(
        "{}: {} tokens per sequence exceed model.max_context = {}", w.file,
        static_cast<uint64_t>(context) + static_cast<uint64_t>(new_tokens), w.max_context));
  };
  beyond_window(s.context, s.new_tokens_per_sequence());
  if (const auto& chunk = s.fused_prefill; chunk.batch != 0) {
    if (s.phase != Phase::kDecode)
      throw InfeasibleError("a prefill chunk fuses into a decode step");
    if (chunk.batch < 0 || chunk.prompt < 1 || chunk.context < 0) {
      throw InfeasibleError("a fused prefill chunk needs prompts >= 1, tokens >= 1, context >= 0");
    }
    beyond_window(chunk.context, chunk.prompt);
  }
  // Token counts are converted back to int64 GEMM shapes: refuse steps no machine could run.
  constexpr double kMaxTokensPerStep = 1e15;
  if (static_cast<double>(s.batch) * s.new_tokens_per_sequence() +
          static_cast<double>(s.fused_prefill.batch) * s.fused_prefill.prompt >
      kMaxTokensPerStep) {
    throw InfeasibleError(
        fmt::format("batch {} x {} tokens per sequence exceeds {:g} tokens per step", s.batch,
                    s.new_tokens_per_sequence(), kMaxTokensPerStep));
  }
  OperatorGraph g;
  g.layers_evaluated = std::min(s.layers.value_or(w.layers), w.layers);
  if (g.layers_evaluated < 1) throw InfeasibleError("--layers must be >= 1");
  check_parallelism(w, s, g.layers_evaluated);

  const auto& par = s.parallel;
  Builder b{w,
            s,
            g.ops,
            s.batch_per_replica(),
            static_cast<double>(s.tokens_per_replica()),
            bytes_per_element(w.dtypes.activations),
            bytes_per_element(w.dtypes.weights),
            bytes_per_element(w.dtypes.kv_cache),
            par.tp,
            par.ep};
  const double h = static_cast<double>(w.hidden_size);
  const int64_t tokens = static_cast<int64_t>(b.tokens);

  // Embedding gather: one weight row per token, written out as an activation.
  b.elementwise("embedding", 1, 0.0, b.tokens * h, 0.0).weight_bytes = b.tokens * h * b.wgt;
  if (w.position == "learned") {
    b.elementwise("position_embedding", 1, 2.0 * b.tokens * h, b.tokens * h, 1.0).feature =
        "learned_position";
  }

  int64_t dense_layers = g.layers_evaluated;
  int64_t moe_layers = 0;
  if (w.moe) {
    dense_layers = std::min(g.layers_evaluated, w.moe->first_dense_layers);
    moe_layers = g.layers_evaluated - dense_layers;
  }
  // Attention and norms are the same in every layer; only the feed-forward differs.
  const int64_t all = g.layers_evaluated;
  b.norm("layer.input_norm", all);
  if (w.mla) {
    b.latent_attention(all);
  } else {
    b.grouped_query_attention(all);
  }
  b.residual_add("layer.attention_residual_add", all);
  b.norm("layer.post_attention_norm", all);
  if (dense_layers > 0) b.dense_mlp(dense_layers);
  if (moe_layers > 0) b.mixture_of_experts(moe_layers);
  b.residual_add("layer.mlp_residual_add", all);

  b.norm("final_norm", 1);
  // Only the last position of each sequence is sampled, in prefill as in decode (a prompt chunk
  // that does not end its prompt is counted as if it did); the vocabulary is split over the
  // tensor-parallel chips and the logits gathered.
  const int64_t logit_rows =
      s.logits_for_every_token ? tokens : b.decoding() + b.prefilling().batch;
  // Megatron-Core's output layer is its own ColumnParallelLinear, not a Transformer Engine module:
  // it stays in the activations' format when the layers' GEMMs take fp8.
  b.gemm("lm_head", 1, logit_rows, w.hidden_size, b.shard(w.vocab_size, par.tp), 1, false);
  b.collective("lm_head_all_gather", 1, CollectiveKind::kAllGather,
               static_cast<double>(logit_rows) * w.vocab_size * b.act, par.tp);
  // Pipeline stages hand the hidden state on to the next stage.
  b.collective("pipeline.stage_transfer", par.pp - 1, CollectiveKind::kPointToPoint,
               b.tokens * h * b.act, par.pp);
  return g;
}

}  // namespace xpu::workload
