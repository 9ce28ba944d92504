package dev.re3.spark;

import org.apache.spark.sql.SparkSession;

/** The test session: two worker threads, each task tried up to twice, loopback only, no UI. */
final class SparkSessions {
    private SparkSessions() {}

    static SparkSession start(String name) {
        SparkSession s = SparkSession.builder().appName(name).master("local[2,2]")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
        s.sparkContext().setLogLevel("ERROR");
        return s;
    }
}
