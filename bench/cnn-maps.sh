#!/bin/bash
# Times the full local maps (every class) of MNIST test images through the small MNIST CNN
# (conv3x3x8-relu-maxpool2-conv3x3x16-relu-maxpool2-flatten-dense10): ours against the PyTorch peer,
# on the same model and images, in one run.
#
# usage: bench/cnn-maps.sh [--repeat 3]
# environment: PEER (default ../shared/peers/torch_attr.py), PYTHON (default /usr/bin/python3),
#              MODEL (default target/bench/mnist-cnn.json, trained once with a seed by 're3 train --cnn'),
#              IMAGES (default datasets/mnist/t10k-images-idx3-ubyte.gz), N (default 1000), THREADS (default 2),
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
IMAGES=${IMAGES:-datasets/mnist/t10k-images-idx3-ubyte.gz}
[ -f "$IMAGES" ] || { echo "no MNIST test images at $IMAGES (set IMAGES=...)" >&2; exit 1; }

. bench/classpath.sh
bench_classpath CnnMapsBenchmark
if [ ! -f "$MODEL" ]; then
  mkdir -p "$(dirname "$MODEL")"
  bin/re3 train --data mnist --cnn --epochs 2 --limit 20000 --seed 7 --out "$MODEL" >&2
fi
exec java $JAVA_OPTS --add-modules jdk.incubator.vector -Dai.djl.offline=true -cp "$CP" dev.re3.bench.CnnMapsBenchmark \
  --model "$MODEL" --images "$IMAGES" --n "$N" --peer "$PEER" --python "$PYTHON" --threads "$THREADS" "$@"
