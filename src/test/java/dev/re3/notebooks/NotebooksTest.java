package dev.re3.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The notebooks are tests: each one in {@code notebooks/} is executed headless with Debian's nbconvert and
 * the rapaio kernel (see {@link ExecutedNotebooks}) and fails on any cell error, showing the cell and its
 * error. Its outputs must include rich HTML results, with the text beside them, and drawn figures where it
 * plots.
 */
class NotebooksTest {

    /** Cells that make figures: a result's {@code plot()} or the figure factories. */
    private static final Pattern PLOTS = Pattern.compile("\\.plot\\w*\\(|\\bFigures\\.|\\bFigure\\.");

    @TestFactory
    Stream<DynamicTest> everyNotebookExecutesWithoutErrorAndShowsRichOutput() throws Exception {
        List<ExecutedNotebook> notebooks = ExecutedNotebooks.all();
        assertFalse(notebooks.isEmpty(), "no notebook in notebooks/");
        return notebooks.stream().map(nb -> dynamicTest(nb.name(), () -> check(nb)));
    }

    private static void check(ExecutedNotebook nb) throws Exception {
        assertNull(nb.failure(), nb.failure());
        NotebookOutputs notebook = NotebookOutputs.read(nb.executed());
        List<NotebookOutputs.Output> outputs = notebook.outputs();

        List<String> errors = outputs.stream().filter(o -> o.type().equals("error")).map(o -> "cell " + o.cell()
                + ": " + o.text()).toList();
        assertEquals(List.of(), errors, nb.name() + " has error outputs");

        List<String> warnings = outputs.stream().filter(o -> o.text() != null && o.text().contains("re3: could not"))
                .map(NotebookOutputs.Output::text).toList();
        assertEquals(List.of(), warnings, nb.name() + ": the results could not reach the kernel");

        List<NotebookOutputs.Output> html = outputs.stream().filter(o -> o.mime("text/html") != null).toList();
        assertFalse(html.isEmpty(), nb.name() + " has no text/html output: results must show as rich output");

        for (NotebookOutputs.Output o : html) {
            if (o.mime("text/html").contains("class=\"re3-")) {
                assertNotNull(o.mime("text/plain"), nb.name() + " cell " + o.cell()
                        + ": a result was sent as text/html without its text/plain fallback");
            }
        }

        boolean plots = notebook.codeSources().stream().anyMatch(src -> PLOTS.matcher(src).find());
        if (plots) {
            long figures = html.stream().filter(o -> o.mime("text/html").contains("class=\"re3-figure\"")).count();
            assertTrue(figures > 0, nb.name() + " plots but has no figure output (class=\"re3-figure\")");
            assertTrue(html.stream().anyMatch(o -> o.mime("text/html").contains("Plotly")),
                    nb.name() + " has figures but no output that loads plotly.js");
        }

        assertTrue(Files.size(nb.html()) > 0, nb.html() + " is empty");
    }

    @Test
    void notebooksAskForTheKernelTheProjectInstalls() throws Exception {
        Path jupyter = Jupyter.require();
        ExternalProcess list = ExternalProcess.run(List.of(jupyter.toString(), "kernelspec", "list", "--json"),
                Jupyter.environment(), Project.root(), Duration.ofMinutes(2),
                Project.target().resolve("notebooks-kernelspecs.log"));
        assertTrue(list.succeeded(), list.output());
        String json = list.output().substring(list.output().indexOf('{'));
        JsonNode spec = new ObjectMapper().readTree(json).path("kernelspecs").path(Jupyter.KERNEL_NAME);
        assertFalse(spec.isMissingNode(), "jupyter kernelspec list has no " + Jupyter.KERNEL_NAME + ": " + json);
        assertEquals(Jupyter.home().resolve("kernels").resolve(Jupyter.KERNEL_NAME).toString(),
                spec.path("resource_dir").asText(), "the kernel must be the project's own (target/jupyter)");

        List<String> others = Jupyter.notebooks(Project.root().resolve("notebooks")).stream()
                .filter(p -> !kernelName(p).equals(Jupyter.KERNEL_NAME))
                .map(p -> p.getFileName() + " asks for kernel '" + kernelName(p) + "'").collect(Collectors.toList());
        assertEquals(List.of(), others, "every notebook must ask for " + Jupyter.KERNEL_NAME);
    }

    private static String kernelName(Path notebook) {
        try {
            return NotebookOutputs.read(notebook).kernelName();
        } catch (java.io.IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
