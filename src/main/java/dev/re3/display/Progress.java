package dev.re3.display;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A progress bar for long work (explaining a whole dataset, training): in a notebook one output that is
 * updated in place, on a terminal one line on standard error redrawn with a carriage return, and nothing at
 * all in a batch run (no console and no notebook) or when the system property {@value #PROPERTY} is
 * {@code false}. Setting it to {@code true} draws the terminal bar even without a console.
 *
 * <p>Work that finishes within {@link #DELAY_MILLIS} ms shows nothing; after that the bar is redrawn at
 * most every {@link #INTERVAL_MILLIS} ms, and once more when the work is done. {@link #advance(long)} may
 * be called from several threads.
 *
 * <pre>{@code
 * try (Progress progress = Progress.start("explaining", inputs.length)) {
 *     for (double[] x : inputs) {
 *         explain(x);
 *         progress.step();
 *     }
 * }
 * }</pre>
 */
public final class Progress implements AutoCloseable {

    /** The system property that turns progress bars off ({@code false}) or forces them on ({@code true}). */
    public static final String PROPERTY = "re3.progress";

    /** Work shorter than this shows no bar. */
    public static final long DELAY_MILLIS = 500;

    /** The bar is redrawn at most this often. */
    public static final long INTERVAL_MILLIS = 200;

    private final String label;
    private final long total;
    private final ProgressView view;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final AtomicLong done = new AtomicLong();
    private final ReentrantLock drawing = new ReentrantLock();
    private volatile long nextDrawNanos;
    private boolean shown;
    private boolean closed;

    Progress(String label, long total, ProgressView view, LongSupplier nanoClock) {
        this.label = label == null || label.isBlank() ? "working" : label.strip();
        this.total = Math.max(0, total);
        this.view = view;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.nextDrawNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(DELAY_MILLIS);
    }

    /**
     * Starts a progress bar where this JVM shows one: in a notebook, on a console, or nowhere.
     *
     * @param label what is being done, e.g. {@code "explaining"}
     * @param total the number of steps; 0 when unknown (the bar then shows a count)
     */
    public static Progress start(String label, long total) {
        return new Progress(label, total, ProgressView.choose(), System::nanoTime);
    }

    /** A progress that never shows anything, for callers that report progress only on request. */
    public static Progress silent(String label, long total) {
        return new Progress(label, total, null, System::nanoTime);
    }

    /** Counts one step done. */
    public void step() {
        advance(1);
    }

    /** Counts {@code steps} more steps done. */
    public void advance(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be 0 or more, got " + steps);
        }
        done.addAndGet(steps);
        if (view != null && nanoClock.getAsLong() >= nextDrawNanos && drawing.tryLock()) {
            try {
                long now = nanoClock.getAsLong();
                if (!closed && now >= nextDrawNanos) {
                    draw(now, false);
                    nextDrawNanos = now + TimeUnit.MILLISECONDS.toNanos(INTERVAL_MILLIS);
                }
            } finally {
                drawing.unlock();
            }
        }
    }

    /** Steps done so far. */
    public long done() {
        return done.get();
    }

    /** The number of steps announced, 0 when unknown. */
    public long total() {
        return total;
    }

    /** Whether this progress draws anywhere. */
    public boolean visible() {
        return view != null;
    }

    /** The current state as one line of text, e.g. {@code explaining [#####-----]  50%  500/1000  1.2 s}. */
    public String toText() {
        return ProgressLine.text(label, done.get(), total, nanoClock.getAsLong() - startNanos, false);
    }

    /** Draws the final state, if a bar was shown or the work took longer than the delay, and ends the bar. */
    @Override
    public void close() {
        drawing.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            long now = nanoClock.getAsLong();
            if (view != null && (shown || now - startNanos >= TimeUnit.MILLISECONDS.toNanos(DELAY_MILLIS))) {
                draw(now, true);
                view.finish();
            }
        } finally {
            drawing.unlock();
        }
    }

    private void draw(long now, boolean finished) {
        long elapsed = now - startNanos;
        long count = done.get();
        String text = ProgressLine.text(label, count, total, elapsed, finished);
        String html = ProgressLine.html(label, count, total, elapsed, finished);
        view.draw(new Rendering(text, html), !shown);
        shown = true;
    }

    @Override
    public String toString() {
        return toText();
    }

    /** Formats a progress state as text and as HTML. */
    static final class ProgressLine {
        static final int BAR_WIDTH = 30;

        private ProgressLine() {
        }

        static String text(String label, long done, long total, long elapsedNanos, boolean finished) {
            StringBuilder line = new StringBuilder(label);
            if (total > 0) {
                long shownDone = Math.min(done, total);
                int filled = (int) (BAR_WIDTH * shownDone / total);
                line.append(" [").append("#".repeat(filled)).append("-".repeat(BAR_WIDTH - filled)).append("] ")
                        .append(String.format(Locale.ROOT, "%3d%%", 100 * shownDone / total))
                        .append("  ").append(done).append('/').append(total);
            } else {
                line.append("  ").append(done).append(finished ? " done" : "");
            }
            return line.append("  ").append(seconds(elapsedNanos)).toString();
        }

        static String html(String label, long done, long total, long elapsedNanos, boolean finished) {
            String status = total > 0
                    ? String.format(Locale.ROOT, "%d%%  %d/%d", 100 * Math.min(done, total) / total, done, total)
                    : done + (finished ? " done" : "");
            String bar = total > 0
                    ? "<progress value=\"" + Math.min(done, total) + "\" max=\"" + total
                            + "\" style=\"width:240px;vertical-align:middle\"></progress> "
                    : "";
            return "<div class=\"re3-progress\" style=\"font-family:monospace;font-size:13px\">"
                    + HtmlText.escape(label) + " " + bar + HtmlText.escape(status) + " &middot; "
                    + seconds(elapsedNanos) + "</div>";
        }

        private static String seconds(long nanos) {
            return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
        }
    }
}
