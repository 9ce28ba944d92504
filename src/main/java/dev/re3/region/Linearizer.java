package dev.re3.region;

import ai.djl.ndarray.NDManager;
import dev.re3.net.Network;
import dev.re3.net.Site;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Exact local affine maps of a batch of inputs by reverse mode through the DJL engine, in float64.
 *
 * <p>A forward pass records each ReLU's gate ({@code 1} where {@code z > 0}, else {@code 0} or the leaky
 * slope) and each max pool's input. The backward pass carries, for every input {@code n}, the
 * cotangent {@code G} of shape {@code [classes, units]} from the logits down to the input:
 * {@code G <- G W} through a dense layer, {@code G <- G diag(gate)} through a ReLU, and the exact
 * vector-Jacobian product (DJL's autograd) through a convolution or a pool; while passing a
 * layer with bias {@code t} it adds {@code G t} to the bias of the map. At the input, {@code G = W} and
 * the accumulated bias is {@code b}, so that {@code W x' + b = f(x')} on the region. All inputs of a
 * chunk and all classes go through each layer as one large matrix product ({@code [n * classes, units]}).
 *
 * <p>Native memory lives in a scoped {@link NDManager} per call and per chunk; results are Java arrays.
 *
 * <p>That is the reference path ({@code djlOnly()}, package-private, for tests). By default plain dense ReLU
 * stacks take {@link DenseFastPath} when the Vector API module is present ({@code --add-modules
 * jdk.incubator.vector}), and every other network (convolutions, pools, batch norm, residual blocks) takes
 * {@link PlainPass}: the engine's {@link Pullback} in plain Java, one input per task, which skips the units
 * that closed gates and unchosen pool inputs leave at zero. Their maps have the same meaning.
 */
public final class Linearizer {
    private static final long CHUNK_BYTES = 1L << 28;

    private final Network network;
    private final boolean keepHidden;
    private final int chunkSize;
    private final boolean djlOnly;

    private Linearizer(Network network, boolean keepHidden, int chunkSize, boolean djlOnly) {
        this.network = network;
        this.keepHidden = keepHidden;
        this.chunkSize = chunkSize;
        this.djlOnly = djlOnly;
    }

    public static Linearizer of(Network network) {
        return new Linearizer(network, false, 0, false);
    }

    /** Also keep every top-level hidden layer's activations and downstream map ({@link HiddenLayer}). */
    public Linearizer withHidden(boolean keep) {
        return new Linearizer(network, keep, chunkSize, djlOnly);
    }

    /** The same linearizer that always takes the DJL reverse mode, never {@link DenseFastPath} or {@link PlainPass}. */
    Linearizer djlOnly() {
        return new Linearizer(network, keepHidden, chunkSize, true);
    }

    private boolean fast() {
        return !djlOnly && DenseFastPath.supports(network);
    }

    /** Inputs per chunk; 0 (the default) picks a size that keeps each chunk's arrays near 256 MB. */
    public Linearizer withChunkSize(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("chunk size: expected 0 (automatic) or a positive number, got " + size);
        }
        return new Linearizer(network, keepHidden, size, djlOnly);
    }

    /**
     * The local maps of every input.
     *
     * @param xs {@code [n][inputSize]}, at least one input, every value finite
     */
    public LocalMaps linearize(double[][] xs) {
        if (fast()) {
            network.checkBatch(xs);
            return finite(DenseFastPath.linearize(network, xs, keepHidden), xs, 0);
        }
        List<LocalMaps> parts = new ArrayList<>();
        forEachChunk(xs, (offset, part) -> parts.add(part));
        return parts.size() == 1 ? parts.get(0) : concat(parts);
    }

    /**
     * The maps, if every logit is finite; otherwise the error of the plain forward pass of the first bad
     * input, which names the first layer whose output overflows.
     */
    private LocalMaps finite(LocalMaps maps, double[][] xs, int offset) {
        for (int i = 0; i < maps.size(); i++) {
            for (double v : maps.logits(i)) {
                if (!Double.isFinite(v)) {
                    String at = "input " + (offset + i) + ": ";
                    try {
                        network.forward(xs[offset + i]);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(at + e.getMessage(), e);
                    }
                    throw new IllegalArgumentException(at + "expected finite logits, got " + v);
                }
            }
        }
        return maps;
    }

    /**
     * Linearises chunk by chunk and hands each chunk's maps to {@code consumer} with the index of its
     * first input, so that a large dataset never holds all maps at once.
     */
    public void forEachChunk(double[][] xs, BiConsumer<Integer, LocalMaps> consumer) {
        network.checkBatch(xs);
        int chunk = chunkSize > 0 ? chunkSize : autoChunk();
        if (fast()) {
            for (int start = 0; start < xs.length; start += chunk) {
                int end = Math.min(xs.length, start + chunk);
                consumer.accept(start, finite(DenseFastPath.linearize(network, Arrays.copyOfRange(xs, start, end), keepHidden),
                        xs, start));
            }
            return;
        }
        if (!djlOnly) {
            PlainPass plain = new PlainPass(network, keepHidden);
            for (int start = 0; start < xs.length; start += chunk) {
                int end = Math.min(xs.length, start + chunk);
                consumer.accept(start, finite(plain.run(Arrays.copyOfRange(xs, start, end)), xs, start));
            }
            return;
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            ReversePass.Params params = new ReversePass.Params(manager);
            for (int start = 0; start < xs.length; start += chunk) {
                int n = Math.min(chunk, xs.length - start);
                try (NDManager scope = manager.newSubManager()) {
                    LocalMaps part = new ReversePass(network, keepHidden, scope, params, n).run(Arrays.copyOfRange(xs, start, start + n));
                    consumer.accept(start, finite(part, xs, start));
                }
            }
        }
    }

    private int autoChunk() {
        long widest = network.inputSize();
        for (Site s : network.sites()) {
            widest = Math.max(widest, s.units());
        }
        long perInput = 8L * network.outputSize() * widest * 4;
        return (int) Math.max(1, Math.min(4096, CHUNK_BYTES / perInput));
    }

    /** The maps of several chunks, one after the other. */
    private static LocalMaps concat(List<LocalMaps> parts) {
        int size = parts.stream().mapToInt(LocalMaps::size).sum();
        LocalMaps first = parts.get(0);
        int c = first.classes();
        int d = first.inputs();
        double[] x = new double[size * d];
        double[] w = new double[size * c * d];
        double[] b = new double[size * c];
        double[] logits = new double[size * c];
        double[] err = new double[size];
        List<List<String>> patterns = new ArrayList<>(size);
        List<String> ids = new ArrayList<>(size);
        List<List<HiddenLayer>> hidden = new ArrayList<>();
        int at = 0;
        for (LocalMaps p : parts) {
            System.arraycopy(p.inputsFlat(), 0, x, at * d, p.size() * d);
            System.arraycopy(p.weightFlat(), 0, w, at * c * d, p.size() * c * d);
            for (int i = 0; i < p.size(); i++) {
                System.arraycopy(p.bias(i), 0, b, (at + i) * c, c);
                System.arraycopy(p.logits(i), 0, logits, (at + i) * c, c);
                err[at + i] = p.reconstructionError(i);
                patterns.add(p.patterns(i));
                ids.add(p.regionId(i));
                if (!p.hidden(i).isEmpty()) {
                    hidden.add(p.hidden(i));
                }
            }
            at += p.size();
        }
        return new LocalMaps(size, c, d, x, w, b, logits, err, patterns, ids, hidden);
    }
}
