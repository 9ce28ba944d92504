package dev.re3.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the notebook runner tells a kernel that did not start from a failing cell, and what it reports. */
class NotebookRunnerTest {

    @TempDir
    Path dir;

    @Test
    void aKernelThatDidNotAnswerIsStartedAgain() {
        assertTrue(Jupyter.kernelDidNotStart("RuntimeError: Kernel didn't respond in 90 seconds"));
        assertTrue(Jupyter.kernelDidNotStart("RuntimeError: Kernel died before replying to kernel_info"));
    }

    @Test
    void aFailingCellIsNotRetried() {
        assertFalse(Jupyter.kernelDidNotStart("nbclient.exceptions.CellExecutionError: An error occurred while "
                + "executing the following cell: ... Kernel didn't respond"));
        assertFalse(Jupyter.kernelDidNotStart("FileNotFoundError: No such file or directory: 'x.ipynb'"));
    }

    @Test
    void aFailureShowsTheCellAndItsErrorWithoutColourCodes() {
        String output = "[NbConvertApp] Executing notebook\nTraceback ...\nnbclient.exceptions.CellExecutionError: "
                + "An error occurred while executing the following cell:\n------------------\nint x = 1 / 0;\n"
                + "------------------\n\n\u001B[0m\u001B[1m\u001B[31mjava.lang.ArithmeticException: / by zero\u001B[0m\n";
        String failure = ExecutedNotebooks.describeFailure("nb", new Jupyter.Execution(
                new ExternalProcess(1, output, ""), 1));
        assertEquals("nb: An error occurred while executing the following cell:\n------------------\n"
                + "int x = 1 / 0;\n------------------\n\njava.lang.ArithmeticException: / by zero\n", failure);
    }

    @Test
    void anotherFailureShowsTheEndOfNbconvertsOutput() {
        String failure = ExecutedNotebooks.describeFailure("nb", new Jupyter.Execution(
                new ExternalProcess(1, "line 1\nRuntimeError: Kernel didn't respond in 90 seconds\n", ""), 3));
        assertTrue(failure.startsWith("nb: nbconvert exited with code 1 after 3 kernel start(s)"), failure);
        assertTrue(failure.contains("Kernel didn't respond"), failure);
    }

    @Test
    void aCellErrorInARealKernelFailsTheNotebookWithTheCellAndItsError() throws Exception {
        Jupyter.require();
        Path notebook = Files.writeString(dir.resolve("failing.ipynb"), """
                {"cells": [
                  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
                   "source": ["int answer = 42;"]},
                  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
                   "source": ["if (answer == 42) throw new IllegalStateException(\\"planned failure\\");"]}
                 ],
                 "metadata": {"kernelspec": {"name": "rapaio-jupyter-kernel", "display_name": "Java (rapaio)",
                                             "language": "java"}},
                 "nbformat": 4, "nbformat_minor": 5}
                """);
        Jupyter.Execution run = Jupyter.execute(notebook, dir.resolve("out"));
        assertFalse(run.process().succeeded(), run.process().output());
        String failure = ExecutedNotebooks.describeFailure("failing", run);
        assertTrue(failure.contains("throw new IllegalStateException(\"planned failure\")"), failure);
        assertTrue(failure.contains("IllegalStateException: planned failure"), failure);
        assertFalse(failure.contains("\u001B["), failure);
    }
}
