package dev.re3.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IJava and JJava bridge against the real base kernel libraries of both kernels (from Maven Central).
 * The kernels themselves are not on Maven Central, so each test compiles a minimal kernel on the real base
 * class, published the way the real kernel publishes itself, and records what reaches the notebook.
 */
class BaseKernelBridgeTest {

    /** A kernel on the real base class that records displays and display updates. */
    private static final String KERNEL = """
            package PACKAGE;

            import BASE.BaseKernel;
            import BASE.DisplayStream;
            import BASE.JupyterIO;
            import BASE.LanguageInfo;
            import BASE.display.DisplayData;
            import java.util.ArrayList;
            import java.util.List;

            public class TestKernel extends BaseKernel {
                public final List<DisplayData> shown = new ArrayList<>();
                public final List<DisplayData> updated = new ArrayList<>();

                public TestKernel() throws ReflectiveOperationException {
                    java.lang.reflect.Field f = JupyterIO.class.getDeclaredField("display");
                    f.setAccessible(true);
                    f.set(getIO(), new DisplayStream() {
                        @Override
                        public void updateDisplay(DisplayData data) {
                            updated.add(data);
                        }
                    });
                }

                @Override public DisplayData eval(String expr) { return null; }
                @Override public LanguageInfo getLanguageInfo() { return null; }
                @Override public void display(DisplayData data) { shown.add(data); }
            }
            """;

    /** How the kernel publishes itself: a static {@code getKernelInstance()} on its main class. */
    private static final String MAIN = """
            package PACKAGE;

            public class MAIN {
                private static TestKernel kernel;

                public static TestKernel getKernelInstance() { return kernel; }

                public static void start() throws ReflectiveOperationException { kernel = new TestKernel(); }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void ijava() throws Exception {
        check(KernelJars.ijavaBase(), "io.github.spencerpark.jupyter.kernel", "io.github.spencerpark.ijava", "IJava",
                Kernel.IJAVA);
    }

    @Test
    void jjava() throws Exception {
        check(KernelJars.jjavaBase(), "org.dflib.jjava.jupyter.kernel", "org.dflib.jjava", "JJava", Kernel.JJAVA);
    }

    private void check(Path baseJar, String base, String pkg, String main, Kernel kind) throws Exception {
        try (URLClassLoader loader = compile(baseJar, base, pkg, main)) {
            Class<?> mainClass = loader.loadClass(pkg + "." + main);
            assertNull(find(kind, loader), "no kernel before it starts");
            mainClass.getMethod("start").invoke(null);
            Object kernel = mainClass.getMethod("getKernelInstance").invoke(null);

            BaseKernelBridge bridge = find(kind, loader);
            assertNotNull(bridge, kind + " was not found");
            assertEquals(kind, bridge.kernel());

            // A cell's value goes through the kernel's renderer, which now knows Displayable.
            bridge.register(Displayable.class, Rendering::of);
            Object renderer = kernel.getClass().getMethod("getRenderer").invoke(kernel);
            Object rendered = renderer.getClass().getMethod("render", Object.class).invoke(renderer, new Sample("a"));
            assertEquals(Map.of("text/plain", "sample a", "text/html", new Sample("a").toHtml()), data(rendered));

            bridge.display(new Rendering("shown", "<b>shown</b>"), null);
            bridge.update(new Rendering("updated", "<b>updated</b>"), "bar-1");
            List<?> shown = (List<?>) kernel.getClass().getField("shown").get(kernel);
            List<?> updated = (List<?>) kernel.getClass().getField("updated").get(kernel);
            assertEquals(1, shown.size());
            assertEquals(Map.of("text/plain", "shown", "text/html", "<b>shown</b>"), data(shown.get(0)));
            assertEquals(1, updated.size());
            assertEquals("bar-1", updated.get(0).getClass().getMethod("getDisplayId").invoke(updated.get(0)));

            bridge.displayValue("plain value");
            assertEquals(2, shown.size());
            assertTrue(data(shown.get(1)).get("text/plain").toString().contains("plain value"));
        }
    }

    private static BaseKernelBridge find(Kernel kind, ClassLoader loader) {
        return kind == Kernel.IJAVA ? BaseKernelBridge.findIJava(loader) : BaseKernelBridge.findJJava(loader);
    }

    /** Compiles the test kernel against the base library and loads it above this test's class loader. */
    private URLClassLoader compile(Path baseJar, String base, String pkg, String main) throws IOException {
        Path src = dir.resolve("src/" + pkg.replace('.', '/'));
        Files.createDirectories(src);
        Files.writeString(src.resolve("TestKernel.java"), KERNEL.replace("PACKAGE", pkg).replace("BASE", base));
        Files.writeString(src.resolve(main + ".java"), MAIN.replace("PACKAGE", pkg).replace("MAIN", main));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-proc:none", "-nowarn", "-cp", baseJar.toString(), "-d",
                classes.toString(), src.resolve("TestKernel.java").toString(), src.resolve(main + ".java").toString());
        assertEquals(0, status, "the test kernel did not compile against " + baseJar);
        URL[] path = {classes.toUri().toURL(), baseJar.toUri().toURL(), KernelJars.zeromq().toUri().toURL()};
        return new URLClassLoader(path,
                BaseKernelBridgeTest.class.getClassLoader());
    }

    /** The MIME bundle of a base kernel's DisplayData. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Object displayData) throws ReflectiveOperationException {
        Field f = displayData.getClass().getDeclaredField("data");
        f.setAccessible(true);
        return Map.copyOf((Map<String, Object>) f.get(displayData));
    }
}
