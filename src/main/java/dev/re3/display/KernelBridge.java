package dev.re3.display;

import java.util.function.Function;

/**
 * What the library needs from a notebook kernel, reached by reflection so that no kernel is a compile-time
 * dependency: register a renderer for a type, show a rendering (optionally under a display id), replace
 * the output shown under an id, and show any other value the kernel's own way.
 */
interface KernelBridge {

    /** Which kernel this is. */
    Kernel kernel();

    /**
     * Makes the kernel render every instance of {@code type} (the value of a cell's last expression, or a
     * value passed to the kernel's {@code display}) with {@code renderer}.
     */
    void register(Class<?> type, Function<Object, Rendering> renderer) throws ReflectiveOperationException;

    /** Shows a rendering as a new output of the running cell; {@code displayId} may be null. */
    void display(Rendering rendering, String displayId) throws ReflectiveOperationException;

    /** Replaces the output shown under {@code displayId} (Jupyter's {@code update_display_data}). */
    void update(Rendering rendering, String displayId) throws ReflectiveOperationException;

    /** Shows a value the library has no rendering for, as the kernel itself renders it. */
    void displayValue(Object value) throws ReflectiveOperationException;
}
