#!/usr/bin/env python3
"""Microbenchmarks the GPU models need and nothing publishes, measured on one NVIDIA GPU.

Writes one JSON file (calibration/measurements/<gpu>-microbench.json once committed):

* power: board power and clocks from NVML's energy counter while the GPU idles (before and
  after a CUDA context exists) and while it runs one kind of work at a time: a DRAM copy, a DRAM
  read, a DRAM write, an L2-resident copy, an element-wise kernel, a memory-bound matrix-vector
  product and dense bf16/fp8 matrix products. Nothing is changed on the card (power limit,
  clocks, MIG stay as found); the limit in force is recorded.
* elementwise: the element-wise kernels plain PyTorch launches in a Llama 3 decoder layer
  (F.rms_norm, the RoPE steps of rotate_half, F.silu, the SwiGLU multiply, the residual add, the
  KV-cache slice assignment) at the token counts of the GEMM grid, each captured in a CUDA graph
  as a CUDA-graphed eager model runs them. "cold" rotates the inputs through >= 192 MiB of copies
  so that they come from DRAM; "warm" reuses one set, which the L2 holds when it fits.
* gemm_bf16 / gemm_fp8: the Llama 3 8B and 70B GEMM grid (the H100 file's shapes), weights rotated
  through >= 256 MiB of copies; fp8 through torch._scaled_mm (e4m3, per-tensor scales, bf16 out).
* attn_prefill: causal flash attention (SDPA with GQA), one sequence of T tokens.

Times are medians of CUDA-graph replays timed with device events, in seconds per kernel (a
graph's kernel boundaries included, as a CUDA-graphed model pays them). Each section is saved as
it finishes, so a run cut short keeps what it measured. Run on the GPU:

    python3 tools/microbench/gpu_microbench.py --out h200-microbench.json
"""
import argparse
import json
import math
import os
import statistics
import threading
import time
import traceback

MIB = 1 << 20
# Llama 3 shapes: hidden, query heads, KV heads, head dim, FFN width, vocabulary.
MODELS = {
    "llama3-8b": dict(hidden=4096, heads=32, kv_heads=8, head_dim=128, ffn=14336, vocab=128256, workload="workloads/llama3_8b.toml"),
    "llama3-70b": dict(hidden=8192, heads=64, kv_heads=8, head_dim=128, ffn=28672, vocab=128256, workload="workloads/llama3_70b.toml"),
}
TOKENS = [1, 4, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192]
ELEMENTWISE_TOKENS = [1, 16, 64, 256, 1024, 2048, 4096, 8192]


def gemm_shapes(m):
    """(layer, K, N) of the grid, the H100 file's."""
    h, f, q, kv, d, v = (m[k] for k in ("hidden", "ffn", "heads", "kv_heads", "head_dim", "vocab"))
    return [("qkv", h, (q + 2 * kv) * d), ("o", h, h), ("gate_up", h, 2 * f), ("down", f, h), ("lm_head", h, v)]


class Recorder:
    def __init__(self, path):
        self.path = path
        self.data = {"about": __doc__.split("\n\n")[0], "meta": {}, "errors": {}}

    def save(self):
        tmp = self.path + ".tmp"
        with open(tmp, "w") as out:
            json.dump(self.data, out, indent=1, default=str)
        os.replace(tmp, self.path)

    def section(self, name, fn):
        start = time.monotonic()
        print(f"== {name}", flush=True)
        try:
            fn()
        except Exception:  # one section's failure must not lose the others
            self.data["errors"][name] = traceback.format_exc()
            print(self.data["errors"][name], flush=True)
        print(f"   {name}: {time.monotonic() - start:.1f} s", flush=True)
        self.save()


def milli(value):
    """NVML's milliwatts in watts; an unavailable reading stays the string that says so."""
    return value / 1000 if isinstance(value, (int, float)) else value


