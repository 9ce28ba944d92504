package dev.re3;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.data.Dataset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What bad input gets: a message that says what was expected and what was given, on {@link Re3Test#byHand()}
 * (features a, b; classes yes, no; one hidden layer of two units).
 */
class BadInputMessagesTest {
    static Re3 re3() {
        return Re3.of(Re3Test.byHand());
    }

    /** The exception's message contains every part. */
    static void says(Class<? extends Throwable> type, Executable call, String... parts) {
        Throwable e = assertThrows(type, call);
        for (String p : parts) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(p), "expected \"" + p + "\" in: " + e.getMessage());
        }
    }

    @Test
    void aHiddenLayerBeyondTheLastSaysHowManyThereAre() {
        List<?> hidden = re3().explain(3, 1).hidden();
        says(IndexOutOfBoundsException.class, () -> hidden.get(3), "1 hidden layer", "0 to 0", "got 3");
        says(IndexOutOfBoundsException.class, () -> hidden.get(-1), "got -1");
    }

    @Test
    void logOddsOfAClassAgainstItselfIsRefused() {
        says(IllegalArgumentException.class, () -> re3().explain(3, 1).logOdds(1, 1), "two different classes",
                "got 1 (no) twice");
        says(IllegalArgumentException.class, () -> re3().explain(3, 1).logOdds(0, 2), "0 to 1", "[yes, no]",
                "got 0 and 2");
    }

    @Test
    void aRowBeyondTheDatasetSaysTheValidRange() {
        Dataset test = Dataset.of("test", List.of("a", "b"), List.of("yes", "no"),
                new double[][] {{1, 2}, {3, 4}, {5, 6}}, new int[] {0, 1, 0});
        says(IndexOutOfBoundsException.class, () -> test.x(100), "0 to 2", "3 rows", "got 100");
        says(IndexOutOfBoundsException.class, () -> test.x(-1), "got -1");
    }

    @Test
    void aTargetOutOfRangeOrAnUnknownClassListsTheClasses() {
        says(IllegalArgumentException.class, () -> re3().explain(new double[] {3, 1}, 2), "[yes, no]", "got 2");
        says(IllegalArgumentException.class, () -> re3().explain(new double[] {3, 1}, "maybe"), "[yes, no]",
                "got 'maybe'");
        DatasetExplanation all = re3().explainAll(Dataset.of("d", List.of("a", "b"), List.of("yes", "no"),
                new double[][] {{3, 1}, {0, 1}}, new int[] {0, 1}));
        says(IllegalArgumentException.class, () -> all.plotBeeswarm("maybe"), "[yes, no]", "got 'maybe'");
        says(IllegalArgumentException.class, () -> all.contributions(5), "[yes, no]", "got 5");
    }

    @Test
    void aBaselineOfTheWrongSizeSaysHowManyValues() {
        says(IllegalArgumentException.class, () -> re3().explain(3, 1).relativeTo(1, 2, 3), "2 values",
                "a, b", "got 3");
        says(IllegalArgumentException.class, () -> re3().explain(3, 1).relativeTo((double[]) null), "got null");
    }
}
