package dev.re3.display;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** The few reflective calls the kernel bridges make, with the kernel's exceptions unwrapped. */
final class Reflect {

    private Reflect() {
    }

    /** The class of that name as {@code loader} sees it, or null when it has none. */
    static Class<?> find(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** Calls the public method {@code name} of {@code owner} whose parameters are {@code types}. */
    static Object call(Class<?> owner, Object target, String name, Class<?>[] types, Object... args)
            throws ReflectiveOperationException {
        Method m = owner.getMethod(name, types);
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Calls the public method {@code name} of {@code owner} that takes no argument. */
    static Object call(Class<?> owner, Object target, String name) throws ReflectiveOperationException {
        return call(owner, target, name, new Class<?>[0]);
    }
}
