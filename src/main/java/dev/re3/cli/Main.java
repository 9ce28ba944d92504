package dev.re3.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code re3} command line: {@code re3 <command> [options]}.
 *
 * <p>Exit codes: 0 on success; 1 on an error, with a one-line message on standard error; 2 on bad usage,
 * with the message and the usage on standard error. {@code --verbose} anywhere adds the stack trace of
 * an error; {@code --help} anywhere, or {@code re3 help [command]}, prints help on standard output.
 * {@link #run(String[], PrintStream, PrintStream)} does all of this without exiting the JVM.
 */
public final class Main {
    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        for (Command c : List.of(new DemoCommand(), new TrainCommand(), new ExplainCommand(), new ExportCommand(),
                new PathCommand(), new PlaneCommand(), new AttributeCommand(), new ContributionsCommand(),
                new StatisticsCommand(), new SitesCommand(), new InteractionCommand(), new SaeCommand.Train(),
                new SaeCommand.Eval(), new SaeCommand.Encode())) {
            COMMANDS.put(c.name(), c);
        }
    }

    private Main() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /**
     * Runs one command.
     *
     * @param args the command and its options
     * @param out standard output
     * @param err standard error
     * @return the exit code: 0 success, 1 error, 2 bad usage
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean verbose = rest.remove("--verbose");
        boolean help = rest.remove("--help") | rest.remove("-h");
        if (rest.isEmpty()) {
            if (help) {
                out.print(usage());
                return 0;
            }
            err.print(usage());
            return 2;
        }
        String name = rest.remove(0);
        if (name.equals("help")) {
            if (rest.isEmpty()) {
                out.print(usage());
                return 0;
            }
            name = rest.remove(0);
            help = true;
        }
        if (!COMMANDS.containsKey(name) && !rest.isEmpty() && COMMANDS.containsKey(name + " " + rest.get(0))) {
            name = name + " " + rest.remove(0); // a command with an action: re3 sae train
        }
        Command command = COMMANDS.get(name);
        String group = name + " ";
        List<String> actions = COMMANDS.keySet().stream().filter(c -> c.startsWith(group)).toList();
        if (command == null && !actions.isEmpty()) {
            err.println("re3 " + name + ": expected an action after '" + name + "', one of " + String.join(", ",
                    actions.stream().map(c -> c.substring(group.length())).toList())
                    + (rest.isEmpty() ? "" : "; got '" + rest.get(0) + "'"));
            err.print(usage());
            return 2;
        }
        if (command == null) {
            err.println("re3: unknown command '" + name + "'; expected one of " + String.join(", ", COMMANDS.keySet()));
            err.print(usage());
            return 2;
        }
        if (help) {
            out.print(help(command));
            return 0;
        }
        try {
            command.run(Arguments.parse(name, command.options(), rest), out, err);
            checkOutput(out);
            return 0;
        } catch (UsageException e) {
            err.println("re3 " + name + ": " + e.getMessage());
            err.print(help(command));
            return 2;
        } catch (OutputLost e) {
            err.println("re3 " + name + ": error: " + e.getMessage());
            return 1;
        } catch (Exception | Error e) {
            out.flush();
            err.println("re3 " + name + ": error: " + message(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    /**
     * Flushes standard output and fails if anything written to it was lost: a {@link PrintStream} only records
     * errors (a full disk, a closed pipe such as {@code | head}), so commands call this between batches to stop
     * early instead of computing for no reader.
     */
    static void checkOutput(PrintStream out) {
        out.flush();
        if (out.checkError()) {
            throw new OutputLost();
        }
    }

    /** Standard output could not be written. */
    static final class OutputLost extends RuntimeException {
        OutputLost() {
            super("could not write to standard output (a closed pipe or a full disk); stopped");
        }
    }

    /** The list of commands. */
    static String usage() {
        StringBuilder s = new StringBuilder();
        s.append("usage: re3 <command> [options]\n\ncommands:\n");
        for (Command c : COMMANDS.values()) {
            s.append(String.format("  %-13s %s%n", c.name(), c.summary()));
        }
        s.append("\nRun 're3 help <command>' for a command's options. --verbose shows the stack trace of an error.\n");
        return s.toString();
    }

    /** The help of one command: synopsis, details and options. */
    static String help(Command c) {
        StringBuilder s = new StringBuilder();
        s.append("usage: re3 ").append(c.name()).append(' ').append(c.synopsis()).append("\n\n");
        s.append(c.summary()).append(".\n");
        if (!c.details().isEmpty()) {
            s.append(c.details()).append('\n');
        }
        s.append("\noptions:\n");
        for (Option o : c.options()) {
            s.append(String.format("  %-22s %s%n", o.synopsis(), o.help()));
        }
        return s.toString();
    }

    /**
     * The message of a failure on one line, in words: the cause's message if the failure has none, file
     * system errors as what happened to which file, never a bare exception name.
     */
    static String message(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String m;
        if (t instanceof java.nio.file.FileSystemException f) {
            String file = f.getFile() == null ? "" : f.getFile();
            String other = f.getOtherFile() == null ? "" : " (and " + f.getOtherFile() + ")";
            String reason = f.getReason() == null ? "" : ": " + f.getReason();
            if (t instanceof java.nio.file.NoSuchFileException) {
                m = file + other + ": no such file or directory";
            } else if (t instanceof java.nio.file.FileAlreadyExistsException) {
                m = file + other + ": already exists";
            } else if (t instanceof java.nio.file.AccessDeniedException) {
                m = file + other + ": permission denied";
            } else if (t instanceof java.nio.file.NotDirectoryException) {
                m = file + ": a part of the path is not a directory";
            } else if (t instanceof java.nio.file.DirectoryNotEmptyException) {
                m = file + ": is a directory that is not empty";
            } else {
                m = file + other + (reason.isEmpty() ? ": the file system refused the operation" : reason);
            }
        } else if (t instanceof OutOfMemoryError) {
            m = "out of memory (" + (t.getMessage() == null ? "Java heap" : t.getMessage()) + "): ask for less work, or give"
                    + " the JVM more memory with RE3_JAVA_OPTS=-Xmx8g (maximum now " + Runtime.getRuntime().maxMemory()
                    / (1 << 20) + " MB)";
        } else if (t.getMessage() == null) {
            m = "unexpected " + t.getClass().getSimpleName() + " (run with --verbose for the stack trace)";
        } else {
            m = t.getMessage();
            boolean plain = t instanceof IllegalArgumentException || t instanceof IllegalStateException
                    || t instanceof CliException || t instanceof java.io.UncheckedIOException
                    || t instanceof java.io.IOException || t instanceof IndexOutOfBoundsException;
            if (!plain) {
                m = t.getClass().getSimpleName() + ": " + m;
            }
        }
        return m.replaceAll("\\s*[\\r\\n]+\\s*", "; ").trim();
    }
}
