package dev.re3.display;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A kernel bridge that records what it is asked to show, standing in for a notebook kernel. */
final class RecordingBridge implements KernelBridge {

    /** One call: {@code kind} is display, update or value. */
    record Call(String kind, Rendering rendering, String displayId, Object value) {
    }

    final List<Call> calls = new ArrayList<>();

    @Override
    public Kernel kernel() {
        return Kernel.JJAVA;
    }

    @Override
    public void register(Class<?> type, Function<Object, Rendering> renderer) {
        calls.add(new Call("register", null, null, type));
    }

    @Override
    public void display(Rendering rendering, String displayId) {
        calls.add(new Call("display", rendering, displayId, null));
    }

    @Override
    public void update(Rendering rendering, String displayId) {
        calls.add(new Call("update", rendering, displayId, null));
    }

    @Override
    public void displayValue(Object value) {
        calls.add(new Call("value", null, null, value));
    }
}
