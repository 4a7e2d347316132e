#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Writes the test inputs that are copies of the repository's real files, so that they follow
# archs/, systems/ and workloads/ instead of drifting from them:
#   - the bad-input catalogue, tests/data/bad/<kind>/*.toml: a real file with one mistake each,
#     and each file's `# line:` header (docs/reliability.md);
#   - the fuzz seeds, tests/fuzz/corpus/<target>/*.toml: every real file of the target's kind,
#     plus a few catalogue files as bad_<name>.toml.
# Paths inside a copy are rebased to where it is read from (the catalogue from its own folder,
# a fuzz seed from the folder its target names the document in, e.g. archs/fuzz.toml).
#   python3 tools/regenerate_test_inputs.py          rewrite them (then review the diff)
#   python3 tools/regenerate_test_inputs.py --check  exit 1, naming the files, if any is stale
# The --check form runs as a CTest test, so an edit to a real file that leaves the copies behind
# fails the suite until this script is run.
import glob, os, re, sys
R=os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
def rd(p): return open(os.path.join(R,p)).read()
def rebase(text, src_dir, dst_dir):
    """Rewrites every `key = "../..."` path of a document read from src_dir (relative to the
    repository root) so that it names the same file when the document is read from dst_dir."""
    def one(m):
        target=os.path.normpath(os.path.join(src_dir, m.group(2)))
        return m.group(1)+os.path.relpath(target, dst_dir)+'"'
    return re.sub(r'^(\s*[A-Za-z0-9_]+\s*=\s*")(\.\./[^"]*)"', one, text, flags=re.M)
def copy(path, kind):
    return rebase(rd(path), os.path.dirname(path), f'tests/data/bad/{kind}')
h100=copy('archs/h100_sxm.toml','arch')
groq=copy('archs/groq_lpu.toml','arch')
llama=copy('workloads/llama3_8b.toml','workload')
mixtral=copy('workloads/mixtral_8x7b.toml','workload')
scen=copy('workloads/scenarios/mlperf_llama2_70b_offline.toml','scenario')
server=copy('workloads/scenarios/mlperf_llama2_70b_server.toml','scenario')
disagg=copy('workloads/scenarios/mlperf_llama2_70b_server_disaggregated.toml','scenario')
dgx=copy('systems/dgx_h100_ib.toml','system')
def sub(text, old, new):
    assert old in text, old
    return text.replace(old, new, 1)
def drop_lines(text, pred):
    return ''.join(l for l in text.splitlines(True) if not pred(l))
def drop_section(text, name):
    out=[]; skip=False
    for l in text.splitlines(True):
        if l.startswith('['):
            skip = l.strip()==f'[{name}]'
        if not skip: out.append(l)
    return ''.join(out)
E=[]
def add(kind, name, desc, text, expect, locate=None, exit=2, line=None):
    E.append((kind,name,desc,text,expect,locate,exit,line))

