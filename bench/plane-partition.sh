#!/bin/bash
# Times the exact partition of a plane through three MNIST test images into linear regions, for the
# 784-256-256-10 ReLU MLP and the MNIST CNN: polygons, seconds, polygons per second.
#
# usage: bench/plane-partition.sh [extra PlanePartitionBenchmark options, e.g. --repeat 5 --only mlp --domain 0,1,0,1
#        --cnn-domain 0.3,0.4,0.3,0.4]
# The MLP is timed on the plane's default rectangle [-0.25,1.25]^2; the CNN, which cuts it into ~5 million polygons,
# on [0.25,0.45]^2 unless --cnn-domain says otherwise.
# environment: MLP (default target/bench/mnist-784-256-256-10.json), CNN (default target/bench/mnist-cnn.json),
#              THREADS (default 2), JAVA_OPTS (default -Xmx8g)
# A missing model file is trained (seeded) on the MNIST training images and written there first.
set -euo pipefail
cd "$(dirname "$0")/.."

MLP=${MLP:-target/bench/mnist-784-256-256-10.json}
CNN=${CNN:-target/bench/mnist-cnn.json}
THREADS=${THREADS:-2}
JAVA_OPTS=${JAVA_OPTS:--Xmx8g}

# build the test classes when a source is newer than the benchmark class
CLASS=target/test-classes/dev/re3/bench/PlanePartitionBenchmark.class
if [ ! -f "$CLASS" ] || [ -n "$(find src pom.xml -newer "$CLASS" -name '*.java' -o -newer "$CLASS" -name pom.xml | head -1)" ]; then
  echo "building test classes ..." >&2
  mvn -o -q -B test-compile >&2
fi
CP_FILE=target/bench.classpath
if [ ! -f "$CP_FILE" ] || [ pom.xml -nt "$CP_FILE" ]; then
  mvn -o -q -B dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >&2
fi

exec java $JAVA_OPTS --add-modules jdk.incubator.vector -Dai.djl.offline=true \
  -cp "target/classes:target/test-classes:$(cat "$CP_FILE")" \
  dev.re3.bench.PlanePartitionBenchmark --mlp "$MLP" --cnn "$CNN" --threads "$THREADS" "$@"
