package dev.re3.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.re3.Re3;
import dev.re3.data.Datasets;
import dev.re3.sae.FittedSae;
import dev.re3.sae.Sae;
import dev.re3.sae.SaeFile;
import dev.re3.sae.SaeKind;
import dev.re3.sae.SaeMetrics;
import dev.re3.sae.SaeTrainer;
import dev.re3.sae.SiteActivations;
import dev.re3.sae.SparseAutoencoder;
import dev.re3.sae.SpliceResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code re3 sae train|eval|encode}: sparse autoencoders ({@link dev.re3.sae}) on the rows of a CSV file of
 * numbers, or on a network's activations at a site for a shipped dataset ({@code --model --site --dataset}).
 * SAEs are saved as {@code re3-sae/1} JSON ({@link SaeFile}).
 */
final class SaeCommand {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final Option DATA = Option.value("data", "X.csv", "rows of numbers, header optional (or --model, --site, --dataset)");
    static final Option MODEL = Option.value("model", "M.json", "a model whose activations at --site are the rows");
    static final Option SITE = Option.value("site", "S", "the site of --model, e.g. 1.relu (see 're3 sites')");
    static final Option DATASET = Option.value("dataset", "NAME", "a shipped dataset whose inputs go through --model");
    static final Option SAE = Option.value("sae", "sae.json", "an SAE file (re3-sae/1 JSON), required");

    private SaeCommand() {}

    /** The rows to train or evaluate on: a CSV file, or the activations at a site of a model for a dataset. */
    static double[][] rows(Arguments args, int width) {
        boolean site = args.has("model") || args.has("site") || args.has("dataset");
        if (args.has("data") == site) {
            throw new UsageException(site ? "options --data and --model/--site/--dataset: expected one source of rows, got both"
                    : "missing required option --data (or --model, --site and --dataset)");
        }
        if (!site) {
            return csv(args.requiredPath("data"), width);
        }
        double[][] a = trainedActivations(args).at(args.required("site"));
        if (width > 0 && a[0].length != width) {
            throw new CliException("site " + args.required("site") + " has " + a[0].length
                    + " units; expected the SAE's input size " + width);
        }
        return a;
    }

    /**
     * The activations of {@code --model} for {@code --dataset}, as the other commands see the model: the network as
     * trained, on standardised rows, so site names are the trained ones ({@code 1.relu}).
     */
    static SiteActivations trainedActivations(Arguments args) {
        Model model = Model.of(args);
        return Re3.of(model.network()).activations(model.standardised(Datasets.byName(args.required("dataset"))));
    }

    /** Reads a CSV of numbers; {@code width} 0 takes the first row's width. */
    static double[][] csv(Path file, int width) {
        List<String> names = names(file, width);
        return InputCsv.read(file, names);
    }

    /** The column names: the header's if it has one of the right width, else x0, x1, ... */
    private static List<String> names(Path file, int width) {
        List<String> lines;
        try {
            lines = Files.isRegularFile(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new CliException("cannot read input file " + file + ": " + e.getMessage(), e);
        }
        List<String> header = null;
        int found = width;
        boolean row = false;
        for (String line : lines) {
            String l = line.startsWith("\uFEFF") ? line.substring(1) : line;
            if (l.isBlank()) {
                continue;
            }
            List<String> fields = InputCsv.split(l);
            boolean numbers = fields.stream().anyMatch(f -> f.trim().matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?"
                    + "|(?i)[+-]?(nan|inf|infinity)"));
            if (!numbers && header == null) {
                header = fields.stream().map(String::trim).toList();
                continue;
            }
            if (width > 0 && fields.size() != width) {
                throw new CliException(file + ", row 1: expected " + width + " values (the SAE's input size), got "
                        + fields.size());
            }
            found = fields.size();
            row = true;
            break;
        }
        if (!row && Files.isRegularFile(file)) {
            throw new CliException(file + ": expected at least one row of numbers"
                    + (width > 0 ? " (" + width + " values, the SAE's input size)" : "") + ", got "
                    + (header != null ? "a header and no rows" : "an empty file"));
        }
        if (header != null && header.size() == found && header.stream().distinct().count() == found) {
            return header;
        }
        List<String> generated = new ArrayList<>();
        for (int j = 0; j < Math.max(found, 1); j++) {
            generated.add("x" + j);
        }
        return generated;
    }