# ---- arch
add('arch','malformed_toml','an unclosed table header', sub(groq,'[links]','[links'), 'malformed TOML', locate='[links')
add('arch','duplicate_key','a key set twice', sub(groq,'tdp_w = 300','tdp_w = 300\ntdp_w = 400'), 'malformed TOML', locate='tdp_w = 400')
add('arch','unknown_key','a misspelt key', sub(h100,'bandwidth_tbs = 3.35','bandwith_tbs = 3.35'), "memory.dram.bandwith_tbs: unknown key; did you mean 'bandwidth_tbs'?", locate='bandwith_tbs')
add('arch','unit_in_string','a number written as a string with its unit', sub(h100,'bandwidth_tbs = 3.35','bandwidth_tbs = "3.35 TB/s"'), 'memory.dram.bandwidth_tbs: expected a number', locate='"3.35 TB/s"')
add('arch','wrong_unit_suffix','a key with another unit suffix than the schema', sub(h100,'bandwidth_tbs = 3.35','bandwidth_gbs = 3350'), "memory.dram.bandwidth_gbs: unknown key; did you mean 'bandwidth_tbs'?", locate='bandwidth_gbs = 3350')
add('arch','negative_capacity','a negative size', sub(h100,'capacity_gb = 80','capacity_gb = -80'), 'memory.dram.capacity_gb: must be > 0, got -80', locate='capacity_gb = -80')
add('arch','zero_bandwidth','a zero rate', sub(groq,'bandwidth_tbs = 80','bandwidth_tbs = 0'), 'memory.sram.bandwidth_tbs: must be > 0, got 0', locate='bandwidth_tbs = 0')
add('arch','zero_units','a zero count', sub(h100,'units = 132 ','units = 0 '), 'compute.units: must be >= 1, got 0', locate='units = 0')
add('arch','fractional_units','a fraction where a count is expected', sub(h100,'units = 132 ','units = 132.5 '), 'compute.units: expected an integer', locate='units = 132.5')
add('arch','nan_power','NaN', sub(groq,'tdp_w = 300','tdp_w = nan'), 'power.tdp_w: must be a finite number', locate='tdp_w = nan')
add('arch','inf_bandwidth','infinity', sub(h100,'bandwidth_tbs = 3.35','bandwidth_tbs = inf'), 'memory.dram.bandwidth_tbs: must be a finite number', locate='bandwidth_tbs = inf')
add('arch','huge_bandwidth','1e308 TB/s: finite, but infinite once scaled to bytes/s', sub(h100,'bandwidth_tbs = 3.35','bandwidth_tbs = 1e308'), 'memory.dram.bandwidth_tbs: 1e+308 is absurdly large', locate='bandwidth_tbs = 1e308')
add('arch','huge_units','2^62 SMs', sub(h100,'units = 132 ','units = 4611686018427387904 '), 'compute.units: must be <= 1099511627776, got 4611686018427387904', locate='units = 4611686018427387904')
add('arch','huge_tile','a GEMM tile of 2^62 rows', sub(h100,'gemm_tile_m = [128, 128, 64, 64]','gemm_tile_m = [128, 128, 64, 4611686018427387904]'), 'compute.gemm_tile_m: elements must be <= 1099511627776', locate='gemm_tile_m =')
add('arch','tile_mismatch','tile menus of different lengths', sub(h100,'gemm_tile_n = [256, 128, 256, 128]','gemm_tile_n = [256, 128, 256]'), 'compute.gemm_tile_n: must have as many entries as gemm_tile_m', locate='gemm_tile_n =')
add('arch','skinny_tile_mismatch','skinny tile menus of different lengths', sub(h100,'gemm_tile_n = [256, 128, 256, 128]','gemm_tile_n = [256, 128, 256, 128]\nskinny_gemm_tile_m = [16, 32]\nskinny_gemm_tile_n = [128]'), 'compute.skinny_gemm_tile_n: must have as many entries as skinny_gemm_tile_m', locate='skinny_gemm_tile_n =')
add('arch','clock_order','boost clock below the tensor clock', sub(h100,'boost_clock_ghz = 1.98','boost_clock_ghz = 1.5'), 'compute.boost_clock_ghz: must be >= tensor_clock_ghz', locate='boost_clock_ghz = 1.5')
add('arch','utilization_above_one','a utilization above 1', sub(groq,'matmul_utilization = 0.8','matmul_utilization = 1.5'), 'compute.matmul_utilization: must be <= 1', locate='matmul_utilization = 1.5')
add('arch','unknown_family','a family that does not exist', sub(groq,'family = "sram_only"','family = "tpu"'), "chip.family: 'tpu' is not one of: gpu, hardwired_transformer", locate='family = "tpu"')
add('arch','missing_power','a missing required section', drop_section(drop_lines(groq, lambda l: l.startswith('"power.')), 'power'), 'power: missing required table', line=1)
add('arch','missing_links_sram_only','an SRAM-only chip without the links it needs', drop_section(drop_lines(groq, lambda l: l.startswith('"links.')), 'links'), "links: required for family 'sram_only'", line=1)
add('arch','mesh_on_sram_only','a family section on the wrong family ([mesh] on an SRAM-only chip)', sub(groq,'[power]','[mesh]\ncores = 10\nhop_latency_ns = 1\nlink_bandwidth_gbs = 1\n\n[power]'), "mesh: not part of family 'sram_only'", locate='[mesh]')
add('arch','hardwired_on_gpu','[hardwired] on a GPU', sub(h100,'[power]','[hardwired]\nsupported_features = ["gqa"]\n\n[power]'), "hardwired: not part of family 'gpu'", locate='[hardwired]')
add('arch','dram_on_sram_only','[memory.dram] on an SRAM-only chip', sub(groq,'[native_dtypes]','[memory.dram]\ntechnology = "DDR5"\ncapacity_gb = 1\nbandwidth_tbs = 1\nstreaming_efficiency = 1\n\n[native_dtypes]'), "memory.dram: not part of family 'sram_only'", locate='[memory.dram]')
add('arch','stacks_on_gddr','HBM stacks on a GDDR part', sub(sub(h100,'technology = "HBM3"','technology = "GDDR6"'),'stacks = 5','stacks = 5'), 'memory.dram.stacks: only HBM has stacks; technology is GDDR6', locate='stacks = 5')
add('arch','l2_zero_slices','an L2 of zero slices', sub(h100,'slices = 80','slices = 0'), 'memory.l2.slices: must be >= 1, got 0', locate='slices = 0')
add('arch','l2_negative_latency','a negative L2 hit latency', sub(h100,'latency_ns = 131','latency_ns = -131'), 'memory.l2.latency_ns: must be > 0, got -131', locate='latency_ns = -131')
# Found by an adversarial run (issue 14): values finite and positive but outside any chip.
add('arch','subnormal_bandwidth','a subnormal bandwidth (1e-320 TB/s: every memory time infinite)', sub(h100,'bandwidth_tbs = 3.35','bandwidth_tbs = 1e-320'), 'memory.dram.bandwidth_tbs: 9.99989e-321 is implausibly small', locate='bandwidth_tbs = 1e-320')
add('arch','subnormal_link','a subnormal link rate', sub(groq,'bandwidth_gbs = 240','bandwidth_gbs = 1e-320'), 'links.bandwidth_gbs: 9.99989e-321 is implausibly small', locate='bandwidth_gbs = 1e-320')
add('arch','subnormal_peak','a subnormal compute peak', sub(h100,'bf16 = 989.4','bf16 = 1e-320'), 'compute.dense_peak_tflops.bf16: 9.99989e-321 is implausibly small', locate='bf16 = 1e-320')
add('arch','tiny_sm_port','an L2 port of 1e-300 bytes per clock (saturated SystemC time at 9,223,372 s)', sub(h100,'sm_port_bytes_per_clock = 64','sm_port_bytes_per_clock = 1e-300'), 'memory.l2.sm_port_bytes_per_clock: 1e-300 is implausibly small', locate='sm_port_bytes_per_clock = 1e-300')
add('arch','fractional_row_bytes','a DRAM row of half a byte (SIGFPE in the SystemC engine)', sub(h100,'row_bytes = 1024','row_bytes = 0.5'), 'memory.dram.row_bytes: expected an integer', locate='row_bytes = 0.5')
add('arch','ansi_name','a chip name holding an ANSI escape sequence (clears the terminal)', sub(h100,'name = "NVIDIA H100 SXM5 80GB"','name = "\\u001b[2J\\u001b]0;owned\\u0007H100"'), 'chip.name: holds the control character 0x1b', locate='name = "\\u001b')
add('arch','deep_array','arrays nested 100 deep (50,000 overflowed the parser stack)', h100+'\nx = '+'['*100+']'*100+'\n', 'nested more than 64 levels deep', locate='x = [[[')
add('arch','deep_dotted_key','a dotted key 100 levels deep', h100+'\n'+'.'.join(['k']*101)+' = 1\n', 'nested more than 64 levels deep', locate='k.k.k')
add('arch','uncited_number','a number without a cited source', drop_lines(groq, lambda l: l.startswith('"power.tdp_w"')), "provenance: no source cited for 'power.tdp_w'", locate='[provenance]')
add('arch','citation_without_tag','a citation without its reliability tag', sub(groq,'"power.tdp_w" = "S: ','"power.tdp_w" = "'), 'provenance.power.tdp_w: expected "TAG: citation"', locate='"power.tdp_w"')
add('arch','missing_calibration','a GPU whose calibration file is missing', sub(h100,'calibration = "../../../../calibration/gpu_efficiency.toml"','calibration = "no_such_calibration.toml"'), 'chip.calibration: file not found', locate='calibration =')
add('arch','empty_file','an empty file', '', 'chip: missing required table', line=1)
add('arch','no_peaks','a compute section without any dtype peak', re.sub(r'\n(int8|fp16) = \d+', '', drop_lines(groq, lambda l: l.startswith('"compute.dense_peak_tflops'))), 'compute.dense_peak_tflops: needs at least one dtype', locate='[compute.dense_peak_tflops]')

