package dev.re3.notebooks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Jupyter as the tests use it: Debian's {@code jupyter nbconvert}, with the project's own kernelspec
 * ({@code target/jupyter}, installed by {@code bin/setup-notebooks}) and nothing from the user's Jupyter
 * folders, so that a run here behaves as on a fresh machine.
 */
public final class Jupyter {

    /** The kernel name the notebooks ask for and {@code bin/setup-notebooks} installs. */
    public static final String KERNEL_NAME = "rapaio-jupyter-kernel";

    /** How many times a kernel that does not start is started before the notebook fails. */
    public static final int STARTS = 3;

    /**
     * Seconds a kernel gets to answer its first request. rapaio answers within a few seconds or, now and
     * then (about one start in ten here), never: a new kernel is then quicker than a longer wait.
     */
    public static final int STARTUP_SECONDS = 30;

    /** What nbclient prints when the kernel did not start or did not answer its first request. */
    private static final Pattern KERNEL_DID_NOT_START = Pattern.compile(
            "Kernel didn't respond|Kernel died before replying to kernel_info|failed to start the kernel",
            Pattern.CASE_INSENSITIVE);

    private Jupyter() {
    }

    /** The project's Jupyter folder, {@code target/jupyter}. */
    public static Path home() {
        return Project.target().resolve("jupyter");
    }

    /** The environment of every Jupyter command: the project's kernelspec first, the user's folders unused. */
    public static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JUPYTER_PATH", home().toString());
        env.put("JUPYTER_DATA_DIR", home().resolve("data").toString());
        env.put("JUPYTER_CONFIG_DIR", home().resolve("config").toString());
        env.put("JUPYTER_RUNTIME_DIR", home().resolve("runtime").toString());
        env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        return env;
    }

    /** Requires {@code jupyter} with nbconvert and the project's kernelspec; see {@link Project#require}. */
    public static Path require() {
        Path jupyter = Project.executable(List.of("jupyter")).orElse(null);
        Project.require(jupyter != null, "jupyter is not installed; run bin/setup-notebooks");
        Path spec = home().resolve("kernels").resolve(KERNEL_NAME).resolve("kernel.json");
        Project.require(Files.isRegularFile(spec), spec + " is missing; run bin/setup-notebooks");
        return jupyter;
    }

    /**
     * Executes a notebook headless into {@code out/NAME.ipynb}, starting its kernel again (up to
     * {@link #STARTS} times in all) when it does not start.
     *
     * @return the last attempt and how many were made
     */
    public static Execution execute(Path notebook, Path out) throws IOException, InterruptedException {
        String name = baseName(notebook);
        List<String> command = List.of(require().toString(), "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.startup_timeout=" + STARTUP_SECONDS, "--ExecutePreprocessor.timeout=900",
                "--output-dir", out.toString(), "--output", name, notebook.toString());
        ExternalProcess last = null;
        for (int attempt = 1; attempt <= STARTS; attempt++) {
            Path log = out.resolve(name + ".execute-" + attempt + ".log");
            last = ExternalProcess.run(command, environment(), notebook.getParent(), Duration.ofMinutes(20), log);
            if (last.succeeded() || !kernelDidNotStart(last.output())) {
                return new Execution(last, attempt);
            }
        }
        return new Execution(last, STARTS);
    }

    /** Converts an executed notebook to {@code out/NAME.html} with nbconvert's default (lab) template. */
    public static ExternalProcess toHtml(Path executed, Path out) throws IOException, InterruptedException {
        String name = baseName(executed);
        List<String> command = List.of(require().toString(), "nbconvert", "--to", "html", "--output-dir",
                out.toString(), "--output", name, executed.toString());
        return ExternalProcess.run(command, environment(), out, Duration.ofMinutes(5), out.resolve(name + ".html.log"));
    }

    /** Whether nbconvert failed because the kernel did not start, not because of a cell. */
    static boolean kernelDidNotStart(String output) {
        return !output.contains("CellExecutionError") && KERNEL_DID_NOT_START.matcher(output).find();
    }

    /** A file name without its extension. */
    public static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /**
     * One execution of a notebook.
     *
     * @param process  nbconvert's last run
     * @param attempts how many times the kernel was started
     */
    public record Execution(ExternalProcess process, int attempts) {
    }

    /** The names of the notebooks in {@code dir}, sorted. */
    static List<Path> notebooks(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (var files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(".ipynb")).sorted().forEach(out::add);
        }
        return out;
    }
}
