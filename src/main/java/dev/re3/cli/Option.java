package dev.re3.cli;

/**
 * One option of a command.
 *
 * @param name the name without dashes, e.g. {@code "model"} for {@code --model}
 * @param value a placeholder for its value, e.g. {@code "M.json"}, or null for a flag
 * @param help one line of help
 */
record Option(String name, String value, String help) {
    static Option value(String name, String value, String help) {
        return new Option(name, value, help);
    }

    static Option flag(String name, String help) {
        return new Option(name, null, help);
    }

    boolean isFlag() {
        return value == null;
    }

    /** {@code --model M.json} or {@code --raw}. */
    String synopsis() {
        return "--" + name + (isFlag() ? "" : " " + value);
    }
}