# ---- workload
add('workload','zero_layers','zero layers', sub(llama,'layers = 32','layers = 0'), 'model.layers: must be >= 1, got 0', locate='layers = 0')
add('workload','huge_layers','2^62 layers: parameter counts and layer products would overflow int64', sub(llama,'layers = 32','layers = 4611686018427387904'), 'model.layers: must be <= 16777216, got 4611686018427387904', locate='layers = 4611')
add('workload','huge_hidden','a hidden size of 2^31', sub(llama,'hidden_size = 4096','hidden_size = 2147483648'), 'model.hidden_size: must be <= 16777216', locate='hidden_size =')
add('workload','negative_heads','negative heads', sub(llama,'heads = 32','heads = -32'), 'model.heads: must be >= 1, got -32', locate='heads = -32')
add('workload','kv_heads_not_dividing','kv_heads that do not divide heads', sub(llama,'kv_heads = 8','kv_heads = 7'), 'model.kv_heads: must divide heads (32)', locate='kv_heads = 7')
add('workload','missing_vocab','a missing required key', sub(llama,'vocab_size = 128256\n',''), 'model.vocab_size: missing required key', locate='[model]')
add('workload','missing_hidden_size','a missing key beside a valid key one word longer (ffn_hidden_size), not its misspelling', sub(llama,'\nhidden_size = 4096\n','\n'), 'model.hidden_size: missing required key', locate='[model]')
add('workload','string_layers','a count written as a string', sub(llama,'layers = 32','layers = "32"'), 'model.layers: expected an integer', locate='layers = "32"')
add('workload','float_layers','a count written as a float', sub(llama,'layers = 32','layers = 32.0'), 'model.layers: expected an integer', locate='layers = 32.0')
add('workload','unknown_dtype','an unknown dtype', sub(llama,'weights = "bf16"','weights = "bf12"'), "dtypes.weights: 'bf12' is not one of: bf16, fp16, fp8, int8, fp4, int4", locate='weights = "bf12"')
add('workload','unknown_activation','an unknown activation', sub(llama,'activation = "swiglu"','activation = "relu"'), "model.activation: 'relu' is not one of: swiglu, gelu", locate='activation = "relu"')
add('workload','missing_dtypes','a missing required section', drop_section(llama,'dtypes'), 'dtypes: missing required table', line=1)
add('workload','unknown_section','a section no decoder knows', llama+'\n[mlp]\nexperts = 8\n', 'mlp: unknown key', locate='[mlp]')
add('workload','moe_topk_above_experts','top-k above the expert count', sub(mixtral,'experts_per_token = 2','experts_per_token = 9'), 'moe.experts_per_token: must be <= experts (8)', locate='experts_per_token = 9')
add('workload','moe_huge_experts','2^40 experts', sub(mixtral,'experts = 8\n','experts = 1099511627776\n'), 'moe.experts: must be <= 16777216', locate='experts = 1099511627776')
add('workload','unterminated_string','an unterminated string', sub(llama,'name = "Llama 3 8B"','name = "Llama 3 8B'), 'malformed TOML', locate='name = "Llama 3 8B')
add('workload','huge_context','a context of 2^40 tokens', sub(llama,'max_context = 8192','max_context = 1099511627776'), 'model.max_context: must be <= 1073741824', locate='max_context =')

