#!/usr/bin/env bash
# Regenerates the data and the three figures of docs/replica.md (Qiu & Huang Figs. 3-5):
#   docs/replica.png  order parameters against g (finite beta and zero temperature)
#   docs/dmft.png     DMFT C(0), Delta0, R_int against g for gamma = 0, 0.2, 0.5 with networks
#   docs/fdr.png      the fluctuation-response relation on Langevin runs
# Data go to docs/data/. Not run in CI: about 1-2 hours of one core (the sampled DMFT points
# and the N = 1000 networks dominate). Usage: tools/figures_replica.sh [build/host/bin/edgechaos]
# Environment: THREADS (network sweep threads, default 1); PARTS (default "replica dmft fdr").
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/host/bin/edgechaos}
THREADS=${THREADS:-1}
PARTS=${PARTS:-replica dmft fdr}
want() { [[ " $PARTS " == *" $1 "* ]]; }
mkdir -p docs/data
[ -x "$BIN" ] || { echo "no $BIN: build the edgechaos_cli target first" >&2; exit 2; }

# Fig. 3: deterministic, seconds.
want replica && "$BIN" plot replica --binary "$BIN" --out docs/replica.png --beta 10

# Fig. 4: networks N = 1000, 2 seeds, RK4 dt 0.1, 100 time units transient, 200 measured.
if want dmft; then
"$BIN" sweep --g 1.0:2.5:0.5 --gamma 0,0.2,0.5 --n 1000 --seeds 2 --steps 3000 --transient 1000 \
  --threads "$THREADS" --out docs/data/dmft_sweep.csv > /dev/null
# Theory: SCS at gamma = 0, the sampler (128 paths, dt 0.05, seed 1) at gamma = 0.2, 0.5 at
# the network gains (the null phase, g(1+gamma) < 1, is x = 0: see the gamma = 0 curve).
"$BIN" plot dmft --binary "$BIN" --gains 1.0,1.5,2.0,2.5 --paths 128 \
  --theory-csv docs/data/dmft_theory.csv --sweep docs/data/dmft_sweep.csv --out docs/dmft.png
fi

# Fig. 5: Langevin runs (N = 200, dt 0.0025, 4 replicas, 2000 annealing + 20000 measured steps).
want fdr || exit 0
: > docs/data/langevin_fdr.jsonl
for p in "0.5 0.5 5" "0.5 0.5 10" "1.2 -0.5 5" "0.45 1 10" "1.5 0.5 3" "1.5 0 3" "0.8 0 10" "1.0 0.2 5"; do
  set -- $p
  "$BIN" langevin --n 200 --g "$1" --gamma "$2" --beta "$3" --dt 0.0025 --anneal-steps 2000 \
    --measure-steps 20000 --seed 1 >> docs/data/langevin_fdr.jsonl
done
"$BIN" plot fdr docs/data/langevin_fdr.jsonl --binary "$BIN" --out docs/fdr.png
