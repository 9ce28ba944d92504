#!/bin/bash
# Times the exact explanation of the 10,000 MNIST test images through a 784-256-256-10 ReLU network:
# ours (dense fast path, and the DJL path) against the PyTorch peer, on the same model and images.
#
# usage: bench/mnist-explain.sh [extra ExplainMnistBenchmark options, e.g. --repeat 5 --skip-djl]
# environment: PEER (peer script, default ../shared/peers/torch_re3.py relative to the repository),
#              PYTHON (default /usr/bin/python3), MODEL (default target/bench/mnist-784-256-256-10.json),
#              IMAGES (default datasets/mnist/t10k-images-idx3-ubyte.gz, else ../shared/datasets/mnist/...),
#              N (default 10000), THREADS (peer threads, default 2), JAVA_OPTS (default -Xms8g -Xmx8g:
#              a fixed heap, so that the garbage collector does not shrink and regrow it between runs)
set -euo pipefail
cd "$(dirname "$0")/.."

PEER=${PEER:-../shared/peers/torch_re3.py}
PYTHON=${PYTHON:-/usr/bin/python3}
MODEL=${MODEL:-target/bench/mnist-784-256-256-10.json}
N=${N:-10000}
THREADS=${THREADS:-2}
JAVA_OPTS=${JAVA_OPTS:--Xms8g -Xmx8g}
if [ -z "${IMAGES:-}" ]; then
  IMAGES=datasets/mnist/t10k-images-idx3-ubyte.gz
  [ -f "$IMAGES" ] || IMAGES=../shared/datasets/mnist/t10k-images-idx3-ubyte.gz
fi
[ -f "$IMAGES" ] || { echo "no MNIST test images at $IMAGES (set IMAGES=...)" >&2; exit 1; }

. bench/classpath.sh
bench_classpath ExplainMnistBenchmark

MAIN=dev.re3.bench.ExplainMnistBenchmark
# the model: trained with a seed on MNIST train (or He-initialised with --init he), once, in its own JVM
if [ ! -f "$MODEL" ]; then
  java -Xmx8g -Dai.djl.offline=true -cp "$CP" $MAIN --prepare --model "$MODEL" --images "$IMAGES" "$@"
fi
exec java $JAVA_OPTS --add-modules jdk.incubator.vector -Dai.djl.offline=true -cp "$CP" \
  $MAIN --model "$MODEL" --images "$IMAGES" --n "$N" --peer "$PEER" --python "$PYTHON" --threads "$THREADS" "$@"
