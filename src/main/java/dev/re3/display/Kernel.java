package dev.re3.display;

/** The Java notebook kernels that results know how to show themselves in. */
public enum Kernel {

    /** rapaio-jupyter-kernel ({@code io.github.padreati:rapaio-jupyter-kernel}). */
    RAPAIO("rapaio"),

    /** IJava ({@code io.github.spencerpark.ijava}). */
    IJAVA("IJava"),

    /** JJava ({@code org.dflib.jjava}), the maintained successor of IJava. */
    JJAVA("JJava"),

    /** No notebook kernel: a terminal, a test or a batch job. */
    NONE("none");

    private final String displayName;

    Kernel(String displayName) {
        this.displayName = displayName;
    }

    /** The kernel's usual name, e.g. {@code "rapaio"}. */
    public String displayName() {
        return displayName;
    }

    /** Whether this is a notebook kernel, i.e. anything but {@link #NONE}. */
    public boolean isNotebook() {
        return this != NONE;
    }
}
