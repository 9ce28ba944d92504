package dev.re3.display;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tech.tablesaw.api.Table;

/**
 * Shows results in a Java notebook, whichever kernel runs it, with no compile-time dependency on any kernel.
 *
 * <p>{@link #install()} finds the kernel this JVM runs in (rapaio, IJava or JJava) by reflection and
 * registers one renderer for {@link Displayable} and one for Tablesaw's {@link Table} with it. From then on
 * every result is shown as rich output when it is the value of a cell's last expression or is passed to
 * {@link #display(Object)} (or to the kernel's own {@code display}). Each output carries {@code text/html}
 * and {@code text/plain}, so that exports and front ends without HTML still show the text. Loading any
 * result type installs the renderers (see {@link Displayable#KERNEL}), so a notebook needs no set-up call.
 *
 * <p>Outside a notebook {@link #display(Object)} prints the text, writes the HTML to a standalone page (in
 * the folder named by the system property {@code re3.display.dir}, default {@code re3-display} under the
 * temporary folder) and prints where; it never fails because no kernel is present.
 *
 * <pre>{@code
 * Explanation e = Re3.of(net).explain(x);
 * e                      // last expression of a cell: rich output
 * Notebook.display(e);   // anywhere in a cell, or on a terminal
 * Notebook.kernel();     // RAPAIO, IJAVA, JJAVA or NONE
 * }</pre>
 */
public final class Notebook {

    private static final Object LOCK = new Object();
    private static KernelBridge bridge;
    private static boolean installed;
    private static boolean warned;

    private Notebook() {
    }

    /** The notebook kernel this JVM runs in, {@link Kernel#NONE} outside a notebook; installs the renderers. */
    public static Kernel kernel() {
        return install();
    }

    /**
     * Finds the notebook kernel and registers the renderers for {@link Displayable} and {@link Table} with
     * it; does nothing after the first call. Never throws: a kernel that cannot be reached leaves results
     * shown as text, with one warning on standard error.
     *
     * @return the kernel found, {@link Kernel#NONE} outside a notebook
     */
    public static Kernel install() {
        synchronized (LOCK) {
            if (!installed) {
                installed = true;
                try {
                    bridge = find(loaders());
                } catch (RuntimeException | LinkageError e) {
                    warn("could not look for a notebook kernel, results show as text", e);
                }
                if (bridge != null) {
                    try {
                        bridge.register(Displayable.class, Rendering::of);
                        bridge.register(Table.class, Rendering::of);
                    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                        warn("could not register the result renderer with " + bridge.kernel().displayName()
                                + ", results show as text", e);
                    }
                }
            }
            return bridge == null ? Kernel.NONE : bridge.kernel();
        }
    }

    /**
     * Shows a value as a new output of the running cell: results and tables as HTML with a text fallback,
     * anything else as the kernel renders it. Outside a notebook it prints the text and, for results and
     * tables, writes the HTML to a page and prints its path.
     */
    public static void display(Object value) {
        KernelBridge b = bridge();
        if (b != null) {
            Rendering rendering = Rendering.of(value);
            try {
                if (rendering != null) {
                    b.display(rendering, null);
                } else {
                    b.displayValue(value);
                }
                return;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                warn("could not display through " + b.kernel().displayName() + ", printing instead", e);
            }
        }
        printAndWrite(value);
    }

    /**
     * Shows a rendering under a display id that {@link #update} can replace later.
     *
     * @return whether a notebook shows it (false outside a notebook, where nothing is printed)
     */
    static boolean show(Rendering rendering, String displayId) {
        KernelBridge b = bridge();
        if (b == null) {
            return false;
        }
        try {
            b.display(rendering, displayId);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            warn("could not display through " + b.kernel().displayName(), e);
            return false;
        }
    }

    /** Replaces the output shown under {@code displayId}; does nothing outside a notebook. */
    static void update(Rendering rendering, String displayId) {
        KernelBridge b = bridge();
        if (b == null) {
            return;
        }
        try {
            b.update(rendering, displayId);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            warn("could not update a display through " + b.kernel().displayName(), e);
        }
    }

    /** Replaces the bridge in use and returns the previous one (tests stand in for a kernel this way). */
    static KernelBridge replaceBridge(KernelBridge replacement) {
        synchronized (LOCK) {
            install();
            KernelBridge previous = bridge;
            bridge = replacement;
            return previous;
        }
    }

    private static KernelBridge bridge() {
        synchronized (LOCK) {
            install();
            return bridge;
        }
    }

    /** The first kernel found through any of the loaders, or null. */
    static KernelBridge find(List<ClassLoader> loaders) {
        for (ClassLoader loader : loaders) {
            KernelBridge found = RapaioBridge.find(loader);
            if (found == null) {
                found = BaseKernelBridge.findJJava(loader);
            }
            if (found == null) {
                found = BaseKernelBridge.findIJava(loader);
            }
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** This library's class loader, then the thread's context loader, then the system loader. */
    private static List<ClassLoader> loaders() {
        Set<ClassLoader> loaders = new LinkedHashSet<>();
        loaders.add(Notebook.class.getClassLoader());
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            loaders.add(context);
        }
        loaders.add(ClassLoader.getSystemClassLoader());
        loaders.remove(null);
        return new ArrayList<>(loaders);
    }

    /** Outside a notebook: prints the text and writes the HTML page of a result or a table. */
    private static void printAndWrite(Object value) {
        Displayable shown = value instanceof Table t ? new TableView(t) : value instanceof Displayable d ? d : null;
        if (shown == null) {
            System.out.println(value);
            return;
        }
        System.out.println(shown.toText());
        String name = value.getClass().getSimpleName();
        try {
            Path page = HtmlFiles.write(name, shown.toHtmlPage());
            System.out.println("(no notebook kernel: HTML written to " + page + ")");
        } catch (IOException | RuntimeException e) {
            System.err.println("re3: no notebook kernel, and the HTML page of this " + name
                    + " could not be written to " + HtmlFiles.folder() + ": " + e);
        }
    }

    private static void warn(String message, Throwable cause) {
        synchronized (LOCK) {
            if (warned) {
                return;
            }
            warned = true;
        }
        System.err.println("re3: " + message + " (" + cause + ")");
    }
}
