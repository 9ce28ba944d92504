package dev.re3.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.re3.net.Network;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON Lines format of {@code re3 explain --format json}: one self-contained object per input,
 * in input order. Keys:
 * <ul>
 *   <li>{@code index} (from 0), {@code input} (the values the network sees), {@code rawInput} (only
 *       with {@code --raw}: the row as given, before standardisation), {@code features} and
 *       {@code classes} (names);</li>
 *   <li>{@code logits}, {@code probabilities}, {@code predicted} (index), {@code predictedClass},
 *       {@code target} and {@code targetClass} (the class of {@code targetProbabilityContributions});</li>
 *   <li>{@code regionId}, {@code pattern} (one {@code '0'/'1'} string per ReLU layer);</li>
 *   <li>{@code affine}: {@code {"weight": [classes][features], "bias": [classes]}}, the exact local map
 *       {@code logits = weight . input + bias};</li>
 *   <li>{@code contributions} ({@code [classes][features]}, {@code weight[c][i] * input[i]}) and
 *       {@code bias}: {@code sum_i contributions[c][i] + bias[c] = logits[c]};</li>
 *   <li>{@code targetProbabilityContributions} ({@code [features]}) and {@code targetProbabilityBias}:
 *       first-order contributions to the target's probability;</li>
 *   <li>{@code reconstructionError}: {@code max_c |weight . input + bias - logits|};</li>
 *   <li>{@code distanceToBoundary}: distance from the input to its region's nearest boundary, present
 *       only for vector inputs of at most {@value ExplainCommand#DISTANCE_MAX_INPUTS} features, null if
 *       no boundary bounds the region.</li>
 * </ul>
 * Numbers are written so that they parse back to the same doubles.
 */
final class JsonLines {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonLines() {}

    /**
     * @param raw the input as given before standardisation ({@code --raw}), or null
     */
    static String line(Network net, InputResult r, double[] raw, boolean withDistance) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", r.index());
        if (raw != null) {
            m.put("rawInput", raw);
        }
        m.put("input", r.input());
        m.put("logits", r.logits());
        m.put("probabilities", r.probabilities());
        m.put("predicted", r.predicted());
        m.put("predictedClass", net.classes().get(r.predicted()));
        m.put("target", r.target());
        m.put("targetClass", net.classes().get(r.target()));
        m.put("regionId", r.regionId());
        m.put("pattern", r.patterns());
        Map<String, Object> affine = new LinkedHashMap<>();
        affine.put("weight", r.weight());
        affine.put("bias", r.bias());
        m.put("affine", affine);
        m.put("contributions", r.contributions());
        m.put("bias", r.bias());
        m.put("targetProbabilityContributions", r.targetProbabilityContributions());
        m.put("targetProbabilityBias", r.targetProbabilityBias());
        m.put("reconstructionError", r.reconstructionError());
        if (withDistance) {
            m.put("distanceToBoundary", r.distanceToBoundary());
        }
        m.put("features", net.features());
        m.put("classes", net.classes());
        try {
            return MAPPER.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write input " + r.index() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
