package dev.re3.display;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Function;

/**
 * The bridge to IJava and JJava, which share one design (JJava's base kernel is a fork of IJava's).
 *
 * <p>The kernel's {@code getRenderer()} returns a {@code Renderer}; {@code createRegistration(type)} followed
 * by {@code register(RenderFunction)} makes it render every value whose class, superclasses or interfaces
 * include {@code type}. The render function receives a {@code RenderContext} whose output container is the
 * {@code DisplayData} sent to the notebook. {@code display(DisplayData)} shows a new output, and the
 * kernel's {@code getIO().display.updateDisplay(DisplayData)} replaces one by its display id.
 *
 * <p>Methods are looked up on these public declared types, never on the classes of the objects at hand,
 * which a kernel may keep private.
 */
final class BaseKernelBridge implements KernelBridge {

    static final String IJAVA_MAIN = "io.github.spencerpark.ijava.IJava";
    static final String JJAVA_BASE = "org.dflib.jjava.jupyter.kernel.BaseKernel";
    static final String JJAVA_MAIN = "org.dflib.jjava.JJava";

    private final Kernel kind;
    private final Object kernel;
    private final Class<?> baseKernel;
    private final Class<?> displayData;
    private final Class<?> renderFunction;
    private final Class<?> renderContext;
    private final Class<?> renderer;
    private final Class<?> jupyterIo;

    /**
     * A bridge over a kernel object.
     *
     * @param kind   IJava or JJava
     * @param kernel the running kernel, an instance of a subclass of the base kernel class
     */
    BaseKernelBridge(Kernel kind, Object kernel) throws ClassNotFoundException {
        this.kind = kind;
        this.kernel = kernel;
        this.baseKernel = baseKernelClass(kernel.getClass());
        String pkg = baseKernel.getPackageName();
        ClassLoader loader = baseKernel.getClassLoader();
        this.displayData = Class.forName(pkg + ".display.DisplayData", false, loader);
        this.renderFunction = Class.forName(pkg + ".display.RenderFunction", false, loader);
        this.renderContext = Class.forName(pkg + ".display.RenderContext", false, loader);
        this.renderer = Class.forName(pkg + ".display.Renderer", false, loader);
        this.jupyterIo = Class.forName(pkg + ".JupyterIO", false, loader);
    }

    /** The IJava kernel running in this JVM, as {@code loader} sees it, or null. */
    static BaseKernelBridge findIJava(ClassLoader loader) {
        return bridge(Kernel.IJAVA, instance(Reflect.find(IJAVA_MAIN, loader), "getKernelInstance"));
    }

    /**
     * The JJava kernel running in this JVM, as {@code loader} sees it, or null: newer versions publish it as
     * {@code BaseKernel.notebookKernel()}, older ones as {@code JJava.getKernelInstance()}.
     */
    static BaseKernelBridge findJJava(ClassLoader loader) {
        Object kernel = instance(Reflect.find(JJAVA_BASE, loader), "notebookKernel");
        if (kernel == null) {
            kernel = instance(Reflect.find(JJAVA_MAIN, loader), "getKernelInstance");
        }
        return bridge(Kernel.JJAVA, kernel);
    }

    private static BaseKernelBridge bridge(Kernel kind, Object kernel) {
        if (kernel == null) {
            return null;
        }
        try {
            return new BaseKernelBridge(kind, kernel);
        } catch (ClassNotFoundException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The result of a static no-argument method, or null when it is missing, fails or returns null. */
    private static Object instance(Class<?> owner, String method) {
        if (owner == null) {
            return null;
        }
        try {
            return Reflect.call(owner, null, method);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The nearest superclass named {@code BaseKernel}: it declares the methods this bridge calls. */
    private static Class<?> baseKernelClass(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getSimpleName().equals("BaseKernel")) {
                return c;
            }
        }
        throw new IllegalArgumentException(type.getName() + " does not extend a BaseKernel");
    }

    @Override
    public Kernel kernel() {
        return kind;
    }

    @Override
    public void register(Class<?> type, Function<Object, Rendering> render) throws ReflectiveOperationException {
        Object registry = Reflect.call(baseKernel, kernel, "getRenderer");
        Class<?> registrationType = renderer.getMethod("createRegistration", Class.class).getReturnType();
        Object registration = Reflect.call(renderer, registry, "createRegistration", new Class<?>[] {Class.class},
                type);
        Object function = Proxy.newProxyInstance(renderFunction.getClassLoader(), new Class<?>[] {renderFunction},
                new RenderHandler(type, render));
        Reflect.call(registrationType, registration, "register", new Class<?>[] {renderFunction}, function);
    }

    @Override
    public void display(Rendering rendering, String displayId) throws ReflectiveOperationException {
        Reflect.call(baseKernel, kernel, "display", new Class<?>[] {displayData}, displayData(rendering, displayId));
    }

    @Override
    public void update(Rendering rendering, String displayId) throws ReflectiveOperationException {
        Object io = Reflect.call(baseKernel, kernel, "getIO");
        Field field = jupyterIo.getField("display");
        Reflect.call(field.getType(), field.get(io), "updateDisplay", new Class<?>[] {displayData},
                displayData(rendering, displayId));
    }

    @Override
    public void displayValue(Object value) throws ReflectiveOperationException {
        Object registry = Reflect.call(baseKernel, kernel, "getRenderer");
        Object data = Reflect.call(renderer, registry, "render", new Class<?>[] {Object.class}, value);
        Reflect.call(baseKernel, kernel, "display", new Class<?>[] {displayData}, data);
    }

    /** A {@code DisplayData} holding {@code text/html} and {@code text/plain}. */
    Object displayData(Rendering rendering, String displayId) throws ReflectiveOperationException {
        Object data = displayData.getConstructor().newInstance();
        fill(data, rendering);
        if (displayId != null) {
            Reflect.call(displayData, data, "setDisplayId", new Class<?>[] {String.class}, displayId);
        }
        return data;
    }

    private void fill(Object data, Rendering rendering) throws ReflectiveOperationException {
        Class<?>[] types = {String.class, Object.class};
        Reflect.call(displayData, data, "putData", types, "text/plain", rendering.text());
        Reflect.call(displayData, data, "putData", types, "text/html", rendering.html());
    }

    /** The {@code RenderFunction.render(value, context)} method, answered for one type. */
    private final class RenderHandler implements InvocationHandler {
        private final Class<?> type;
        private final Function<Object, Rendering> render;

        RenderHandler(Class<?> type, Function<Object, Rendering> render) {
            this.type = type;
            this.render = render;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "render":
                    Object context = args[1];
                    Object out = Reflect.call(renderContext, context, "getOutputContainer");
                    fill(out, render.apply(args[0]));
                    return null;
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "re3 render function for " + type.getName();
                default:
                    throw new UnsupportedOperationException(method.toString());
            }
        }
    }
}