# ---- serving scenario
add('scenario','missing_workload_file','a scenario whose workload file is missing', sub(scen,'workload = "../../../../workloads/llama2_70b.toml"','workload = "no_such_model.toml"'), 'scenario.workload: file not found', locate='workload =')
add('scenario','zero_input_tokens','zero prompt tokens', sub(scen,'input_tokens = 222','input_tokens = 0'), 'scenario.input_tokens: must be >= 1, got 0', locate='input_tokens = 0')
add('scenario','huge_output_tokens','2^62 generated tokens', sub(scen,'output_tokens = 294','output_tokens = 4611686018427387904'), 'scenario.output_tokens: must be <= 1073741824', locate='output_tokens =')
add('scenario','uncited_tokens','a number without a cited source', drop_lines(scen, lambda l: l.startswith('"scenario.input_tokens"')), "provenance: no source cited for 'scenario.input_tokens'", locate='[provenance]')
add('scenario','missing_scenario','a missing [scenario] section', '[provenance]\n', 'scenario: missing required table', line=1)
add('scenario','unknown_key','a misspelt key', sub(scen,'output_tokens = 294','outptu_tokens = 294'), "scenario.outptu_tokens: unknown key; did you mean 'output_tokens'?", locate='outptu_tokens')
add('scenario','endless_arrivals','a Poisson stream with neither duration_s nor requests', drop_lines(drop_lines(server, lambda l: l.startswith('duration_s')), lambda l: l.startswith('"arrival.duration_s"')), 'arrival.process: needs duration_s or requests to end the stream', locate='process = "poisson"')
add('scenario','slo_percentile_over_100','an SLO at the 101st percentile', sub(server,'percentile = 99.0','percentile = 101.0'), 'slo.percentile: must be at most 100', locate='percentile = 101.0')
add('scenario','lengths_mean_mismatch','a lengths file whose mean prompt is not the scenario\'s', sub(server,'input_tokens = 222','input_tokens = 300'), 'arrival.lengths.file: its mean prompt is 222.3 tokens where scenario.input_tokens is 300', locate='file = "')
add('scenario','lengths_unknown_draw','a lengths draw that is not input or input_and_output', sub(server,'draw = "input"','draw = "output"'), "arrival.lengths.draw: 'output' is not one of", locate='draw = "output"')
add('scenario','lengths_file_missing','a lengths file that does not exist', sub(server,'file = "../../../../workloads/lengths/mlperf_llama2_70b.csv"','file = "no_such_lengths.csv"'), 'arrival.lengths.file: file not found', locate='file = "no_such_lengths.csv"')
add('scenario','lengths_on_closed_loop','lengths drawn for a closed loop of users', sub(sub(server,'process = "poisson"\nrate_per_s = 73.0','process = "closed"\nconcurrency = 8'),'"arrival.rate_per_s"','"arrival.concurrency"'), 'arrival.lengths.file: only Poisson arrivals draw their lengths', locate='file = "')
add('scenario','bad_dtype','an unknown dtype', sub(scen,'kv_cache = "fp8"','kv_cache = "fp7"'), "dtypes.kv_cache: 'fp7' is not one of", locate='kv_cache = "fp7"')
add('scenario','disaggregation_tp_not_dividing','a prefill pool tp that does not divide its chips', sub(disagg,'prefill_chips = 2\n','prefill_chips = 2\nprefill_tp = 4\n'), 'disaggregation.prefill_tp: 4 does not divide prefill_chips 2', locate='prefill_tp = 4')
add('scenario','disaggregation_zero_chips','a decode pool of no chips', sub(disagg,'decode_chips = 6','decode_chips = 0'), 'disaggregation.decode_chips: must be >= 1, got 0', locate='decode_chips = 0')
add('scenario','disaggregation_without_arrival','pools for a scenario with no [arrival] (the offline question)', drop_lines(drop_section(drop_section(disagg,'arrival'),'arrival.lengths'), lambda l: l.startswith('"arrival.')), 'disaggregation.prefill_chips: needs an [arrival] table', locate='prefill_chips = 2')

