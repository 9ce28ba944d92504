/**
 * Re3 on Apache Spark: exact explanations, region statistics and site activations of a {@code Dataset<Row>},
 * computed where the data lives.
 *
 * <p>{@link dev.re3.spark.SparkRe3} is the one object a user needs: it broadcasts the network once, reads an
 * {@code array<double>} (or Spark ML vector) column, and hands every partition to the engine in large batches
 * ({@link dev.re3.region.LocalMaps} through {@code Re3.regions}, {@link dev.re3.region.SiteForward},
 * {@link dev.re3.region.Pullback}). Per row it adds the prediction, logits, pattern, region id, reconstruction
 * error and contributions ({@link dev.re3.spark.SparkRe3#explain}); over a dataset it aggregates the region
 * statistics of {@code Re3.explainAll} with Spark ({@link dev.re3.spark.RegionStatistics}); at a site it gives
 * activations and activation x gradient contributions as rows ready for SAE training
 * ({@link dev.re3.spark.SparkRe3#activations}, {@link dev.re3.spark.SparkRe3#contributions}).
 *
 * <p>Spark is a {@code provided} dependency: a cluster brings its own, and no package outside this one refers
 * to it, so the rest of the library runs without Spark on the class path. The computations are pure functions
 * of each partition's rows, so a task that Spark retries gives the same rows again and nothing is counted twice.
 */
package dev.re3.spark;
