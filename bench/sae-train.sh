#!/bin/bash
# Trains TopK and ReLU-L1 SAEs on the same synthetic matrix with the same settings here (DJL) and with the
# PyTorch peer ../shared/peers/torch_sae.py, and prints both lines side by side: seconds, samples/s, MSE, FVU,
# L0, dead fraction. Note: the ReLU variant here weights L1 by decoder-row norms and does not constrain the
# decoder; the peer constrains it to unit norm (the penalties agree when the norms are 1).
# Each side trains once per seed; the summary gives the median throughput and the mean (and sd) of the final FVU,
# since one seed's FVU differs from another's by more than the two implementations differ.
# usage: bench/sae-train.sh   environment: N (8192 rows), D (64), LATENTS (512), K (16), EPOCHS (5), BATCH (1024),
#        SEEDS ("0 1 2 3 4")
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-8192}; D=${D:-64}; LATENTS=${LATENTS:-512}; K=${K:-16}; EPOCHS=${EPOCHS:-5}; BATCH=${BATCH:-1024}
SEEDS=${SEEDS:-0 1 2 3 4}
PEER=${PEER:-/work/shared/peers/torch_sae.py}
mkdir -p target/bench
DATA=target/bench/sae-data.csv
/usr/bin/python3 - "$N" "$D" "$DATA" <<'PY'
import sys, numpy as np
n, d, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
g = np.random.default_rng(0)
f = g.normal(size=(4 * d, d)); f /= np.linalg.norm(f, axis=1, keepdims=True)
x = np.zeros((n, d))
for i in range(n):
    idx = g.choice(len(f), 8, replace=False)
    x[i] = (g.uniform(0.5, 1.5, 8)[:, None] * f[idx]).sum(0)
np.savetxt(out, x, delimiter=",", fmt="%.7g")
PY
. bench/classpath.sh
bench_classpath SaeTrainBenchmark
echo -e "side\tkind\tseed\tseconds\tsamples/s\tmse\tfvu\tl0\tdead"
RUNS=$(mktemp)
trap 'rm -f "$RUNS"' EXIT
for KIND in topk relu; do
  for SEED in $SEEDS; do
    # alternate the two sides seed by seed, so that a busy spell of the machine falls on both
    /usr/bin/python3 "$PEER" "$DATA" --kind $KIND --latents $LATENTS --k $K --l1 1e-3 --lr 1e-3 --batch $BATCH \
      --epochs $EPOCHS --seed $SEED --threads 2 | tail -1 | cut -f1-7 | sed "s/^/pytorch\t/; s/\t/\t$SEED\t/2" | tee -a "$RUNS"
    java -Dai.djl.offline=true -Dre3.progress=false -cp "$CP" \
      dev.re3.bench.SaeTrainBenchmark "$DATA" $KIND $LATENTS $K 1e-3 1e-3 $BATCH $EPOCHS $SEED 2>/dev/null \
      | cut -f1-7 | sed "s/^/re3\t/; s/\t/\t$SEED\t/2" | tee -a "$RUNS"
  done
done
echo
echo "summary over seeds $SEEDS (n=$N d=$D latents=$LATENTS k=$K batch=$BATCH epochs=$EPOCHS; peer threads 2)"
/usr/bin/python3 - "$RUNS" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
print("side\tkind\tmedian samples/s\tmean fvu (sd)\tmean l0")
for kind in ("topk", "relu"):
    for side in ("pytorch", "re3"):
        r = [x for x in rows if x[0] == side and x[1] == kind]
        fvu = [float(x[6]) for x in r]
        sd = statistics.stdev(fvu) if len(fvu) > 1 else 0.0
        print(f"{side}\t{kind}\t{statistics.median(float(x[4]) for x in r):.0f}\t{statistics.mean(fvu):.4f} ({sd:.4f})"
              f"\t{statistics.mean(float(x[7]) for x in r):.2f}")
PY
