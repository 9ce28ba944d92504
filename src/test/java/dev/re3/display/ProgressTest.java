package dev.re3.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProgressTest {

    /** A clock the test moves by hand. */
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    /** A view that records every drawing. */
    private static final class Recorder implements ProgressView {
        final List<String> drawn = new ArrayList<>();
        final List<Boolean> first = new ArrayList<>();
        int finished;

        @Override
        public void draw(Rendering state, boolean isFirst) {
            drawn.add(state.text());
            first.add(isFirst);
        }

        @Override
        public void finish() {
            finished++;
        }
    }

    @AfterEach
    void clearProperty() {
        System.clearProperty(Progress.PROPERTY);
    }

    private void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void shortWorkShowsNothing() {
        Recorder view = new Recorder();
        try (Progress p = new Progress("explaining", 10, view, now::get)) {
            for (int i = 0; i < 10; i++) {
                advanceMillis(10);
                p.step();
            }
        }
        assertEquals(List.of(), view.drawn);
        assertEquals(0, view.finished);
    }

    @Test
    void longWorkDrawsAfterTheDelayAtTheIntervalAndOnceMoreAtTheEnd() {
        Recorder view = new Recorder();
        Progress p = new Progress("explaining", 100, view, now::get);
        advanceMillis(Progress.DELAY_MILLIS - 1);
        p.advance(10);
        assertEquals(0, view.drawn.size());

        advanceMillis(1);
        p.advance(10);
        assertEquals(1, view.drawn.size());
        assertTrue(view.drawn.get(0).startsWith("explaining [######------------------------]  20%  20/100"),
                view.drawn.get(0));

        advanceMillis(Progress.INTERVAL_MILLIS - 1);
        p.advance(10);
        assertEquals(1, view.drawn.size(), "redrawn before the interval");
        advanceMillis(1);
        p.advance(10);
        assertEquals(2, view.drawn.size());

        p.advance(60);
        p.close();
        p.close();
        assertEquals(3, view.drawn.size());
        assertTrue(view.drawn.get(2).contains("] 100%  100/100"), view.drawn.get(2));
        assertEquals(List.of(true, false, false), view.first);
        assertEquals(1, view.finished);
    }

    @Test
    void workThatOutlastsTheDelayWithoutStepsIsDrawnWhenClosed() {
        Recorder view = new Recorder();
        Progress p = new Progress("training", 5, view, now::get);
        advanceMillis(Progress.DELAY_MILLIS + 1);
        p.close();
        assertEquals(1, view.drawn.size());
        assertTrue(view.drawn.get(0).contains("0%  0/5"), view.drawn.get(0));
    }

    @Test
    void anUnknownTotalShowsACount() {
        Progress p = new Progress("reading", 0, null, now::get);
        p.advance(42);
        advanceMillis(1500);
        assertEquals("reading  42  1.5 s", p.toText());
    }

    @Test
    void theBarNeverOverflows() {
        Progress p = new Progress("x", 4, null, now::get);
        p.advance(9);
        assertTrue(p.toText().startsWith("x [" + "#".repeat(Progress.ProgressLine.BAR_WIDTH) + "] 100%  9/4"),
                p.toText());
    }

    @Test
    void negativeStepsAreRejected() {
        Progress p = Progress.silent("x", 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.advance(-1));
        assertEquals("steps must be 0 or more, got -1", e.getMessage());
    }

    @Test
    void theHtmlStateIsAProgressElement() {
        String html = Progress.ProgressLine.html("a <b>", 3, 4, 0, false);
        assertTrue(html.contains("<progress value=\"3\" max=\"4\""), html);
        assertTrue(html.contains("a &lt;b&gt;"), html);
        assertTrue(html.contains("75%  3/4"), html);
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlaceAndEnded() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressView view = new ProgressView.OnTerminal(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        view.draw(new Rendering("long line 1", ""), true);
        view.draw(new Rendering("short", ""), false);
        view.finish();
        assertEquals("\rlong line 1\rshort      \n", bytes.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }

    @Test
    void inANotebookOneOutputIsShownThenUpdatedUnderItsId() {
        RecordingBridge kernel = new RecordingBridge();
        KernelBridge previous = Notebook.replaceBridge(kernel);
        try {
            ProgressView view = ProgressView.choose();
            assertInstanceOf(ProgressView.InNotebook.class, view);
            view.draw(new Rendering("a", "<b>a</b>"), true);
            view.draw(new Rendering("b", "<b>b</b>"), false);
        } finally {
            Notebook.replaceBridge(previous);
        }
        assertEquals(List.of("display", "update"), kernel.calls.stream().map(RecordingBridge.Call::kind).toList());
        String id = kernel.calls.get(0).displayId();
        assertTrue(id.startsWith("re3-progress-"), id);
        assertEquals(id, kernel.calls.get(1).displayId());
        assertEquals(new Rendering("b", "<b>b</b>"), kernel.calls.get(1).rendering());
    }

    @Test
    void theSettingTurnsBarsOffEvenInANotebook() {
        KernelBridge previous = Notebook.replaceBridge(new RecordingBridge());
        try {
            System.setProperty(Progress.PROPERTY, "false");
            assertNull(ProgressView.choose());
            assertFalse(Progress.start("x", 1).visible());
        } finally {
            Notebook.replaceBridge(previous);
        }
    }

    @Test
    void aBatchRunIsSilentUnlessTheSettingForcesTheTerminalBar() {
        // Surefire runs tests with no console and no notebook kernel.
        assertNull(System.console());
        assertNull(ProgressView.choose());
        System.setProperty(Progress.PROPERTY, "true");
        assertInstanceOf(ProgressView.OnTerminal.class, ProgressView.choose());
    }
}