class Nvml:
    def __init__(self):
        import pynvml

        self.nv = pynvml
        pynvml.nvmlInit()
        self.handle = pynvml.nvmlDeviceGetHandleByIndex(0)

    def call(self, name, *args):
        try:
            return getattr(self.nv, name)(self.handle, *args)
        except Exception as error:
            return f"unavailable: {error}"

    def meta(self):
        nv = self.nv
        return {
            "name": self.call("nvmlDeviceGetName"),
            "driver": nv.nvmlSystemGetDriverVersion(),
            "power_limit_w": milli(self.call("nvmlDeviceGetPowerManagementLimit")),
            "enforced_power_limit_w": milli(self.call("nvmlDeviceGetEnforcedPowerLimit")),
            "max_sm_clock_mhz": self.call("nvmlDeviceGetMaxClockInfo", nv.NVML_CLOCK_SM),
            "max_mem_clock_mhz": self.call("nvmlDeviceGetMaxClockInfo", nv.NVML_CLOCK_MEM),
        }

    def energy_j(self):
        return self.nv.nvmlDeviceGetTotalEnergyConsumption(self.handle) / 1000.0

    def sample(self):
        nv = self.nv
        reasons = self.call("nvmlDeviceGetCurrentClocksEventReasons")
        if isinstance(reasons, str):
            reasons = self.call("nvmlDeviceGetCurrentClocksThrottleReasons")
        return {
            "power_w": milli(self.call("nvmlDeviceGetPowerUsage")),
            "sm_mhz": self.call("nvmlDeviceGetClockInfo", nv.NVML_CLOCK_SM),
            "mem_mhz": self.call("nvmlDeviceGetClockInfo", nv.NVML_CLOCK_MEM),
            "temp_c": self.call("nvmlDeviceGetTemperature", nv.NVML_TEMPERATURE_GPU),
            "pstate": self.call("nvmlDeviceGetPerformanceState"),
            "clock_event_reasons": reasons,
        }

    def measure(self, step, seconds, warm_s, sync):
        """Average board power from the energy counter while step() runs back to back."""
        deadline = time.monotonic() + warm_s
        while time.monotonic() < deadline:
            step()
            sync()
        samples, stop = [], threading.Event()

        def sampler():
            while not stop.is_set():
                samples.append(self.sample())
                time.sleep(0.1)

        thread = threading.Thread(target=sampler)
        thread.start()
        e0, t0, steps = self.energy_j(), time.monotonic(), 0
        while time.monotonic() - t0 < seconds:
            step()
            sync()
            steps += 1
        t1, e1 = time.monotonic(), self.energy_j()
        stop.set()
        thread.join()

        def median(key):
            values = [s[key] for s in samples if isinstance(s[key], (int, float))]
            return statistics.median(values) if values else None

        return {
            "seconds": t1 - t0,
            "steps": steps,
            "avg_power_w": (e1 - e0) / (t1 - t0),
            "median_sampled_power_w": median("power_w"),
            "median_sm_mhz": median("sm_mhz"),
            "median_mem_mhz": median("mem_mhz"),
            "max_temp_c": max((s["temp_c"] for s in samples if isinstance(s["temp_c"], int)), default=None),
            "pstates": sorted({str(s["pstate"]) for s in samples}),
            "clock_event_reasons": sorted({str(s["clock_event_reasons"]) for s in samples}),
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--power-seconds", type=float, default=3.0)
    parser.add_argument("--only", choices=["power", "l2", "sweep"], help="run the idle and these power phases alone")
    args = parser.parse_args()
    rec = Recorder(args.out)
    nvml = Nvml()
    rec.data["meta"].update(nvml.meta())
    rec.data["power"] = {}

    # Idle before any CUDA context: nothing has moved the GPU out of its idle state.
    def idle_no_context():
        rec.data["power"]["idle_no_context"] = nvml.measure(lambda: time.sleep(0.05), args.power_seconds + 1, 0.0, lambda: None)

    rec.section("idle_no_context", idle_no_context)

    import torch
    import torch.nn.functional as F

    dev = torch.device("cuda")
    props = torch.cuda.get_device_properties(0)
    rec.data["meta"].update(
        torch=torch.__version__,
        cuda=torch.version.cuda,
        sms=props.multi_processor_count,
        mem_gb=props.total_memory / 1e9,
        l2_mb=getattr(props, "L2_cache_size", 0) / MIB,
    )
    torch.manual_seed(0)
    sync = torch.cuda.synchronize

    def graph_of(calls):
        """A CUDA graph of calls (each a closure launching work), warmed up on a side stream."""
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            for call in calls:
                call()
        torch.cuda.current_stream().wait_stream(side)
        sync()
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):
            for call in calls:
                call()
        return graph

    def graph_seconds_per_call(calls, reps=5):
        """Median time per call of one replay of the graph of calls."""
        graph = graph_of(calls)
        graph.replay()
        sync()
        times = []
        for _ in range(reps):
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            graph.replay()
            end.record()
            end.synchronize()
            times.append(start.elapsed_time(end) / 1e3 / len(calls))
        del graph
        return statistics.median(times)

    def idle_context():
        torch.zeros(1, device=dev)
        sync()
        time.sleep(1.0)
        rec.data["power"]["idle_context"] = nvml.measure(lambda: time.sleep(0.05), args.power_seconds, 0.0, lambda: None)

    rec.section("idle_context", idle_context)

    def power_phase(name, calls, work, unit):
        """Board power while a graph of calls replays back to back; work is per replay."""
        graph = graph_of(calls)
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        graph.replay()
        end.record()
        end.synchronize()
        replay_s = start.elapsed_time(end) / 1e3
        result = nvml.measure(graph.replay, args.power_seconds, 1.0, sync)
        result["replay_s"] = replay_s
        result[unit] = work * result["steps"] / result["seconds"]
        result[unit + "_in_replay"] = work / replay_s
        rec.data["power"][name] = result
        del graph
        print(f"   {name}: {result['avg_power_w']:.1f} W, {result[unit]:.4g} {unit}, SM {result['median_sm_mhz']} MHz", flush=True)

    def power_phases():
        big = 1 << 30  # 1 GiB of bf16 per buffer: 20x the L2
        a = torch.randn(big // 2, device=dev, dtype=torch.bfloat16)
        b = torch.empty_like(a)
        c = torch.randn(big // 2, device=dev, dtype=torch.bfloat16)
        section = [
            ("dram_copy", [lambda: b.copy_(a)] * 16, 16 * 2 * big, "bytes_per_s"),
            ("dram_read", [lambda: torch.sum(a)] * 16, 16 * big, "bytes_per_s"),
            ("dram_write", [lambda: b.fill_(1.0)] * 16, 16 * big, "bytes_per_s"),
            ("dram_silu", [lambda: torch.nn.functional.silu(a, inplace=False)] * 16, 16 * 2 * big, "bytes_per_s"),
            ("dram_mul", [lambda: torch.mul(a, c, out=b)] * 16, 16 * 3 * big, "bytes_per_s"),
        ]
        for name, calls, work, unit in section:
            rec.section("power." + name, lambda: power_phase(name, calls, work, unit))
        # L2-resident copy: 2 x 8 MiB, well inside the L2, many kernels per replay.
        l2a = torch.randn(4 * MIB, device=dev, dtype=torch.bfloat16)
        l2b = torch.empty_like(l2a)
        rec.section("power.l2_copy", lambda: power_phase("l2_copy", [lambda: l2b.copy_(l2a)] * 2000, 2000 * 2 * 8 * MIB, "bytes_per_s"))
        del a, b, c, l2a, l2b
        # Decode-like matrix-vector product: weights from DRAM (4 x 470 MB), batch 1 and 64.
        weights = [torch.randn(8192, 28672, device=dev, dtype=torch.bfloat16) for _ in range(4)]
        for batch in (1, 64):
            x = torch.randn(batch, 8192, device=dev, dtype=torch.bfloat16)
            calls = [lambda w=w: torch.matmul(x, w) for w in weights] * 4
            rec.section(f"power.gemv_bf16_m{batch}", lambda: power_phase(f"gemv_bf16_m{batch}", calls, 16 * 8192 * 28672 * 2, "weight_bytes_per_s"))
        del weights
        n = 8192
        x = torch.randn(n, n, device=dev, dtype=torch.bfloat16)
        w = torch.randn(n, n, device=dev, dtype=torch.bfloat16)
        rec.section("power.gemm_bf16_8192", lambda: power_phase("gemm_bf16_8192", [lambda: torch.matmul(x, w)] * 8, 8 * 2 * n**3, "flop_per_s"))
        x8 = x.to(torch.float8_e4m3fn)
        w8 = w.t().contiguous().to(torch.float8_e4m3fn).t()
        one = torch.tensor(1.0, device=dev)
        rec.section(
            "power.gemm_fp8_8192",
            lambda: power_phase(
                "gemm_fp8_8192",
                [lambda: torch._scaled_mm(x8, w8, scale_a=one, scale_b=one, out_dtype=torch.bfloat16)] * 16,
                16 * 2 * n**3,
                "flop_per_s",
            ),
        )

    def l2_phases():
        """SM kernels on data the L2 holds: a read (sum) and a two-in, one-out multiply."""
        x = torch.randn(16 * MIB // 2, device=dev, dtype=torch.bfloat16)
        rec.section("power.l2_read_sm", lambda: power_phase("l2_read_sm", [lambda: torch.sum(x)] * 2000, 2000 * 16 * MIB, "bytes_per_s"))
        a, b, c = (torch.randn(12 * MIB // 2, device=dev, dtype=torch.bfloat16) for _ in range(3))
        rec.section("power.l2_mul_sm", lambda: power_phase("l2_mul_sm", [lambda: torch.mul(a, b, out=c)] * 2000, 2000 * 3 * 12 * MIB, "bytes_per_s"))
        # The same kernels from DRAM (1 GiB per tensor), back to back with the L2 phases.
        y = torch.randn(1 << 29, device=dev, dtype=torch.bfloat16)
        rec.section("power.dram_read_sm", lambda: power_phase("dram_read_sm", [lambda: torch.sum(y)] * 16, 16 * (1 << 30), "bytes_per_s"))

    def batch_sweep():
        """Decode's weight streaming at batch 1 to 256 (bf16 and fp8 weights), decode attention,
        and flash-attention prefill under power."""
        weights = [torch.randn(8192, 28672, device=dev, dtype=torch.bfloat16) for _ in range(4)]
        one = torch.tensor(1.0, device=dev)
        for batch in (1, 8, 16, 32, 64, 128, 256):
            x = torch.randn(batch, 8192, device=dev, dtype=torch.bfloat16)
            calls = [lambda w=w: torch.matmul(x, w) for w in weights] * 4
            rec.section(f"power.gemv_bf16_m{batch}", lambda: power_phase(f"gemv_bf16_m{batch}", calls, 16 * 8192 * 28672 * 2, "weight_bytes_per_s"))
        weights8 = [w.t().contiguous().to(torch.float8_e4m3fn).t() for w in weights]
        del weights
        for batch in (1, 16, 64, 256):
            x8 = torch.randn(batch, 8192, device=dev, dtype=torch.bfloat16).to(torch.float8_e4m3fn)
            calls = [lambda w=w: torch._scaled_mm(x8, w, scale_a=one, scale_b=one, out_dtype=torch.bfloat16) for w in weights8] * 4
            rec.section(f"power.gemv_fp8_m{batch}", lambda: power_phase(f"gemv_fp8_m{batch}", calls, 16 * 8192 * 28672, "weight_bytes_per_s"))
        del weights8
        q = torch.randn(1, 32, 8192, 128, device=dev, dtype=torch.bfloat16)
        k = torch.randn(1, 8, 8192, 128, device=dev, dtype=torch.bfloat16)
        v = torch.randn(1, 8, 8192, 128, device=dev, dtype=torch.bfloat16)
        rec.section(
            "power.attn_prefill_8192",
            lambda: power_phase("attn_prefill_8192", [lambda: F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)] * 8, 8 * 2 * 8192**2 * 32 * 128, "flop_per_s"),
        )
        rows = []
        rec.data["attn_decode"] = rows
        for batch in (1, 16, 64):
            for length in (1024, 4096, 16384):
                q = torch.randn(batch, 32, 1, 128, device=dev, dtype=torch.bfloat16)
                k = torch.randn(batch, 8, length, 128, device=dev, dtype=torch.bfloat16)
                v = torch.randn(batch, 8, length, 128, device=dev, dtype=torch.bfloat16)
                t = graph_seconds_per_call([lambda: F.scaled_dot_product_attention(q, k, v, enable_gqa=True)] * 16)
                rows.append({"B": batch, "L": length, "H": 32, "KV": 8, "hd": 128, "s": t, "GBps": 2 * batch * length * 8 * 128 * 2 / t / 1e9})
        print("   " + " ".join(f"B{r['B']} L{r['L']}: {r['s'] * 1e6:.1f}us" for r in rows), flush=True)

    if args.only == "sweep":
        rec.section("batch_sweep", batch_sweep)
    if args.only in (None, "power"):
        power_phases()
    if args.only in (None, "power", "l2"):
        l2_phases()
    if args.only is None:
        rec.section("batch_sweep", batch_sweep)

    def after_load():
        sync()
        time.sleep(0.5)
        rec.data["power"]["idle_after_load"] = nvml.measure(lambda: time.sleep(0.05), args.power_seconds, 0.0, lambda: None)

    rec.section("power.idle_after_load", after_load)
    if args.only:
        rec.save()
        return

    # Element-wise kernels as plain PyTorch launches them.
    def elementwise():
        rows = []
        rec.data["elementwise"] = rows
        for model, m in MODELS.items():
            h, nq, nkv, d, f = (m[k] for k in ("hidden", "heads", "kv_heads", "head_dim", "ffn"))
            for tokens in ELEMENTWISE_TOKENS:

                def rope(x, cos, sin):
                    half = x.shape[-1] // 2
                    rotated = torch.cat((-x[..., half:], x[..., :half]), dim=-1)
                    return x * cos + rotated * sin

                def make(op):
                    """(closure on one input set, bytes the model counts for one call, kernels)."""
                    if op == "rms_norm":
                        x = torch.randn(tokens, h, device=dev, dtype=torch.bfloat16)
                        wt = torch.randn(h, device=dev, dtype=torch.bfloat16)
                        return (lambda: F.rms_norm(x, (h,), wt, 1e-5)), 2 * 2 * tokens * h
                    if op == "residual_add":
                        x = torch.randn(tokens, h, device=dev, dtype=torch.bfloat16)
                        r = torch.randn(tokens, h, device=dev, dtype=torch.bfloat16)
                        return (lambda: x + r), 3 * 2 * tokens * h
                    if op == "silu":
                        g = torch.randn(tokens, f, device=dev, dtype=torch.bfloat16)
                        return (lambda: F.silu(g)), 2 * 2 * tokens * f
                    if op == "mul":
                        g = torch.randn(tokens, f, device=dev, dtype=torch.bfloat16)
                        u = torch.randn(tokens, f, device=dev, dtype=torch.bfloat16)
                        return (lambda: g * u), 3 * 2 * tokens * f
                    if op in ("rope_q", "rope_k"):
                        heads = nq if op == "rope_q" else nkv
                        # A projection's output [1, tokens, heads, d] seen as [1, heads, tokens, d].
                        x = torch.randn(1, tokens, heads, d, device=dev, dtype=torch.bfloat16).transpose(1, 2)
                        cos = torch.randn(1, 1, tokens, d, device=dev, dtype=torch.bfloat16)
                        sin = torch.randn(1, 1, tokens, d, device=dev, dtype=torch.bfloat16)
                        n = tokens * heads * d
                        # neg (0.5 in, 0.5 out), cat (1, 1), mul (1, 1), mul (1, 1), add (2, 1)
                        return (lambda: rope(x, cos, sin)), 2 * (10 * n + 2 * tokens * d)
                    if op == "kv_cache_write":
                        cap = max(tokens, 1) + 16
                        kc = torch.zeros(1, nkv, cap, d, device=dev, dtype=torch.bfloat16)
                        vc = torch.zeros_like(kc)
                        k = torch.randn(1, tokens, nkv, d, device=dev, dtype=torch.bfloat16).transpose(1, 2)
                        v = torch.randn(1, tokens, nkv, d, device=dev, dtype=torch.bfloat16).transpose(1, 2)

                        def write():
                            kc[:, :, 8 : 8 + tokens] = k
                            vc[:, :, 8 : 8 + tokens] = v

                        return write, 2 * 2 * 2 * tokens * nkv * d
                    raise ValueError(op)

                for op in ("rms_norm", "residual_add", "rope_q", "rope_k", "kv_cache_write", "silu", "mul"):
                    row = {"model": model, "workload": m["workload"], "tokens": tokens, "op": op}
                    try:
                        call, nbytes = make(op)
                        row["bytes"] = nbytes
                        row["warm_s"] = graph_seconds_per_call([call] * 32)
                        copies = max(1, min(64, math.ceil(192 * MIB / nbytes)))
                        calls = [make(op)[0] for _ in range(copies)]
                        row["cold_copies"] = copies
                        row["cold_s"] = graph_seconds_per_call(calls * max(1, 32 // copies))
                    except Exception as error:
                        row["error"] = repr(error)
                    rows.append(row)
                rec.save()
                print(f"   {model} {tokens}: " + ", ".join(f"{r['op']} {r.get('cold_s', float('nan')) * 1e6:.1f}us" for r in rows[-7:]), flush=True)
                torch.cuda.empty_cache()

    rec.section("elementwise", elementwise)

    def kernel_counts():
        from torch.profiler import ProfilerActivity, profile

        m = MODELS["llama3-8b"]
        tokens, h, d = 2048, m["hidden"], m["head_dim"]
        x = torch.randn(tokens, h, device=dev, dtype=torch.bfloat16)
        wt = torch.randn(h, device=dev, dtype=torch.bfloat16)
        q = torch.randn(1, tokens, m["heads"], d, device=dev, dtype=torch.bfloat16).transpose(1, 2)
        cos = torch.randn(1, 1, tokens, d, device=dev, dtype=torch.bfloat16)
        ops = {
            "rms_norm": lambda: F.rms_norm(x, (h,), wt, 1e-5),
            "rope_q": lambda: q * cos + torch.cat((-q[..., d // 2 :], q[..., : d // 2]), dim=-1) * cos,
            "silu_mul": lambda: F.silu(x) * x,
        }
        counts = {}
        for name, op in ops.items():
            op()
            sync()
            with profile(activities=[ProfilerActivity.CUDA]) as prof:
                op()
                sync()
            names = [e.name for e in prof.events() if str(getattr(e, "device_type", "")).endswith("CUDA")]
            counts[name] = names
        rec.data["kernel_names"] = counts

    rec.section("kernel_names", kernel_counts)

    def gemms(fmt):
        rows = []
        rec.data["gemm_" + fmt] = rows
        one = torch.tensor(1.0, device=dev)
        for model, m in MODELS.items():
            for layer, k, n in gemm_shapes(m):
                copies = max(2, min(64, math.ceil(256 * MIB / (k * n * (2 if fmt == "bf16" else 1)))))
                if fmt == "bf16":
                    ws = [torch.randn(k, n, device=dev, dtype=torch.bfloat16) for _ in range(copies)]
                else:
                    ws = [torch.randn(n, k, device=dev, dtype=torch.bfloat16).to(torch.float8_e4m3fn).t() for _ in range(copies)]
                for tokens in TOKENS:
                    row = {"model": model, "layer": layer, "M": tokens, "K": k, "N": n}
                    try:
                        x = torch.randn(tokens, k, device=dev, dtype=torch.bfloat16)
                        if fmt == "bf16":
                            calls = [lambda w=w: torch.matmul(x, w) for w in ws]
                        else:
                            x8 = x.to(torch.float8_e4m3fn)
                            calls = [lambda w=w: torch._scaled_mm(x8, w, scale_a=one, scale_b=one, out_dtype=torch.bfloat16) for w in ws]
                        calls = calls * max(1, 20 // len(calls))
                        row["s"] = graph_seconds_per_call(calls)
                        row["tflops"] = 2 * tokens * k * n / row["s"] / 1e12
                    except Exception as error:
                        row["error"] = repr(error)[:300]
                    rows.append(row)
                del ws
                torch.cuda.empty_cache()
                rec.save()
                last = rows[-len(TOKENS):]
                print(f"   {fmt} {model} {layer}: " + " ".join(f"{r.get('tflops', 0):.0f}" for r in last), flush=True)

    rec.section("gemm_bf16", lambda: gemms("bf16"))
    rec.section("gemm_fp8", lambda: gemms("fp8"))

    def attention():
        rows = []
        rec.data["attn_prefill"] = rows
        for t in (1024, 2048, 4096, 8192, 16384):
            q = torch.randn(1, 32, t, 128, device=dev, dtype=torch.bfloat16)
            k = torch.randn(1, 8, t, 128, device=dev, dtype=torch.bfloat16)
            v = torch.randn(1, 8, t, 128, device=dev, dtype=torch.bfloat16)
            s = graph_seconds_per_call([lambda: F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)] * 8)
            # causal: half of the 4·T²·H·d FLOPs of the full score and value products
            rows.append({"B": 1, "T": t, "H": 32, "KV": 8, "hd": 128, "s": s, "tflops": 2 * t * t * 32 * 128 / s / 1e12})
        print("   " + " ".join(f"{r['T']}: {r['tflops']:.0f}" for r in rows), flush=True)

    rec.section("attn_prefill", attention)
    rec.data["meta"]["finished"] = True
    rec.save()
    print("errors:", list(rec.data["errors"]))


if __name__ == "__main__":
    main()
