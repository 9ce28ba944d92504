#!/bin/bash
# Times attributions of MNIST test images through the small MNIST CNN: gradient, integrated gradients (50 steps
# and exact), SmoothGrad (50 samples) and the excitation pullback, ours against the PyTorch peer, side by side.
#
# usage: bench/attribution.sh [--repeat 3] [extra AttributionBenchmark options]
# environment: PEER (default ../shared/peers/torch_attr.py), PYTHON (default /usr/bin/python3),
#              MODEL (default target/bench/mnist-cnn.json, trained once if missing), N (default 1000),
#              IMAGES (default datasets/mnist/t10k-images-idx3-ubyte.gz, else ../shared/datasets/mnist/...),
#              THREADS (peer threads, default 2),
#              JAVA_OPTS (default -Xms4g -Xmx4g -XX:+AlwaysPreTouch: the heap is touched at start-up,
#              so that no timing pays the first-touch page faults of a fresh heap)
set -euo pipefail
cd "$(dirname "$0")/.."

PEER=${PEER:-../shared/peers/torch_attr.py}
PYTHON=${PYTHON:-/usr/bin/python3}
MODEL=${MODEL:-target/bench/mnist-cnn.json}
N=${N:-1000}
THREADS=${THREADS:-2}
JAVA_OPTS=${JAVA_OPTS:--Xms4g -Xmx4g -XX:+AlwaysPreTouch}
if [ -z "${IMAGES:-}" ]; then
  IMAGES=../shared/datasets/mnist/t10k-images-idx3-ubyte.gz
  [ -f datasets/mnist/train-labels-idx1-ubyte.gz ] && IMAGES=datasets/mnist/t10k-images-idx3-ubyte.gz
fi
[ -f "$IMAGES" ] || { echo "no MNIST test images at $IMAGES (set IMAGES=...)" >&2; exit 1; }

. bench/classpath.sh
bench_classpath AttributionBenchmark
exec java $JAVA_OPTS --add-modules jdk.incubator.vector -Dai.djl.offline=true -cp "$CP" \
  dev.re3.bench.AttributionBenchmark --model "$MODEL" --images "$IMAGES" --n "$N" --peer "$PEER" \
  --python "$PYTHON" --threads "$THREADS" "$@"