    private static String json(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    static Map<String, Object> metrics(SaeMetrics m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("rows", m.rows());
        o.put("mse", m.mse());
        o.put("fvu", m.fvu());
        o.put("explainedVariance", m.explainedVariance());
        o.put("l0", m.l0());
        o.put("l1", m.l1());
        o.put("deadFraction", m.deadFraction());
        o.put("denseFraction", m.denseFraction());
        o.put("cosine", m.cosine());
        o.put("relativeBias", m.relativeBias());
        return o;
    }

    /** {@code re3 sae train}. */
    static final class Train implements Command {
        @Override
        public String name() {
            return "sae train";
        }

        @Override
        public String summary() {
            return "train a sparse autoencoder on rows of numbers or on a site's activations";
        }

        @Override
        public String synopsis() {
            return "(--data X.csv | --model M.json --site S --dataset NAME) --kind K --latents N [--k K]"
                    + " [--coefficient C] [--seed S] [--epochs E] [--batch-size B] [--learning-rate LR]"
                    + " [--dead-steps N] [--aux-k] --out sae.json";
        }

        @Override
        public String details() {
            return """
                    Kinds: topk, batchtopk and mp need --k (latents kept per row, or pursuit steps); relu (L1) and
                    jumprelu (L0) need --coefficient; codec takes --coefficient as its dictionary L1 (default 5e-5).
                    CODEC's latents get no gradient while their code is below its threshold, so many end dead;
                    --aux-k (codec, off by default: not CODEC's published loss) trains the latents dead for
                    --dead-steps steps with TopK's auxiliary loss on their codes before the threshold.
                    Adam, float32, seeded; 10% of the rows (chosen with the seed) are held out for the metrics printed
                    and kept in the file's provenance.""";
        }

        @Override
        public List<Option> options() {
            return List.of(DATA, MODEL, SITE, DATASET,
                    Option.value("kind", "K", "relu, topk, batchtopk, jumprelu, mp or codec; required"),
                    Option.value("latents", "N", "dictionary size; required"),
                    Option.value("k", "K", "latents per row (topk, batchtopk) or pursuit steps (mp)"),
                    Option.value("coefficient", "C", "sparsity coefficient: L1 (relu), L0 (jumprelu), dictionary L1 (codec)"),
                    Option.value("seed", "S", "seed of every random choice (default 0)"),
                    Option.value("epochs", "E", "passes over the rows (default 5)"),
                    Option.value("batch-size", "B", "rows per step (default 1024)"),
                    Option.value("learning-rate", "LR", "Adam's learning rate (default 1e-3)"),
                    Option.value("dead-steps", "N", "steps without firing after which a latent counts dead (default"
                            + " 200; AuxK of topk, batchtopk and codec with --aux-k)"),
                    Option.flag("aux-k", "codec: train dead latents with TopK's AuxK on their codes (default off)"),
                    Option.value("out", "sae.json", "the SAE file to write (whole or not at all); required"));
        }

        @Override
        public void run(Arguments args, PrintStream out, PrintStream err) {
            String kindText = args.required("kind");
            SaeKind kind;
            try {
                kind = SaeKind.of(kindText.trim());
            } catch (IllegalArgumentException e) {
                throw new UsageException("option --kind: " + e.getMessage());
            }
            int latents = args.integer("latents", 0, 1);
            if (latents == 0) {
                args.required("latents");
            }
            Path target = args.requiredPath("out");
            boolean usesK = kind == SaeKind.TOPK || kind == SaeKind.BATCHTOPK || kind == SaeKind.MP;
            if (usesK && !args.has("k")) {
                throw new UsageException("option --k: required for --kind " + kind.key());
            }
            if (!usesK && args.has("k")) {
                throw new UsageException("option --k: only for --kind topk, batchtopk or mp, got --kind " + kind.key());
            }
            if (usesK && args.has("coefficient")) {
                throw new UsageException("option --coefficient: not for --kind " + kind.key());
            }
            if ((kind == SaeKind.RELU || kind == SaeKind.JUMPRELU) && !args.has("coefficient")) {
                throw new UsageException("option --coefficient: required for --kind " + kind.key());
            }
            if (kind != SaeKind.CODEC && args.flag("aux-k")) {
                throw new UsageException("option --aux-k: only for --kind codec, got --kind " + kind.key());
            }
            int k = args.integer("k", 0, Integer.MIN_VALUE);
            double c = args.has("coefficient") ? coefficient(args.string("coefficient")) : 5e-5;
            SaeTrainer trainer = switch (kind) {
                case TOPK -> Sae.topk(latents, k);
                case BATCHTOPK -> Sae.batchTopk(latents, k);
                case MP -> Sae.matchingPursuit(latents, k);
                case RELU -> Sae.relu(latents, c);
                case JUMPRELU -> Sae.jumpRelu(latents, c);
                case CODEC -> Sae.codec(latents, c);
            };
            trainer.optSeed(args.seed("seed", 0)).optEpochs(args.integer("epochs", 5, 1))
                    .optBatchSize(args.integer("batch-size", 1024, 1)).optDeadSteps(args.integer("dead-steps", 200, 1))
                    .optProgress(false);
            if (kind == SaeKind.CODEC) {
                trainer.optCodecAuxK(args.flag("aux-k"));
            }
            if (args.has("learning-rate")) {
                trainer.optLearningRate(number("learning-rate", args.string("learning-rate")));
            }
            double[][] rows = rows(args, 0);
            FittedSae fitted = trainer.fit(rows);
            SaeFile.write(fitted, target);
            out.println("trained " + fitted + "; wrote " + target);
            if (fitted.metrics().deadFraction() == 1) {
                err.println("re3 sae train: warning: no latent fires on the " + fitted.evaluationRows() + " evaluation"
                        + " rows; try more epochs, a larger learning rate" + (kind == SaeKind.CODEC
                        ? ", --aux-k or a lower code threshold (CODEC's latents get no gradient below it)" : "")
                        + " or a smaller sparsity coefficient");
            }
        }

        private static double coefficient(String v) {
            double d = number("coefficient", v);
            if (!(d >= 0)) {
                throw new UsageException("option --coefficient: expected a number >= 0, got " + v);
            }
            return d;
        }
    }

    static double number(String name, String v) {
        try {
            double d = Double.parseDouble(v.trim());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("option --" + name + ": expected a finite number, got '" + v + "'");
    }

    /** {@code re3 sae eval}. */
    static final class Eval implements Command {
        @Override
        public String name() {
            return "sae eval";
        }

        @Override
        public String summary() {
            return "metrics of an SAE on rows of numbers, or spliced into a model at a site";
        }

        @Override
        public String synopsis() {
            return "--sae sae.json (--data X.csv | --model M.json --site S --dataset NAME) [--format json|table]";
        }

        @Override
        public String details() {
            return """
                    Metrics in the data's units: mse, fvu (summed error over summed variance about the mean),
                    explainedVariance, l0, l1, deadFraction, denseFraction (latents on more than 10% of rows), cosine,
                    relativeBias. With --model, --site and --dataset the SAE's reconstruction replaces the site's
                    activations and the splice metrics are added: logitMse, kl, lossClean, lossSpliced, lossZero,
                    fractionRecovered ((lossZero - lossSpliced) / (lossZero - lossClean)), accuracyClean, accuracySpliced.
                    json: one object; table: one metric per line.""";
        }

        @Override
        public List<Option> options() {
            return List.of(SAE, DATA, MODEL, SITE, DATASET, Option.value("format", "json|table", "output format (default table)"));
        }

        @Override
        public void run(Arguments args, PrintStream out, PrintStream err) {
            boolean json = args.choice("format", "table", "json", "table").equals("json");
            SparseAutoencoder sae = SaeFile.read(args.requiredPath("sae"));
            Map<String, Object> m;
            if (args.has("model") || args.has("site") || args.has("dataset")) {
                if (args.has("data")) {
                    rows(args, sae.inputSize()); // reports the conflict
                }
                SiteActivations acts = trainedActivations(args);
                SpliceResult r = acts.splice(args.required("site"), sae);
                m = metrics(r.reconstruction());
                m.put("site", r.site());
                m.put("logitMse", r.logitMse());
                m.put("kl", r.kl());
                m.put("lossClean", r.lossClean());
                m.put("lossSpliced", r.lossSpliced());
                m.put("lossZero", r.lossZero());
                m.put("fractionRecovered", r.fractionRecovered());
                m.put("accuracyClean", r.accuracyClean());
                m.put("accuracySpliced", r.accuracySpliced());
            } else {
                m = metrics(SaeMetrics.of(sae, rows(args, sae.inputSize())));
            }
            if (json) {
                out.println(json(m));
            } else {
                for (Map.Entry<String, Object> e : m.entrySet()) {
                    Object v = e.getValue();
                    out.printf(Locale.ROOT, "%-18s %s%n", e.getKey(), v instanceof Double d ? TableText.num(d) : v);
                }
            }
        }
    }

    /** {@code re3 sae encode}. */
    static final class Encode implements Command {
        @Override
        public String name() {
            return "sae encode";
        }

        @Override
        public String summary() {
            return "the sparse codes of an SAE for every row, as JSON Lines or CSV";
        }

        @Override
        public String synopsis() {
            return "--sae sae.json (--data X.csv | --model M.json --site S --dataset NAME) [--format json|csv]";
        }

        @Override
        public String details() {
            return "json: one object per row: index (from 0), codes (one value per latent), active (the latents"
                    + " that are not 0). csv: a header (index, f0 ... f(m-1)), then one row per input row.";
        }

        @Override
        public List<Option> options() {
            return List.of(SAE, DATA, MODEL, SITE, DATASET, Option.value("format", "json|csv", "output format (default json)"));
        }

        @Override
        public void run(Arguments args, PrintStream out, PrintStream err) {
            boolean csv = args.choice("format", "json", "json", "csv").equals("csv");
            SparseAutoencoder sae = SaeFile.read(args.requiredPath("sae"));
            double[][] rows = rows(args, sae.inputSize());
            if (csv) {
                StringBuilder head = new StringBuilder("index");
                for (int j = 0; j < sae.latents(); j++) {
                    head.append(",f").append(j);
                }
                out.println(head);
            }
            for (int i = 0; i < rows.length; i++) {
                double[] f = sae.encode(rows[i]);
                if (csv) {
                    StringBuilder line = new StringBuilder().append(i);
                    for (double v : f) {
                        line.append(',').append(v);
                    }
                    out.println(line);
                    if (i % 256 == 255) {
                        Main.checkOutput(out);
                    }
                    continue;
                }
                List<Integer> active = new ArrayList<>();
                for (int j = 0; j < f.length; j++) {
                    if (f[j] != 0) {
                        active.add(j);
                    }
                }
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("index", i);
                o.put("codes", f);
                o.put("active", active);
                out.println(json(o));
                if (i % 256 == 255) {
                    Main.checkOutput(out);
                }
            }
        }
    }
}
