package dev.re3.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.apache.spark.sql.Row;

/**
 * A partition's rows taken {@code size} at a time: each batch goes through the engine in one call and its
 * output rows are handed on before the next batch is read, so that a partition never holds more than one batch
 * of results. Extra rows (one per partition, e.g. its partial sums) come after the last batch.
 */
final class Batches implements Iterator<Row> {
    private final Iterator<Row> in;
    private final int size;
    private final Function<List<Row>, List<Row>> step;
    private final java.util.function.Supplier<List<Row>> last;
    private Iterator<Row> out = Collections.emptyIterator();
    private boolean finished;

    private Batches(Iterator<Row> in, int size, Function<List<Row>, List<Row>> step,
                    java.util.function.Supplier<List<Row>> last) {
        this.in = in;
        this.size = size;
        this.step = step;
        this.last = last;
    }

    /** The rows of {@code in} in batches of {@code size}, each turned into output rows by {@code step}. */
    static Iterator<Row> of(Iterator<Row> in, int size, Function<List<Row>, List<Row>> step) {
        return new Batches(in, size, step, List::of);
    }

    /** As {@link #of}, followed by the rows {@code last} gives once every batch is done. */
    static Iterator<Row> of(Iterator<Row> in, int size, Function<List<Row>, List<Row>> step,
                            java.util.function.Supplier<List<Row>> last) {
        return new Batches(in, size, step, last);
    }

    @Override
    public boolean hasNext() {
        while (!out.hasNext()) {
            if (in.hasNext()) {
                List<Row> batch = new ArrayList<>(size);
                while (batch.size() < size && in.hasNext()) {
                    batch.add(in.next());
                }
                out = step.apply(batch).iterator();
            } else if (!finished) {
                finished = true;
                out = last.get().iterator();
            } else {
                return false;
            }
        }
        return true;
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more rows in this partition");
        }
        return out.next();
    }
}
