package dev.re3.cli;

import java.io.PrintStream;
import java.util.List;

/** One subcommand of {@code re3}: its name, one-line summary, options and what it does. */
interface Command {
    String name();

    /** One line for the list of commands. */
    String summary();

    /** The argument pattern after the command name, e.g. {@code "--model M.json --data X.csv [...]"}. */
    String synopsis();

    /** A few lines about the inputs and outputs, shown in the command's help. */
    String details();

    List<Option> options();

    /**
     * Runs the command.
     *
     * @param args the parsed options
     * @param out the standard output
     * @param err the standard error, for warnings
     * @throws Exception any failure; its message is shown to the user as one line
     */
    void run(Arguments args, PrintStream out, PrintStream err) throws Exception;
}
