package dev.re3.region;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import dev.re3.net.AvgPool2d;
import dev.re3.net.BatchNorm;
import dev.re3.net.Dense;
import dev.re3.net.Dropout;
import dev.re3.net.Flatten;
import dev.re3.net.Layer;
import dev.re3.net.LeakyRelu;
import dev.re3.net.MaxPool2d;
import dev.re3.net.Network;
import dev.re3.net.Relu;
import dev.re3.net.Residual;
import dev.re3.net.Site;
import dev.re3.net.Standardize;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One chunk of {@link Linearizer}'s reverse mode: a forward pass through the DJL engine that records each
 * ReLU's gate and each pool's input, then the backward pass that carries the cotangent
 * {@code G} ({@code [n, classes, *units]}) from the logits to the input and accumulates the bias of the map.
 * Every array lives in the chunk's {@link NDManager}.
 */
final class ReversePass {
    /** The network's parameters as float64 arrays, created once per call and shared by its chunks. */
    static final class Params {
        private final NDManager manager;
        private final java.util.IdentityHashMap<Layer, NDArray[]> cache = new java.util.IdentityHashMap<>();

        Params(NDManager manager) {
            this.manager = manager;
        }

        NDArray[] of(Layer layer) {
            return cache.computeIfAbsent(layer, l -> {
                if (l instanceof Dense d) {
                    return new NDArray[] {manager.create(d.weightRowMajor(), new Shape(d.out(), d.in())),
                        manager.create(d.bias())};
                }
                if (l instanceof dev.re3.net.Conv2d c) {
                    int[] k = c.kernel();
                    return new NDArray[] {manager.create(c.weightFlat(), new Shape(c.outChannels(), c.inChannels(), k[0], k[1])),
                        manager.create(c.bias())};
                }
                if (l instanceof BatchNorm b) {
                    return new NDArray[] {manager.create(b.scale()), manager.create(b.shift())};
                }
                if (l instanceof Standardize st) {
                    return new NDArray[] {manager.create(st.mean()), manager.create(st.scale()),
                        manager.create(st.shift())};
                }
                return new NDArray[0];
            });
        }
    }

    /** What the backward pass needs from one layer's forward pass. */
    private record Step(Layer layer, NDArray input, NDArray gate, int[] inShape, int[] outShape, List<List<Step>> branches,
                        Site hiddenSite, NDArray pre, NDArray post) {}

    private final Network network;
    private final boolean keepHidden;
    private final NDManager m;
    private final Params params;
    private final int n;
    private final int classes;
    private final List<boolean[]> gates = new ArrayList<>();
    private final List<int[][]> pools = new ArrayList<>();
    private final List<double[]> hiddenG = new ArrayList<>();
    private final List<double[]> hiddenBeta = new ArrayList<>();
    private final List<Step> hiddenSteps = new ArrayList<>();
    private NDArray bias;

    ReversePass(Network network, boolean keepHidden, NDManager m, Params params, int n) {
        this.network = network;
        this.keepHidden = keepHidden;
        this.m = m;
        this.params = params;
        this.n = n;
        this.classes = network.outputSize();
    }

    LocalMaps run(double[][] xs) {
        int d = network.inputSize();
        double[] flat = new double[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(xs[i], 0, flat, i * d, d);
        }
        NDArray x = m.create(flat, shapeOf(n, network.inputShape()));
        List<Step> tape = new ArrayList<>();
        NDArray logits = forward(network.layers(), "", x, network.inputShape(), tape, true);
        NDArray g = m.eye(classes, classes, 0, DataType.FLOAT64).expandDims(0).repeat(0, n);
        bias = m.zeros(new Shape(n, classes), DataType.FLOAT64);
        g = backward(tape, g);
        NDArray w = g.reshape(n, classes, d);
        NDArray fit = w.matMul(x.reshape(n, d, 1)).reshape(n, classes).add(bias);
        NDArray err = fit.sub(logits).abs().max(new int[] {1});
        double[] weight = new double[n * classes * d];
        w.toByteBuffer().order(ByteOrder.nativeOrder()).asDoubleBuffer().get(weight);
        return new LocalMaps(n, classes, d, flat, weight, bias.toDoubleArray(), logits.toDoubleArray(),
                err.toDoubleArray(), patterns(), regionIds(), hidden());
    }

