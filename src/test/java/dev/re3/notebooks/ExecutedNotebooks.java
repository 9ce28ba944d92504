package dev.re3.notebooks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Executes every notebook of {@code notebooks/} once per test run, headless, into {@code target/notebooks/}
 * (the executed {@code .ipynb}, its HTML export and nbconvert's logs). The notebook test and the browser
 * test share the result, whichever runs first.
 */
public final class ExecutedNotebooks {

    private static List<ExecutedNotebook> executed;

    private ExecutedNotebooks() {
    }

    /** Where executed notebooks and their HTML go. */
    public static Path folder() {
        return Project.target().resolve("notebooks");
    }

    /**
     * Every notebook, executed. Needs Jupyter with the project's kernel and the built library: without them
     * the calling test fails in continuous integration and is skipped elsewhere.
     */
    public static synchronized List<ExecutedNotebook> all() throws IOException, InterruptedException {
        if (executed == null) {
            Jupyter.require();
            Project.requireLibrary();
            executed = executeAll();
        }
        return executed;
    }

    private static List<ExecutedNotebook> executeAll() throws IOException, InterruptedException {
        Path out = folder();
        clean(out);
        Files.createDirectories(out);
        List<ExecutedNotebook> result = new ArrayList<>();
        for (Path notebook : Jupyter.notebooks(Project.root().resolve("notebooks"))) {
            result.add(execute(notebook, out));
        }
        return List.copyOf(result);
    }

    private static ExecutedNotebook execute(Path notebook, Path out) throws IOException, InterruptedException {
        String name = Jupyter.baseName(notebook);
        Path executed = out.resolve(name + ".ipynb");
        Path html = out.resolve(name + ".html");
        Jupyter.Execution run = Jupyter.execute(notebook, out);
        String failure = null;
        if (!run.process().succeeded()) {
            failure = describeFailure(name, run);
        } else {
            ExternalProcess export = Jupyter.toHtml(executed, out);
            if (!export.succeeded() || !Files.isRegularFile(html)) {
                failure = name + ": the HTML export failed (exit " + export.exitCode() + "):\n" + export.tail(30);
            }
        }
        return new ExecutedNotebook(name, notebook, executed, html, run.attempts(), failure);
    }

    /** The failing cell and its error as nbconvert reports them, or the end of its output. */
    static String describeFailure(String name, Jupyter.Execution run) {
        String output = stripAnsi(run.process().output());
        int cell = output.indexOf("An error occurred while executing the following cell");
        if (cell >= 0) {
            String error = output.substring(cell);
            return name + ": " + (error.length() > 6000 ? error.substring(0, 6000) + "\n[...]" : error);
        }
        String why = run.process().exitCode() < 0 ? "was stopped at its time limit"
                : "exited with code " + run.process().exitCode();
        return name + ": nbconvert " + why + " after " + run.attempts() + " kernel start(s); its output ends with:\n"
                + stripAnsi(run.process().tail(40));
    }

    /** Removes terminal colour codes (the kernels colour their error messages). */
    public static String stripAnsi(String text) {
        return text.replaceAll("\u001B\\[[0-9;]*[A-Za-z]", "");
    }

    private static void clean(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
