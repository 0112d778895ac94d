#!/bin/sh
# Regenerates the reservoir quality tables and the memory-capacity figure (issue 10):
# every number in docs/reservoir.md comes from the JSON this writes to docs/data/reservoir/.
# Not in CI (about 15 minutes on 2 cores). Usage: tools/reservoir_report.sh [build/host/bin/edgechaos]
set -eu
bin=${1:-build/host/bin/edgechaos}
out=docs/data/reservoir
mkdir -p "$out"
run() { name=$1; shift; echo "$name: $*" >&2; "$bin" reservoir "$@" > "$out/$name.json"; }

# NARMA10 and Mackey-Glass with the protocol of RESERVOIR.md section 4 (grid search, 5 seeds).
for n in 50 100 200; do run narma10_esn_n$n --task narma10 --n $n --search; done
run narma10_esn_n200_augmented --task narma10 --n 200 --search --features augmented
run narma10_rate_n200 --task narma10 --model rate --connectivity 0.1 --n 200 --search
for h in 1 10; do run mackey_glass_h${h}_esn_n100 --task mackey-glass --n 100 --horizon $h --search; done
# NARMA10 with a bias b_i = +-B (Bernoulli) in the reservoir, otherwise the same protocol and
# grid. B is chosen by the protocol's own criterion, the validation NRMSE (field
# search.validation_nrmse), over B in {0.1, 0.2, 0.3, 0.5, 1}: B = 0.2 wins at N = 200 and 100,
# no bias at N = 50.
for n in 50 100 200; do
  for b in 0.1 0.2 0.3 0.5 1; do run narma10_esn_n${n}_bias$b --task narma10 --n $n --search --bias $b; done
done
run narma10_rate_n200_bias0.2 --task narma10 --model rate --connectivity 0.1 --n 200 --search --bias 0.2
# Mackey-Glass free run (teacher-forced one-step training, then the output fed back), N = 100:
# input centred (offset 0.9) with a bias +-0.2, leak 0.3, sr 1.1, input scaling 1, alpha 1e-5,
# chosen on tuning seeds 101..105 (nrmse_free_lyapunov) and reported on seeds 1..5.
run mackey_glass_free_esn_n100 --task mackey-glass --n 100 --generative --seeds 5 --input-offset 0.9 --bias 0.2 \
  --sr 1.1 --leak 0.3 --input-scaling 1 --ridge 1e-5
run mackey_glass_free_esn_n100_untuned --task mackey-glass --n 100 --generative --seeds 5 --sr 1.1 --ridge 1e-2
# The tuning behind that choice (72 configurations, about 6 minutes): TUNE=1 tools/reservoir_report.sh.
if [ "${TUNE:-0}" = 1 ]; then
  tune=$out/mackey_glass_free_tuning.txt
  echo "# Mackey-Glass free run, N = 100, tuning seeds 101..105, input offset 0.9, bias 0.2 (tools/reservoir_report.sh with TUNE=1)." > "$tune"
  echo "# columns: features alpha sr leak input_scaling mean_nrmse_free_lyapunov mean_nrmse_free_84 per-seed_nrmse_free_lyapunov (a diverged seed counts 1e9)" >> "$tune"
  for f in state state-input; do for a in 1e-5 1e-4 1e-3; do for sr in 0.9 1.1 1.25; do for l in 0.3 1; do for s in 0.5 1; do
    r=$("$bin" reservoir --task mackey-glass --n 100 --generative --seed 101 --seeds 5 --input-offset 0.9 --bias 0.2 \
          --features $f --ridge $a --sr $sr --leak $l --input-scaling $s 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
m = lambda v: sum(x if x is not None else 1e9 for x in v) / len(v)
v = d["nrmse_free_lyapunov_per_seed"]
print("%.4g %.4g" % (m(v), m(d["nrmse_free_84_per_seed"])), [round(x, 3) if x else None for x in v])')
    echo "$f $a $sr $l $s $r" >> "$tune"
  done; done; done; done; done
fi
# The device trainers against the double fit on the same reservoirs (5 seeds, fixed point of the grid).
for t in ridge streaming; do run narma10_esn_n100_$t --task narma10 --n 100 --input-scaling 0.1 --ridge 1e-6 --seeds 5 --trainer $t; done
run narma10_esn_n100_rls --task narma10 --n 100 --input-scaling 0.1 --ridge 1e-6 --seeds 5 --trainer rls
run narma10_esn_n100_ridge_1e-4 --task narma10 --n 100 --input-scaling 0.1 --ridge 1e-4 --seeds 5 --trainer ridge
# Memory capacity at N = 100 (input scaling 0.1, k_max = 2N, 6000 samples, last 2000 test).
run memory_esn_n100 --task memory --n 100 --seeds 5
run memory_sweep_esn_n100 --task memory --n 100 --sweep-g 0.1:1.5:0.1 --seeds 3
run memory_sweep_rate_n100 --task memory --model rate --connectivity 1 --dt 1 --hold 1 --n 100 --sweep-g 0.1:2.0:0.1 --seeds 3
"$bin" plot memory "$out/memory_sweep_rate_n100.json" "$out/memory_sweep_esn_n100.json" --out docs/memory.png \
  --title "Memory capacity at N = 100 against g (rate) and sr (ESN)"
# FORCE (RESERVOIR.md section 6): N = 1000 period 120 over 10 seeds; N = 128 period 30 over 10 seeds.
run force_n1000 --task force --n 1000 --seeds 10
run force_n128_p30 --task force --n 128 --period 30 --seeds 10
run nvar_lorenz --task nvar-lorenz --seeds 10
