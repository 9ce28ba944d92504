#!/bin/bash
# Region statistics of the 60,000 MNIST training images through the 784-256-256-10 MLP of mnist-explain.sh:
# Re3.explainAll in one JVM against SparkRe3.statistics on local[2], rows per second side by side.
#
# usage: bench/spark-regions.sh [--n 60000] [--master local[2]] [--partitions 4]
# environment: MODEL (default target/bench/mnist-784-256-256-10.json, made as in mnist-explain.sh when missing),
#              IMAGES, LABELS (default datasets/mnist/train-*-ubyte.gz, else ../shared/datasets/mnist/...),
#              JAVA_OPTS (default -Xms8g -Xmx8g)
set -euo pipefail
cd "$(dirname "$0")/.."

MODEL=${MODEL:-target/bench/mnist-784-256-256-10.json}
JAVA_OPTS=${JAVA_OPTS:--Xms8g -Xmx8g}
DIR=datasets/mnist
[ -f "$DIR/train-images-idx3-ubyte.gz" ] || DIR=../shared/datasets/mnist
IMAGES=${IMAGES:-$DIR/train-images-idx3-ubyte.gz}
LABELS=${LABELS:-$DIR/train-labels-idx1-ubyte.gz}
[ -f "$IMAGES" ] || { echo "no MNIST training images at $IMAGES (set IMAGES=...)" >&2; exit 1; }

. bench/classpath.sh
bench_classpath SparkRegionsBenchmark
# Spark's own module flags (its JavaModuleOptions), and loopback only
OPENS=$(sed -n 's:.*<spark.opens>\(.*\)</spark.opens>.*:\1:p' pom.xml)
export SPARK_LOCAL_IP=127.0.0.1
# shellcheck disable=SC2086
exec java $JAVA_OPTS $OPENS --add-modules jdk.incubator.vector -Dai.djl.offline=true -cp "$CP" \
  dev.re3.bench.SparkRegionsBenchmark --model "$MODEL" --images "$IMAGES" --labels "$LABELS" "$@"
