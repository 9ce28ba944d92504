package dev.re3.djl;

/**
 * Thrown when a DJL block cannot become a layer of a piecewise-linear {@link dev.re3.net.Network}:
 * it is not piecewise linear (sigmoid, tanh, GELU, attention), it is a softmax that is not the last
 * block, or it is a block this package does not recognise.
 *
 * <p>The message names the block's path in the block tree, as DJL names children
 * ({@code "02SequentialBlock/01LambdaBlock"}), its type, the reason, and what is supported.
 */
public class UnsupportedLayerException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** What {@link DjlImport} can read, listed in every message. */
    public static final String SUPPORTED = "SequentialBlock; Linear; Conv2d (dilation 1, groups 1); BatchNorm (axis 1); "
            + "Dropout; ParallelBlock whose join adds its branches (Blocks.identityBlock() is "
            + "the skip branch); LambdaBlocks for ReLU, LeakyReLU, maxPool2d, avgPool2d, "
            + "globalMaxPool2d, globalAvgPool2d, batchFlatten and identity; a softmax LambdaBlock as the last block; "
            + "and this package's NetworkBlock, ResidualBlock, LeakyReluBlock, Pool2dBlock, InferenceBatchNormBlock "
            + ", DropoutBlock and StandardizeBlock";

    private final String path;
    private final String blockType;

    /**
     * @param path the block's path, e.g. {@code "02SequentialBlock/01LambdaBlock"}
     * @param blockType the block's type, e.g. {@code "LambdaBlock 'sigmoid'"}
     * @param reason why it is not supported
     */
    public UnsupportedLayerException(String path, String blockType, String reason) {
        this(path, blockType, reason, null);
    }

    /**
     * @param path the block's path
     * @param blockType the block's type
     * @param reason why it is not supported
     * @param cause the failure that revealed it, or null
     */
    public UnsupportedLayerException(String path, String blockType, String reason, Throwable cause) {
        super("unsupported block at " + path + " (" + blockType + "): " + reason + ". Supported: " + SUPPORTED, cause);
        this.path = path;
        this.blockType = blockType;
    }

    /** The block's path in the block tree. */
    public String path() {
        return path;
    }

    /** The block's type, with the name of a LambdaBlock. */
    public String blockType() {
        return blockType;
    }
}
