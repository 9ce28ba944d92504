package dev.re3.display;

import dev.re3.notebooks.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The kernel jars the bridge tests load: installed by {@code bin/setup-notebooks} under
 * {@code target/jupyter}, or found in the local Maven repository.
 */
final class KernelJars {

    private KernelJars() {
    }

    /** rapaio-jupyter-kernel 3.0.1, the kernel the notebooks run on. */
    static Path rapaio() {
        return find("rapaio-jupyter-kernel-3.0.1.jar",
                Project.target().resolve("jupyter/kernels/rapaio-jupyter-kernel"),
                "io/github/padreati/rapaio-jupyter-kernel/3.0.1");
    }

    /** IJava's base kernel library, io.github.spencerpark:jupyter-jvm-basekernel:2.3.0. */
    static Path ijavaBase() {
        return find("jupyter-jvm-basekernel-2.3.0.jar", Project.target().resolve("jupyter/test-libraries"),
                "io/github/spencerpark/jupyter-jvm-basekernel/2.3.0");
    }

    /** JJava's base kernel library, org.dflib.jjava:jupyter-jvm-basekernel:1.0-M3. */
    static Path jjavaBase() {
        return find("jupyter-jvm-basekernel-1.0-M3.jar", Project.target().resolve("jupyter/test-libraries"),
                "org/dflib/jjava/jupyter-jvm-basekernel/1.0-M3");
    }

    /** The ZeroMQ library both base kernels are built on, org.zeromq:jeromq:0.5.1. */
    static Path zeromq() {
        return find("jeromq-0.5.1.jar", Project.target().resolve("jupyter/test-libraries"), "org/zeromq/jeromq/0.5.1");
    }

    private static Path find(String file, Path installed, String repositoryPath) {
        Path local = Path.of(System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        for (Path candidate : List.of(installed.resolve(file), local.resolve(repositoryPath).resolve(file))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        Project.require(false, file + " is not installed; run bin/setup-notebooks");
        return null;
    }
}
