package dev.re3.display;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.jar.JarFile;

/**
 * The bridge to rapaio-jupyter-kernel (3.x).
 *
 * <p>rapaio renders the value of a cell's last expression, and values passed to its {@code display}, through
 * {@code org.rapaio.jupyter.kernel.display.DisplaySystem}: the first {@code DisplayRenderer} whose
 * {@code rendererClass()} accepts the value and whose {@code canRender(mime)} accepts the MIME type asked
 * for (null for a last expression) produces the {@code DisplayData}. Service providers of
 * {@code DisplayProvider} are reloaded after every {@code %jar}; a provider class would have to be compiled
 * against the kernel. Instead this bridge adds a {@link Proxy} implementing {@code DisplayRenderer} to the
 * kernel's own renderer list, which survives those reloads.
 */
final class RapaioBridge implements KernelBridge {

    static final String MAIN = "org.rapaio.jupyter.kernel.MainApp";
    private static final String PACKAGE = "org.rapaio.jupyter.kernel.";
    private static final String DISPLAY = PACKAGE + "display.";

    private final ClassLoader loader;
    private final Class<?> displayData;

    private RapaioBridge(ClassLoader loader) throws ClassNotFoundException {
        this.loader = loader;
        this.displayData = Class.forName(DISPLAY + "DisplayData", false, loader);
    }

    /**
     * The bridge when this JVM is a running rapaio kernel whose classes {@code loader} sees, else null. The
     * kernel class alone is not enough (its static initialiser starts a kernel): the JVM must have been
     * started with it, or the caller must run inside it.
     */
    static RapaioBridge find(ClassLoader loader) {
        Class<?> main = Reflect.find(MAIN, loader);
        if (main == null || !(startedAsKernel() || calledFromKernel())) {
            return null;
        }
        try {
            return new RapaioBridge(loader);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** A bridge over the rapaio classes of {@code loader}, whether or not a kernel runs (for tests). */
    static RapaioBridge over(ClassLoader loader) throws ClassNotFoundException {
        return new RapaioBridge(loader);
    }

    @Override
    public Kernel kernel() {
        return Kernel.RAPAIO;
    }

    @Override
    public void register(Class<?> type, Function<Object, Rendering> renderer) throws ReflectiveOperationException {
        Class<?> rendererInterface = Class.forName(DISPLAY + "DisplayRenderer", false, loader);
        Object proxy = Proxy.newProxyInstance(rendererInterface.getClassLoader(), new Class<?>[] {rendererInterface},
                new Renderer(type, renderer));
        List<Object> renderers = rendererList();
        synchronized (renderers) {
            renderers.removeIf(r -> Proxy.isProxyClass(r.getClass())
                    && Proxy.getInvocationHandler(r) instanceof Renderer old
                    && old.type.getName().equals(type.getName()));
            renderers.add(0, proxy);
        }
    }

    /** The kernel's list of built-in renderers (never cleared when service providers reload). */
    @SuppressWarnings("unchecked")
    private List<Object> rendererList() throws ReflectiveOperationException {
        Class<?> system = Class.forName(DISPLAY + "DisplaySystem", true, loader);
        Object inst = Reflect.call(system, null, "inst");
        for (String name : new String[] {"systemDisplayRenderers", "spiDisplayRenderers"}) {
            try {
                Field f = system.getDeclaredField(name);
                f.setAccessible(true);
                return (List<Object>) f.get(inst);
            } catch (NoSuchFieldException e) {
                // an older or newer kernel: try the next list
            }
        }
        throw new NoSuchFieldException(system.getName() + " has no renderer list this library knows");
    }

    @Override
    public void display(Rendering rendering, String displayId) throws ReflectiveOperationException {
        Object data = displayData(rendering, displayId);
        callKernel("display", data);
    }

    @Override
    public void update(Rendering rendering, String displayId) throws ReflectiveOperationException {
        Object data = displayData(rendering, displayId);
        callKernel("updateDisplay", data);
    }

    @Override
    public void displayValue(Object value) throws ReflectiveOperationException {
        Class<?> system = Class.forName(DISPLAY + "DisplaySystem", true, loader);
        Object inst = Reflect.call(system, null, "inst");
        Object data = Reflect.call(system, inst, "render", new Class<?>[] {Object.class}, value);
        callKernel("display", data);
    }

    /** Calls a method of the running kernel ({@code MainApp.kernel}) that takes one {@code DisplayData}. */
    private void callKernel(String method, Object data) throws ReflectiveOperationException {
        Field field = Class.forName(MAIN, false, loader).getField("kernel");
        Reflect.call(field.getType(), field.get(null), method, new Class<?>[] {displayData}, data);
    }

    /** A rapaio {@code DisplayData} holding {@code text/html} and {@code text/plain}. */
    Object displayData(Rendering rendering, String displayId) throws ReflectiveOperationException {
        Object data = Reflect.call(displayData, null, "fromHtml", new Class<?>[] {String.class}, rendering.html());
        Reflect.call(displayData, data, "putText", new Class<?>[] {String.class}, rendering.text());
        if (displayId != null) {
            Reflect.call(displayData, data, "setDisplayId", new Class<?>[] {String.class}, displayId);
        }
        return data;
    }

    /** A rapaio {@code DisplayData} holding only {@code text/plain}. */
    private Object textData(String text) throws ReflectiveOperationException {
        return Reflect.call(displayData, null, "fromText", new Class<?>[] {String.class}, text);
    }

    /** Whether the JVM's command line names the kernel's main class or a jar whose main class it is. */
    static boolean startedAsKernel() {
        String command = System.getProperty("sun.java.command", "").trim();
        if (command.isEmpty()) {
            return false;
        }
        String first = command.split("\\s+", 2)[0];
        if (first.equals(MAIN)) {
            return true;
        }
        if (!first.toLowerCase(Locale.ROOT).endsWith(".jar") || !Files.isRegularFile(Path.of(first))) {
            return false;
        }
        try (JarFile jar = new JarFile(first)) {
            return jar.getManifest() != null
                    && MAIN.equals(jar.getManifest().getMainAttributes().getValue("Main-Class"));
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** Whether the current thread runs code on behalf of the kernel (a cell being executed). */
    static boolean calledFromKernel() {
        for (StackTraceElement e : Thread.currentThread().getStackTrace()) {
            if (e.getClassName().startsWith(PACKAGE)) {
                return true;
            }
        }
        return false;
    }

    /** The {@code DisplayRenderer} methods, answered for one type. */
    private final class Renderer implements InvocationHandler {
        private final Class<?> type;
        private final Function<Object, Rendering> renderer;

        Renderer(Class<?> type, Function<Object, Rendering> renderer) {
            this.type = type;
            this.renderer = renderer;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "rendererClass":
                    return type;
                case "canRender":
                    return canRender((String) args[0]);
                case "render":
                    Rendering r = renderer.apply(args[1]);
                    return isText((String) args[0]) ? textData(r.text()) : displayData(r, null);
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "re3 renderer for " + type.getName();
                default:
                    throw new UnsupportedOperationException(method.toString());
            }
        }

        private boolean canRender(String mime) {
            return mime == null || mime.isBlank() || isText(mime) || isHtml(mime);
        }

        private boolean isText(String mime) {
            return mime != null && (mime.equalsIgnoreCase("text") || mime.equalsIgnoreCase("text/plain"));
        }

        private boolean isHtml(String mime) {
            return mime.equalsIgnoreCase("html") || mime.equalsIgnoreCase("text/html");
        }
    }
}
