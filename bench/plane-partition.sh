#!/bin/bash
# Times the exact partition of a plane through three MNIST test images into linear regions, for the
# 784-256-256-10 ReLU MLP and the MNIST CNN: polygons, seconds, polygons per second.
#
# usage: bench/plane-partition.sh [extra PlanePartitionBenchmark options, e.g. --repeat 5 --only mlp --domain 0,1,0,1
#        --cnn-domain 0.3,0.4,0.3,0.4]
# The MLP is timed on the plane's default rectangle [-0.25,1.25]^2; the CNN, which cuts it into ~5 million polygons,
# on [0.25,0.45]^2 unless --cnn-domain says otherwise.
# environment: MLP (default target/bench/mnist-784-256-256-10.json), CNN (default target/bench/mnist-cnn.json),
#              THREADS (default 2), JAVA_OPTS (default -Xmx8g; this benchmark was measured slower with the heap
#              touched at start-up, -Xms4g -XX:+AlwaysPreTouch, than without)
# A missing model file is trained (seeded) on the MNIST training images and written there first.
set -euo pipefail
cd "$(dirname "$0")/.."

MLP=${MLP:-target/bench/mnist-784-256-256-10.json}
CNN=${CNN:-target/bench/mnist-cnn.json}
THREADS=${THREADS:-2}
JAVA_OPTS=${JAVA_OPTS:--Xmx8g}

. bench/classpath.sh
bench_classpath PlanePartitionBenchmark

exec java $JAVA_OPTS --add-modules jdk.incubator.vector -Dai.djl.offline=true \
  -cp "$CP" \
  dev.re3.bench.PlanePartitionBenchmark --mlp "$MLP" --cnn "$CNN" --threads "$THREADS" "$@"
