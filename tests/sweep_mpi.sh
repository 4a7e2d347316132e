#!/bin/sh
# The same sweep over 2 MPI ranks and in one process must write the same bytes, with the analytic
# engine (threads in each rank) and with the SystemC engine (worker processes in each rank).
# Exit 77 (skipped) where mpirun is not installed or xpusim was built without MPI.
set -eu
xpusim=$1
command -v mpirun >/dev/null 2>&1 || { echo "mpirun not installed: skipped"; exit 77; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$xpusim" sweep tests/data/sweep_small.toml --out "$out/single" --jobs 1
if ! mpirun --allow-run-as-root --oversubscribe -np 2 "$xpusim" sweep tests/data/sweep_small.toml \
    --out "$out/mpi" --jobs 1 2>"$out/mpi.err"; then
  if grep -q "built without MPI" "$out/mpi.err"; then echo "xpusim built without MPI: skipped"; exit 77; fi
  cat "$out/mpi.err"
  exit 1
fi
for f in results.jsonl results.csv pareto.csv sweep.toml; do
  cmp "$out/single/$f" "$out/mpi/$f"
done
echo "2 ranks and 1 process wrote identical files"

# The SystemC engine under mpirun: each rank forks one worker process per point, as --jobs does.
if ! "$xpusim" sweep --help 2>&1 | grep -q systemc; then
  echo "xpusim built without SystemC: the SystemC half skipped"; exit 0
fi
"$xpusim" sweep tests/data/sweep_tp_arch.toml --engine systemc --out "$out/sc_single" --jobs 1
mpirun --allow-run-as-root --oversubscribe -np 2 "$xpusim" sweep tests/data/sweep_tp_arch.toml \
  --engine systemc --out "$out/sc_mpi" --jobs 1
for f in results.jsonl results.csv pareto.csv; do
  cmp "$out/sc_single/$f" "$out/sc_mpi/$f"
done
echo "the SystemC engine over 2 ranks wrote what one process writes"
