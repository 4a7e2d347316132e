#!/usr/bin/env bash
# Writes the JSON of a fixed set of `xpusim run` points (every arch, both phases, single and
# multi-chip, both engines on a few) into DIR, one file per point, so that a refactor can be
# checked byte for byte: tools/golden_runs.sh build/xpusim before/ ; ... ; diff -r before after
set -uo pipefail
bin=${1:?usage: golden_runs.sh XPUSIM OUTDIR}
out=${2:?usage: golden_runs.sh XPUSIM OUTDIR}
mkdir -p "$out"
point() {  # name, then run arguments
  local name=$1; shift
  "$bin" run --json "$@" >"$out/$name.json" 2>"$out/$name.err"; echo "exit $?" >>"$out/$name.err"
}
for a in archs/*.toml archs/concepts/*.toml; do
  id=$(basename "$a" .toml)
  w=workloads/llama3_8b.toml
  case $id in silicon_llama70b) w=workloads/llama3_70b.toml ;; taalas_hc1) w=workloads/llama31_8b.toml ;; esac
  point "$id-decode-b1" --arch "$a" --workload "$w" --phase decode --batch 1 --context 1024
  point "$id-decode-b32" --arch "$a" --workload "$w" --phase decode --batch 32 --context 4096
  point "$id-prefill" --arch "$a" --workload "$w" --phase prefill --batch 1 --prompt 2048
  point "$id-70b-decode" --arch "$a" --workload workloads/llama3_70b.toml --phase decode --batch 8 --context 2048
  point "$id-mixtral" --arch "$a" --workload workloads/mixtral_8x7b.toml --phase decode --batch 8 --context 1024
done
for tp in 2 8; do
  point "h100-tp$tp" --arch archs/h100_sxm.toml --workload workloads/llama3_8b.toml --phase decode --batch 64 --context 1024 --parallel tp=$tp
done
point h100-pp4 --arch archs/h100_sxm.toml --workload workloads/llama3_70b.toml --phase decode --batch 8 --context 1024 --parallel tp=2,pp=4
point b200-dp8 --arch archs/b200.toml --workload workloads/llama3_8b.toml --phase decode --batch 64 --context 1024 --parallel dp=8
point h100-70b-tp8 --arch archs/h100_sxm.toml --workload workloads/llama3_70b.toml --phase prefill --batch 1 --prompt 4096 --parallel tp=8
point mixtral-ep --arch archs/h100_sxm.toml --workload workloads/mixtral_8x7b.toml --phase decode --batch 32 --context 1024 --parallel tp=2,ep=4
for e in systemc; do
  point "h100-decode-$e" --engine $e --arch archs/h100_sxm.toml --workload workloads/llama3_8b.toml --phase decode --batch 8 --context 1024 --layers 2
  point "h100-tp8-$e" --engine $e --arch archs/h100_sxm.toml --workload workloads/llama3_8b.toml --phase decode --batch 8 --context 1024 --layers 2 --parallel tp=8
  point "groq-$e" --engine $e --arch archs/groq_lpu.toml --workload workloads/llama3_8b.toml --phase decode --batch 1 --context 1024
  point "wse3-$e" --engine $e --arch archs/cerebras_wse3.toml --workload workloads/llama3_8b.toml --phase decode --batch 1 --context 1024
  point "sohu-$e" --engine $e --arch archs/etched_sohu.toml --workload workloads/llama3_8b.toml --phase decode --batch 32 --context 1024
done
