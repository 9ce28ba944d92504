#!/bin/bash
# Times activation-times-gradient contributions at every ReLU site for the 10,000 MNIST test images through
# the small CNN: ours against the PyTorch peer (torch_attr.py --methods contributions), side by side.
#
# usage: bench/contributions.sh [extra ContributionsBenchmark options, e.g. --repeat 3]
# environment: MODEL (default target/bench/mnist-cnn.json, trained once with 're3 train --data mnist --cnn' if
#              missing), IMAGES (default datasets/mnist/t10k-images-idx3-ubyte.gz, else ../shared/datasets/...),
#              N (default 10000), PEER (default ../shared/peers/torch_attr.py), PYTHON (default /usr/bin/python3),
#              THREADS (peer threads, default 2),
#              JAVA_OPTS (default -Xms4g -Xmx4g -XX:+AlwaysPreTouch: the heap is touched at start-up,
#              so that no timing pays the first-touch page faults of a fresh heap)
set -euo pipefail
cd "$(dirname "$0")/.."

PEER=${PEER:-../shared/peers/torch_attr.py}
PYTHON=${PYTHON:-/usr/bin/python3}
MODEL=${MODEL:-target/bench/mnist-cnn.json}
N=${N:-10000}
THREADS=${THREADS:-2}
JAVA_OPTS=${JAVA_OPTS:--Xms4g -Xmx4g -XX:+AlwaysPreTouch}
if [ -z "${IMAGES:-}" ]; then
  IMAGES=datasets/mnist/t10k-images-idx3-ubyte.gz
  [ -f "$IMAGES" ] || IMAGES=../shared/datasets/mnist/t10k-images-idx3-ubyte.gz
fi
[ -f "$IMAGES" ] || { echo "no MNIST test images at $IMAGES (set IMAGES=...)" >&2; exit 1; }

. bench/classpath.sh
bench_classpath ContributionsBenchmark
if [ ! -f "$MODEL" ]; then
  mkdir -p "$(dirname "$MODEL")"
  bin/re3 train --data mnist --cnn --limit 10000 --epochs 1 --seed 7 --out "$MODEL" >&2
fi
exec java $JAVA_OPTS --add-modules jdk.incubator.vector -Dai.djl.offline=true -cp "$CP" \
  dev.re3.bench.ContributionsBenchmark --model "$MODEL" --images "$IMAGES" --n "$N" --peer "$PEER" --python "$PYTHON" \
  --threads "$THREADS" "$@"
