package dev.re3.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * The rapaio bridge against the real kernel classes, loaded in this JVM without starting a kernel: the
 * renderers it registers are the ones the kernel's display system then picks for a cell's value.
 */
class RapaioBridgeTest {

    private static URLClassLoader loader;
    private static Class<?> displaySystem;

    @BeforeAll
    static void loadKernelClasses() throws Exception {
        URL jar = KernelJars.rapaio().toUri().toURL();
        loader = new URLClassLoader(new URL[] {jar}, RapaioBridgeTest.class.getClassLoader());
        displaySystem = Class.forName("org.rapaio.jupyter.kernel.display.DisplaySystem", true, loader);
    }

    @AfterAll
    static void close() throws IOException {
        loader.close();
    }

    @Test
    void aKernelThatWasNotStartedIsNotTakenForOne() {
        assertNull(RapaioBridge.find(loader), "the kernel's classes alone must not count as a running kernel");
    }

    @Test
    void aCellValueIsRenderedAsHtmlAndText() throws Exception {
        RapaioBridge bridge = RapaioBridge.over(loader);
        bridge.register(Displayable.class, Rendering::of);

        Map<String, Object> data = render(null, new Sample("iris"));
        assertEquals(Map.of("text/html", new Sample("iris").toHtml(), "text/plain", "sample iris"), data);
        assertEquals(Map.of("text/plain", "sample iris"), render("text", new Sample("iris")));
        assertEquals(new Sample("iris").toHtml(), render("html", new Sample("iris")).get("text/html"));
    }

    @Test
    void tablesGetTheirOwnRenderer() throws Exception {
        RapaioBridge bridge = RapaioBridge.over(loader);
        bridge.register(Table.class, Rendering::of);

        Map<String, Object> data = render(null, Table.create("t", DoubleColumn.create("x", 2.5)));
        assertEquals(true, data.get("text/html").toString().startsWith("<table class=\"re3-table\""), data.toString());
        assertEquals(true, data.get("text/plain").toString().contains("2.5"), data.toString());
    }

    @Test
    void registeringAgainReplacesTheRenderer() throws Exception {
        RapaioBridge bridge = RapaioBridge.over(loader);
        bridge.register(Displayable.class, Rendering::of);
        bridge.register(Displayable.class, v -> new Rendering("second", "<i>second</i>"));

        assertEquals(Map.of("text/html", "<i>second</i>", "text/plain", "second"), render(null, new Sample("x")));
        long ours = renderers().stream().filter(r -> r.toString().equals("re3 renderer for " + Displayable.class.getName()))
                .count();
        assertEquals(1, ours);
        bridge.register(Displayable.class, Rendering::of);
    }

    @Test
    void displayDataCarriesTheDisplayId() throws Exception {
        Object data = RapaioBridge.over(loader).displayData(new Rendering("t", "<b>t</b>"), "id-1");
        Map<?, ?> transientData = (Map<?, ?>) data.getClass().getMethod("transientData").invoke(data);
        assertEquals("id-1", transientData.get("display_id"));
    }

    /** What rapaio's display system produces for a value and a MIME type (null for a cell's value). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> render(String mime, Object value) throws Exception {
        Object system = displaySystem.getMethod("inst").invoke(null);
        Object data = displaySystem.getMethod("render", String.class, Object.class).invoke(system, mime, value);
        return Map.copyOf((Map<String, Object>) data.getClass().getMethod("data").invoke(data));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> renderers() throws Exception {
        Object system = displaySystem.getMethod("inst").invoke(null);
        Field f = displaySystem.getDeclaredField("systemDisplayRenderers");
        f.setAccessible(true);
        return (List<Object>) f.get(system);
    }
}