# ---- system
add('system','missing_chip_file','a system whose chip file is missing', sub(dgx,'chip = "../../../../archs/h100_sxm.toml"','chip = "no_such_chip.toml"'), 'system.chip: file not found', locate='chip =')
add('system','zero_chips_per_node','zero chips per node', sub(dgx,'chips_per_node = 8','chips_per_node = 0'), 'system.chips_per_node: must be >= 1, got 0', locate='chips_per_node = 0')
add('system','negative_scale_out','a negative bandwidth', sub(dgx,'bandwidth_gbs = 50','bandwidth_gbs = -50'), 'scale_out.bandwidth_gbs: must be > 0, got -50', locate='bandwidth_gbs = -50')
add('system','missing_collectives','a GPU cluster without the SMs its collectives hold', drop_section(drop_lines(dgx, lambda l: l.startswith('"collectives.')),'collectives'), 'collectives: a GPU cluster needs [collectives]', line=1)
add('system','zero_ring_channels','zero NCCL channels', sub(dgx,'ring_channels = 24','ring_channels = 0'), 'collectives.ring_channels: must be >= 1, got 0', locate='ring_channels = 0')
add('system','missing_scale_out','a missing required section', drop_section(drop_lines(dgx, lambda l: l.startswith('"scale_out.')),'scale_out'), 'scale_out: missing required table', line=1)

