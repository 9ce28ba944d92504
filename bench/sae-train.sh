#!/bin/bash
# Trains TopK and ReLU-L1 SAEs on the same synthetic matrix with the same settings here (DJL) and with the
# PyTorch peer ../shared/peers/torch_sae.py, and prints both lines side by side: seconds, samples/s, MSE, FVU,
# L0, dead fraction. Note: the ReLU variant here weights L1 by decoder-row norms and does not constrain the
# decoder; the peer constrains it to unit norm (the penalties agree when the norms are 1).
# usage: bench/sae-train.sh   environment: N (8192 rows), D (64), LATENTS (512), K (16), EPOCHS (5), BATCH (1024)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-8192}; D=${D:-64}; LATENTS=${LATENTS:-512}; K=${K:-16}; EPOCHS=${EPOCHS:-5}; BATCH=${BATCH:-1024}
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
echo -e "kind\tseconds\tsamples/s\tmse\tfvu\tl0\tdead"
for KIND in topk relu; do
  /usr/bin/python3 "$PEER" "$DATA" --kind $KIND --latents $LATENTS --k $K --l1 1e-3 --lr 1e-3 --batch $BATCH --epochs $EPOCHS --seed 0 --threads 2 | tail -1
  java -Dai.djl.offline=true -Dre3.progress=false -cp "$CP" \
    dev.re3.bench.SaeTrainBenchmark "$DATA" $KIND $LATENTS $K 1e-3 1e-3 $BATCH $EPOCHS 0 2>/dev/null
done
