package dev.re3.bench;

import dev.re3.sae.FittedSae;
import dev.re3.sae.Sae;
import dev.re3.sae.SaeTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Trains an SAE on the rows of a CSV with the settings of {@code ../shared/peers/torch_sae.py} (unit-norm
 * decoder, mean decoder bias, constant lr, no input scaling, no held-out rows) and prints one line in the
 * peer's columns: kind, seconds, samples/s, mse, fvu, l0, dead.
 *
 * <p>usage: SaeTrainBenchmark DATA.csv KIND LATENTS K L1 LR BATCH EPOCHS SEED
 */
public final class SaeTrainBenchmark {
    public static void main(String[] args) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        double[][] x = lines.stream().filter(l -> !l.isBlank() && !Character.isLetter(l.charAt(0)))
                .map(l -> java.util.Arrays.stream(l.split(",")).mapToDouble(Double::parseDouble).toArray())
                .toArray(double[][]::new);
        String kind = args[1];
        int latents = Integer.parseInt(args[2]);
        int k = Integer.parseInt(args[3]);
        double l1 = Double.parseDouble(args[4]);
        SaeTrainer trainer = kind.equals("relu") ? Sae.relu(latents, l1) : Sae.topk(latents, k);
        trainer.optLearningRate(Double.parseDouble(args[5])).optBatchSize(Integer.parseInt(args[6]))
                .optEpochs(Integer.parseInt(args[7])).optSeed(Long.parseLong(args[8])).optScaleInput(false)
                .optHeldOut(0).optProgress(false);
        ai.djl.engine.Engine.getInstance(); // load the engine first, as the peer imports torch before its clock
        long t0 = System.nanoTime();
        FittedSae fitted = trainer.fit(x);
        double total = (System.nanoTime() - t0) / 1e9;
        // like the peer, the clock covers the optimisation steps only (TrainingHistory.seconds)
        double seconds = fitted.history().seconds();
        double rate = (double) x.length * Integer.parseInt(args[7]) / seconds;
        System.out.printf(Locale.ROOT,
                "%s\t%.3f\t%.0f\t%.4g\t%.4f\t%.2f\t%.3f\tre3 (DJL), fit with set-up and float64 evaluation %.3f s%n",
                kind, seconds, rate, fitted.metrics().mse(), fitted.metrics().fvu(), fitted.metrics().l0(),
                fitted.metrics().deadFraction(), total);
    }
}
