package dev.re3.sae;

import java.util.Locale;

/** The SAE variants, named as in the {@code kind} key of the {@code re3-sae/1} format. */
public enum SaeKind {
    /** ReLU with an L1 penalty weighted by decoder-row norms. */
    RELU,
    /** TopK, with the AuxK loss over dead latents. */
    TOPK,
    /** BatchTopK, with a learned inference threshold. */
    BATCHTOPK,
    /** JumpReLU, straight-through threshold, L0 penalty. */
    JUMPRELU,
    /** Matching pursuit (MP-SAE). */
    MP,
    /** CODEC's MLP encoder with a sigmoid and a hard threshold. */
    CODEC;

    /** The format's name, lower case ({@code "topk"}). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code key}, case-insensitive. */
    public static SaeKind of(String key) {
        for (SaeKind k : values()) {
            if (k.key().equalsIgnoreCase(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown SAE kind: expected one of relu, topk, batchtopk, jumprelu, mp, codec; given " + key);
    }
}