# ---- infeasible (exit 3): well-formed, but cannot run on one H100
big=sub(sub(sub(llama,'layers = 32','layers = 4096'),'name = "Llama 3 8B"','name = "Llama 3 8B stretched to 4096 layers"'),'# Meta Llama 3 8B.','# Llama 3 8B stretched to 4096 layers (~900B parameters).')
add('infeasible','does_not_fit','a model that does not fit on one H100 (~1.8 TB of weights)', big, 'does not fit on 1 x NVIDIA H100 SXM5 80GB', line=0, exit=3)

# ---- fuzz seeds: target -> (folder its fuzzer reads the document from, real files, catalogue
# files copied as bad_<name>.toml)
FUZZ={
  'arch': ('archs', ['archs/*.toml', 'archs/concepts/*.toml'],
           [('arch', n) for n in ('huge_bandwidth', 'malformed_toml', 'mesh_on_sram_only', 'unit_in_string')]),
  'workload': ('workloads', ['workloads/*.toml'],
               [('workload', n) for n in ('huge_layers', 'moe_topk_above_experts', 'unknown_section')]),
  'serving': ('workloads/scenarios', ['workloads/scenarios/*.toml'],
              [('scenario', n) for n in ('unknown_key', 'zero_input_tokens')]),
  'system': ('systems', ['systems/*.toml'],
             [('system', n) for n in ('missing_chip_file', 'missing_scale_out', 'negative_scale_out', 'zero_chips_per_node')]),
  'calibration': ('calibration', ['calibration/*.toml'], []),
  'sweep': ('reports/sweeps', ['reports/sweeps/*.toml', 'tests/data/sweep_small.toml'], []),
}

# Every file this script owns, path (from the root) -> text.
out={}
for kind,name,desc,text,expect,locate,exit,line in E:
    hdr=[f'# Bad input: {desc}.', f'# expect: {expect}']
    if exit!=2: hdr.append(f'# exit: {exit}')
    n_hdr=len(hdr)+1
    if line is None:
        idx=[i for i,l in enumerate(text.splitlines()) if locate in l]
        assert idx, (name, locate)
        line=idx[0]+1+n_hdr
    hdr.append(f'# line: {line}')
    out[f'tests/data/bad/{kind}/{name}.toml']='\n'.join(hdr)+'\n'+text
for target,(doc_dir,patterns,bad) in FUZZ.items():
    for pattern in patterns:
        for src in sorted(glob.glob(pattern, root_dir=R)):
            name=os.path.basename(src)
            assert f'tests/fuzz/corpus/{target}/{name}' not in out, src
            out[f'tests/fuzz/corpus/{target}/{name}']=rebase(rd(src), os.path.dirname(src), doc_dir)
    for kind,name in bad:
        src=f'tests/data/bad/{kind}/{name}.toml'
        out[f'tests/fuzz/corpus/{target}/bad_{name}.toml']=rebase(out[src], os.path.dirname(src), doc_dir)
# The .toml files in these folders are all this script's; any other is stale.
owned=[f'tests/data/bad/{k}' for k in ('arch', 'workload', 'scenario', 'system', 'infeasible')]
owned+=[f'tests/fuzz/corpus/{t}' for t in FUZZ]
present={os.path.relpath(p, R) for d in owned for p in glob.glob(os.path.join(R, d, '*.toml'))}

if sys.argv[1:]==['--check']:
    stale=sorted(p for p in out if p not in present or rd(p)!=out[p])
    extra=sorted(present-set(out))
    for p in stale: print(f'stale: {p}')
    for p in extra: print(f'not written by this script: {p}')
    if stale or extra:
        print('run: python3 tools/regenerate_test_inputs.py, and review the diff')
        sys.exit(1)
    print(f'{len(out)} test inputs match the files they copy')
    sys.exit(0)
if sys.argv[1:]:
    sys.exit('usage: regenerate_test_inputs.py [--check]')
for p in present-set(out): os.remove(os.path.join(R, p))
for p,text in out.items():
    os.makedirs(os.path.dirname(os.path.join(R, p)), exist_ok=True)
    open(os.path.join(R, p),'w').write(text)
print(f'{len(out)} files written under tests/data/bad/ and tests/fuzz/corpus/')