    private NDArray forward(List<Layer> layers, String prefix, NDArray z, int[] shape, List<Step> tape, boolean top) {
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            String name = prefix + i + "." + layer.type();
            int[] out = layer.outputShape(shape);
            NDArray[] p = params.of(layer);
            NDArray y;
            NDArray gate = null;
            NDArray input = null;
            List<List<Step>> branches = List.of();
            Site hiddenSite = null;
            if (layer instanceof Dense) {
                y = z.matMul(p[0].transpose()).add(p[1]);
            } else if (layer instanceof dev.re3.net.Conv2d c) {
                y = Conv2d.conv2d(z, p[0], p[1], shape(c.stride()), shape(c.padding()), new Shape(1, 1), 1)
                        .singletonOrThrow();
            } else if (layer instanceof BatchNorm) {
                y = z.mul(channelwise(p[0], shape, 1)).add(channelwise(p[1], shape, 1));
            } else if (layer instanceof Standardize) {
                y = z.sub(p[0].reshape(shapeOf(1, shape))).div(p[1].reshape(shapeOf(1, shape)));
            } else if (layer instanceof Relu || layer instanceof LeakyRelu) {
                double alpha = layer instanceof LeakyRelu l ? l.alpha() : 0.0;
                NDArray on = z.gt(0);
                gates.add(on.toBooleanArray());
                gate = on.toType(DataType.FLOAT64, false).mul(1 - alpha).add(alpha);
                y = z.mul(gate);
                if (top && keepHidden) {
                    hiddenSite = network.site(name);
                    input = z;
                }
            } else if (layer instanceof MaxPool2d pool) {
                input = z;
                y = Pool.maxPool2d(z, shape(pool.kernel()), shape(pool.stride()), shape(pool.padding()), false);
                double[] values = z.toDoubleArray();
                int size = values.length / n;
                int[][] choices = new int[n][];
                for (int s = 0; s < n; s++) {
                    choices[s] = pool.argmax(Arrays.copyOfRange(values, s * size, (s + 1) * size), shape);
                }
                pools.add(choices);
            } else if (layer instanceof AvgPool2d pool) {
                input = z;
                y = avgPool(z, pool);
            } else if (layer instanceof Flatten) {
                y = z.reshape(n, out[0]);
            } else if (layer instanceof Dropout) {
                y = z;
            } else if (layer instanceof Residual r) {
                List<List<Step>> tapes = new ArrayList<>();
                y = null;
                for (int b = 0; b < r.branches().size(); b++) {
                    List<Step> sub = new ArrayList<>();
                    NDArray yb = forward(r.branches().get(b), name + "." + b + ".", z, shape, sub, false);
                    tapes.add(sub);
                    y = y == null ? yb : y.add(yb);
                }
                branches = tapes;
            } else {
                throw new IllegalArgumentException("cannot linearise layer " + name + " of type " + layer.getClass().getName());
            }
            tape.add(new Step(layer, input, gate, shape, out, branches, hiddenSite, hiddenSite == null ? null : z,
                    hiddenSite == null ? null : y));
            z = y;
            shape = out;
        }
        return z;
    }

    /** {@code g} has shape {@code [n, classes, *outShape]}; returns {@code [n, classes, *inShape]}. */
    private NDArray backward(List<Step> tape, NDArray g) {
        for (int i = tape.size() - 1; i >= 0; i--) {
            Step s = tape.get(i);
            Layer layer = s.layer;
            NDArray[] p = params.of(layer);
            if (s.hiddenSite != null) {
                hiddenSteps.add(0, s);
                hiddenG.add(0, g.toDoubleArray());
                hiddenBeta.add(0, bias.toDoubleArray());
            }
            if (layer instanceof Dense dense) {
                NDArray rows = g.reshape(n * classes, dense.out());
                addBias(rows.matMul(p[1].reshape(dense.out(), 1)));
                g = rows.matMul(p[0]).reshape(n, classes, dense.in());
            } else if (layer instanceof dev.re3.net.Conv2d c) {
                int[] o = s.outShape;
                int[] in = s.inShape;
                NDArray planes = g.reshape(n * classes, o[0], o[1], o[2]);
                addBias(planes.sum(new int[] {2, 3}).matMul(p[1].reshape(o[0], 1)));
                g = vjp(s, planes, zeros(n * classes, in));
            } else if (layer instanceof BatchNorm) {
                NDArray shift = channelwise(p[1], s.inShape, 2);
                addBias(g.mul(shift).reshape(n * classes, -1).sum(new int[] {1}).reshape(n * classes, 1));
                g = g.mul(channelwise(p[0], s.inShape, 2));
            } else if (layer instanceof Standardize) {
                NDArray shift = p[2].reshape(shapeOf(1, 1, s.inShape));
                addBias(g.mul(shift).reshape(n * classes, -1).sum(new int[] {1}).reshape(n * classes, 1));
                g = g.div(p[1].reshape(shapeOf(1, 1, s.inShape)));
            } else if (s.gate != null) {
                g = g.mul(s.gate.expandDims(1));
            } else if (layer instanceof MaxPool2d) {
                g = vjp(s, g, s.input.expandDims(1).repeat(1, classes).reshape(shapeOf(n * classes, s.inShape)));
            } else if (layer instanceof AvgPool2d) {
                g = vjp(s, g, zeros(n * classes, s.inShape));
            } else if (layer instanceof Flatten) {
                g = g.reshape(shapeOf(n, classes, s.inShape));
            } else if (layer instanceof Residual) {
                NDArray sum = null;
                for (List<Step> branch : s.branches) {
                    NDArray gb = backward(branch, g);
                    sum = sum == null ? gb : sum.add(gb);
                }
                g = sum;
            }
        }
        return g;
    }

    /**
     * The exact vector-Jacobian product {@code G J} of a conv or pool layer at {@code point}, by DJL's
     * autograd: one input row per (input, class) pair, shape {@code [n * classes, *inShape]}. For the
     * linear layers any point serves; a max pool needs the recorded input to route {@code G}.
     */
    private NDArray vjp(Step s, NDArray g, NDArray point) {
        synchronized (COLLECTOR) {
            return collect(s, g, point);
        }
    }

    /**
     * DJL's PyTorch engine allows one {@link GradientCollector} per JVM at a time; every vjp of every
     * {@link Linearizer} takes this lock, so that conv and pool models can be linearised from several threads.
     */
    private static final Object COLLECTOR = new Object();

    private NDArray collect(Step s, NDArray g, NDArray point) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            point.setRequiresGradient(true);
            NDArray y;
            if (s.layer instanceof dev.re3.net.Conv2d c) {
                NDArray[] p = params.of(c);
                y = Conv2d.conv2d(point, p[0], p[1], shape(c.stride()), shape(c.padding()), new Shape(1, 1), 1)
                        .singletonOrThrow();
            } else if (s.layer instanceof MaxPool2d pool) {
                y = Pool.maxPool2d(point, shape(pool.kernel()), shape(pool.stride()), shape(pool.padding()), false);
            } else {
                y = avgPool(point, (AvgPool2d) s.layer);
            }
            collector.backward(y.mul(g.reshape(y.getShape())).sum());
            return point.getGradient().duplicate().reshape(shapeOf(n, classes, s.inShape));
        }
    }

    /**
     * The average pool of {@code z} ({@code [rows, C, H, W]}) by DJL. DJL's PyTorch engine ignores
     * {@code countIncludePad = false}, so a pool that leaves padding out of the divisor is computed as the
     * padded mean over the share of real positions in each window, which the same pool gives on ones.
     */
    private static NDArray avgPool(NDArray z, AvgPool2d pool) {
        Shape k = shape(pool.kernel());
        Shape st = shape(pool.stride());
        Shape p = shape(pool.padding());
        NDArray y = Pool.avgPool2d(z, k, st, p, false, true);
        if (pool.countPadding()) {
            return y;
        }
        Shape s = z.getShape();
        NDArray ones = z.getManager().ones(new Shape(1, 1, s.get(2), s.get(3)), z.getDataType());
        return y.div(Pool.avgPool2d(ones, k, st, p, false, true));
    }

    private NDArray zeros(int rows, int[] shape) {
        return m.zeros(shapeOf(rows, shape), DataType.FLOAT64);
    }

    private void addBias(NDArray column) {
        bias = bias.add(column.reshape(n, classes));
    }

    /** A per-channel vector shaped to broadcast against {@code [lead..., *shape]}. */
    private NDArray channelwise(NDArray v, int[] shape, int lead) {
        long[] dims = new long[lead + shape.length];
        Arrays.fill(dims, 1);
        dims[lead] = shape[0];
        return v.reshape(new Shape(dims));
    }

    private List<List<String>> patterns() {
        List<List<String>> out = new ArrayList<>(n);
        for (int s = 0; s < n; s++) {
            List<String> per = new ArrayList<>(gates.size());
            for (boolean[] on : gates) {
                int units = on.length / n;
                char[] c = new char[units];
                for (int u = 0; u < units; u++) {
                    c[u] = on[s * units + u] ? '1' : '0';
                }
                per.add(new String(c));
            }
            out.add(List.copyOf(per));
        }
        return out;
    }

    private List<String> regionIds() {
        List<List<String>> patterns = patterns();
        List<String> ids = new ArrayList<>(n);
        for (int s = 0; s < n; s++) {
            List<int[]> choices = new ArrayList<>();
            for (int[][] pool : pools) {
                choices.add(pool[s]);
            }
            ids.add(RegionCode.id(patterns.get(s), choices));
        }
        return ids;
    }

    private List<List<HiddenLayer>> hidden() {
        if (!keepHidden) {
            return List.of();
        }
        List<List<HiddenLayer>> out = new ArrayList<>(n);
        for (int s = 0; s < n; s++) {
            out.add(new ArrayList<>());
        }
        for (int h = 0; h < hiddenSteps.size(); h++) {
            Step step = hiddenSteps.get(h);
            double[] z = step.pre.toDoubleArray();
            double[] a = step.post.toDoubleArray();
            double[] g = hiddenG.get(h);
            double[] beta = hiddenBeta.get(h);
            int units = z.length / n;
            for (int s = 0; s < n; s++) {
                double[][] v = new double[classes][];
                for (int c = 0; c < classes; c++) {
                    int off = (s * classes + c) * units;
                    v[c] = Arrays.copyOfRange(g, off, off + units);
                }
                out.get(s).add(new HiddenLayer(step.hiddenSite, Arrays.copyOfRange(z, s * units, (s + 1) * units),
                        Arrays.copyOfRange(a, s * units, (s + 1) * units), v,
                        Arrays.copyOfRange(beta, s * classes, (s + 1) * classes)));
            }
        }
        return out.stream().map(List::copyOf).toList();
    }

    private static Shape shape(int[] pair) {
        return new Shape(pair[0], pair[1]);
    }

    private static Shape shapeOf(int lead, int[] rest) {
        long[] dims = new long[rest.length + 1];
        dims[0] = lead;
        for (int i = 0; i < rest.length; i++) {
            dims[i + 1] = rest[i];
        }
        return new Shape(dims);
    }

    private static Shape shapeOf(int a, int b, int[] rest) {
        long[] dims = new long[rest.length + 2];
        dims[0] = a;
        dims[1] = b;
        for (int i = 0; i < rest.length; i++) {
            dims[i + 2] = rest[i];
        }
        return new Shape(dims);
    }
}
