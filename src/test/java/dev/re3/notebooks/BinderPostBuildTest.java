package dev.re3.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What mybinder.org needs, checked here: {@code binder/apt.txt} brings Java 17 and Maven, and
 * {@code binder/postBuild} (run as Binder runs it, with Jupyter's data folder in a fresh temporary folder)
 * builds the library and installs a kernelspec that {@code jupyter kernelspec list} finds under the name
 * the notebooks ask for. Only the Debian packages, which Binder installs from apt.txt, are not exercised.
 */
class BinderPostBuildTest {

    @TempDir
    Path home;

    @Test
    void aptTxtInstallsJavaAndMaven() throws Exception {
        List<String> packages = Files.readAllLines(Project.root().resolve("binder/apt.txt")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertTrue(packages.contains("openjdk-17-jdk-headless"), packages.toString());
        assertTrue(packages.contains("maven"), packages.toString());
    }

    @Test
    void postBuildBuildsTheLibraryAndInstallsTheNotebooksKernel() throws Exception {
        Path postBuild = Project.root().resolve("binder/postBuild");
        assertTrue(Files.isExecutable(postBuild), postBuild + " must be executable");
        Path jupyter = Jupyter.require();
        Project.requireLibrary();

        Map<String, String> env = Map.of(
                "JUPYTER_DATA_DIR", home.resolve("data").toString(),
                "JUPYTER_CONFIG_DIR", home.resolve("config").toString(),
                "JUPYTER_RUNTIME_DIR", home.resolve("runtime").toString(),
                "JUPYTER_PATH", home.resolve("empty").toString(),
                "PYDEVD_DISABLE_FILE_VALIDATION", "1");
        ExternalProcess build = ExternalProcess.run(List.of(postBuild.toString()), env, home, Duration.ofMinutes(15),
                home.resolve("postBuild.log"));
        assertTrue(build.succeeded(), "binder/postBuild failed:\n" + build.tail(40));
        assertTrue(Project.libraryJar().isPresent(), "postBuild left no target/re3-*.jar");

        ExternalProcess list = ExternalProcess.run(List.of(jupyter.toString(), "kernelspec", "list", "--json"), env,
                home, Duration.ofMinutes(2), home.resolve("kernelspecs.log"));
        assertTrue(list.succeeded(), list.output());
        JsonNode spec = new ObjectMapper().readTree(list.output().substring(list.output().indexOf('{')))
                .path("kernelspecs").path(Jupyter.KERNEL_NAME);
        assertFalse(spec.isMissingNode(), "jupyter kernelspec list shows no " + Jupyter.KERNEL_NAME + ":\n"
                + list.output());
        Path resources = Path.of(spec.path("resource_dir").asText());
        assertEquals(home.resolve("data/kernels").resolve(Jupyter.KERNEL_NAME), resources);

        List<String> argv = new ArrayList<>();
        spec.path("spec").path("argv").forEach(a -> argv.add(a.asText().replace("{resource_dir}", resources.toString())));
        assertTrue(argv.containsAll(List.of("-Dai.djl.offline=true", "--add-modules", "jdk.incubator.vector", "-jar",
                "{connection_file}")), argv.toString());
        Path kernelJar = Path.of(argv.get(argv.indexOf("-jar") + 1));
        assertTrue(Files.isRegularFile(kernelJar), "the kernel jar " + kernelJar + " is missing");
        assertEquals("java", spec.path("spec").path("language").asText());
    }
}
