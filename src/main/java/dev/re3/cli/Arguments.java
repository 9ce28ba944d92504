package dev.re3.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options given to one command, checked against the command's {@link Option}s: every option is
 * known, given at most once, and has a value if it takes one ({@code --name value} or {@code --name=value}).
 * Accessors parse values and throw {@link UsageException} with what was expected and what was given.
 */
final class Arguments {
    private final Map<String, String> values;

    private Arguments(Map<String, String> values) {
        this.values = values;
    }

    static Arguments parse(String command, List<Option> options, List<String> args) {
        Map<String, Option> known = new HashMap<>();
        for (Option o : options) {
            known.put(o.name(), o);
        }
        Map<String, String> values = new HashMap<>();
        for (int k = 0; k < args.size(); k++) {
            String arg = args.get(k);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "'; options start with --");
            }
            String name = arg.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Option o = known.get(name);
            if (o == null) {
                throw new UsageException("unknown option --" + name + " for " + command + "; expected one of "
                        + options.stream().map(x -> "--" + x.name()).toList());
            }
            if (values.containsKey(name)) {
                throw new UsageException("option --" + name + " is given twice; expected it at most once");
            }
            if (o.isFlag()) {
                if (inline != null) {
                    throw new UsageException("option --" + name + " takes no value, got '" + inline + "'");
                }
                values.put(name, "true");
            } else if (inline != null) {
                values.put(name, inline);
            } else {
                if (k + 1 >= args.size() || args.get(k + 1).startsWith("--")) {
                    throw new UsageException("option --" + name + " needs a value (" + o.value() + ")");
                }
                values.put(name, args.get(++k));
            }
        }
        return new Arguments(values);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    /** The value, or null if the option is absent. */
    String string(String name) {
        return values.get(name);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new UsageException("missing required option --" + name);
        }
        if (v.isBlank()) {
            throw new UsageException("option --" + name + ": expected a value, got an empty text");
        }
        return v;
    }

    Path requiredPath(String name) {
        return Path.of(required(name));
    }

    int integer(String name, int fallback, int min) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + ": expected an integer, got '" + v + "'");
        }
        if (n < min) {
            throw new UsageException("option --" + name + ": expected an integer >= " + min + ", got " + n);
        }
        return n;
    }

    long seed(String name, long fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + ": expected an integer seed, got '" + v + "'");
        }
    }

    /** A number strictly between {@code lo} and {@code hi}. */
    double fraction(String name, double fallback, double lo, double hi) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + ": expected a number, got '" + v + "'");
        }
        if (!(d > lo && d < hi)) {
            throw new UsageException("option --" + name + ": expected a number between " + lo + " and " + hi
                    + " (exclusive), got " + v);
        }
        return d;
    }

    /** A comma-separated list of positive integers, e.g. {@code 8,4}. */
    int[] sizes(String name, int[] fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback.clone();
        }
        String[] parts = v.split(",", -1);
        int[] out = new int[parts.length];
        for (int k = 0; k < parts.length; k++) {
            try {
                out[k] = Integer.parseInt(parts[k].trim());
            } catch (NumberFormatException e) {
                out[k] = 0;
            }
            if (out[k] < 1) {
                throw new UsageException("option --" + name + ": expected positive integers separated by commas"
                        + " such as 8,4, got '" + v + "'");
            }
        }
        return out;
    }

    /** One of the given words, ignoring case. */
    String choice(String name, String fallback, String... allowed) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        String lower = v.trim().toLowerCase(Locale.ROOT);
        if (!Arrays.asList(allowed).contains(lower)) {
            throw new UsageException("option --" + name + ": expected one of " + String.join(", ", allowed)
                    + ", got '" + v + "'");
        }
        return lower;
    }
}
