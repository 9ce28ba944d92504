package dev.re3.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.re3.codec.ContributionResult;
import dev.re3.codec.Contributions;
import dev.re3.codec.LayerStatistics;
import dev.re3.codec.Target;
import dev.re3.data.Dataset;
import dev.re3.net.Network;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code re3 statistics}: CODEC's layer statistics ({@link LayerStatistics}) of the contributions at several sites
 * for the inputs of a CSV file or a shipped dataset, beside those of the activations there: one row per site with
 * the mean Hoyer sparsity, the principal components for 95% of the variance of the class-mean vectors and their
 * participation ratio, for both, and the mean decorrelation {@code -r(neg, pos)} of the contributions.
 */
final class StatisticsCommand implements Command {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The columns of every format, after {@code site}, {@code method}, {@code inputs}, {@code classes}. */
    static final List<String> COLUMNS = List.of("values", "hoyerContributions", "hoyerActivations",
            "components95Contributions", "components95Activations", "participationContributions",
            "participationActivations", "decorrelation");

    @Override
    public String name() {
        return "statistics";
    }

    @Override
    public String summary() {
        return "layer statistics of contributions and activations per site: sparsity, dimensionality, decorrelation";
    }

    @Override
    public String synopsis() {
        return "--model M.json (--data X.csv [--labels COLUMN] | --dataset NAME [--limit N]) [--sites all|S1,S2,...]"
                + " [--method activation-x-gradient|integrated-gradients] [--steps N|exact] [--target predicted|CLASS]"
                + " [--format table|json|csv] [--out FILE]";
    }

    @Override
    public String details() {
        return """
                For each site of --sites (default all: every site 're3 sites' lists), the contributions of its
                units to the target (as 're3 contributions' computes them: --method, --steps, --target) for every input,
                and the site's activations at the input, summarised as CODEC does:
                hoyer: Hoyer sparsity (sqrt(n) - |v|_1/|v|_2) / (sqrt(n) - 1) of each input's vector, averaged;
                components95 and participation: the principal components needed for 95% of the variance of the
                class-mean vectors, and their participation ratio (sum l)^2 / sum l^2;
                decorrelation: -r(neg, pos), minus the correlation of the negative and positive parts of each input's
                contributions, averaged where defined.
                Classes are the labels: a column of --data named by --labels (class names or indices), or the labels of
                the shipped --dataset (its first --limit rows, standardised with the model's recorded standardizer).
                Without labels they are the target classes (the predicted classes), so --target CLASS needs labels.
                table: one line per site; csv: a header, then one row per site; json: one object per site (JSON Lines)
                with site, method, inputs, classes, classesFrom (labels or targetClasses), values, hoyerContributions,
                hoyerActivations, components95Contributions, components95Activations, participationContributions,
                participationActivations and decorrelation (null where undefined).""";
    }

    @Override
    public List<Option> options() {
        return List.of(
                ModelInputs.MODEL,
                Option.value("data", "X.csv", "the inputs, one per row, header optional (or --dataset)"),
                Option.value("labels", "COLUMN", "with --data: the column of the header holding each row's class"),
                Option.value("dataset", "NAME", "a shipped dataset whose inputs and labels are used (or --data)"),
                Option.value("limit", "N", "with --dataset: its first N rows (default all)"),
                Option.value("sites", "all|S1,S2", "the sites, in the order given (default all)"),
                Option.value("method", "M", "activation-x-gradient (default) or integrated-gradients"),
                Option.value("steps", "N|exact", "integration steps, or exact along the region walk (default 25)"),
                Option.value("target", "predicted|CLASS", "the logit explained (default predicted)"),
                Option.value("format", "table|json|csv", "output format (default table)"),
                ModelInputs.RAW,
                ModelInputs.STANDARDIZED,
                ModelInputs.OUT);
    }

    @Override
    public void run(Arguments args, PrintStream out, PrintStream err) throws IOException {
        if (args.has("data") == args.has("dataset")) {
            throw new UsageException("expected exactly one of --data and --dataset, got "
                    + (args.has("data") ? "both" : "neither"));
        }
        for (String o : List.of("labels", "raw", "standardized")) {
            if (args.has(o) && args.has("dataset")) {
                throw new UsageException("option --" + o + ": applies to --data X.csv, not to --dataset (its labels are"
                        + " used and its rows standardised with the model's recorded standardizer)");
            }
        }
        if (args.has("limit") && args.has("data")) {
            throw new UsageException("option --limit: applies to --dataset only");
        }
        String method = args.choice("method", "activation-x-gradient", "activation-x-gradient", "integrated-gradients");
        if (args.has("steps") && method.equals("activation-x-gradient")) {
            throw new UsageException("option --steps: only for --method integrated-gradients, got --method " + method);
        }
        String steps = args.string("steps", "25").trim();
        int n = steps.equals("exact") ? 0 : ContributionsCommand.parseSteps(steps);
        String format = args.choice("format", "table", "table", "json", "csv");
        int limit = args.integer("limit", Integer.MAX_VALUE, 1);
        Model model = Model.of(args);
        Network net = model.network();
        List<String> sites = sites(net, args.string("sites", "all"));
        String targetText = args.string("target", "predicted").trim();
        boolean labelled = args.has("labels") || args.has("dataset");
        if (!targetText.equals("predicted") && !labelled) {
            throw new UsageException("option --target " + targetText + ": every input has the same target class, so the"
                    + " class means need labels: give --labels COLUMN (a column of --data) or --dataset NAME");
        }
        Target target = targetText.equals("predicted") ? Target.predicted()
                : Target.logit(ExplainCommand.target(net, targetText));
        Contributions contributions;
        int[] labels = null;
        if (args.has("dataset")) {
            Dataset data = model.dataset(args, "dataset", limit);
            labels = data.labels();
            contributions = Contributions.of(net, data);
        } else {
            double[][] xs = ModelInputs.read(args, model, args.requiredPath("data"), "inputs", err).network();
            if (args.has("labels")) {
                labels = InputCsv.labels(args.requiredPath("data"), args.required("labels").trim(), net.classes());
                contributions = Contributions.of(net, Dataset.of(args.required("data"), net.features(), net.classes(), xs,
                        labels));
            } else {
                contributions = Contributions.of(net, xs);
            }
        }
        Function<Contributions, ContributionResult> each = method.equals("activation-x-gradient")
                ? Contributions::activationTimesGradient : n == 0 ? Contributions::exact : c -> c.integrated(n);
        Contributions targeted = contributions.optTarget(target);
        // the classes the statistics group by: the labels, or the target classes (any method gives the same ones)
        int[] classes = labels != null ? labels : targeted.at(sites.get(0)).activationTimesGradient().classes();
        Facts facts = new Facts(classes.length, (int) Arrays.stream(classes).distinct().count(),
                labels != null ? "labels" : "targetClasses");
        LayerStatistics stats = targeted.statistics(sites, each);
        String text = switch (format) {
            case "json" -> json(stats, facts);
            case "csv" -> csv(stats, facts);
            default -> table(stats, facts);
        };
        PathCommand.emit(args, out, stream -> stream.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The number of inputs, of classes among them, and where the classes come from. */
    record Facts(int inputs, int classes, String classesFrom) {}

    /** {@code all} or site names separated by commas, each a site of the network (see 're3 sites'), none twice. */
    static List<String> sites(Network net, String text) {
        List<String> all = Contributions.sites(net);
        if (text.trim().equals("all")) {
            return all;
        }
        List<String> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String s = part.trim();
            if (!all.contains(s)) {
                throw new UsageException("option --sites: " + (s.isEmpty() ? "an empty site name" : "no site named '" + s + "'")
                        + "; expected all or sites separated by commas from " + String.join(", ", all)
                        + " (see 're3 sites'), got '" + text + "'");
            }
            if (out.contains(s)) {
                throw new UsageException("option --sites: site " + s + " is given twice; expected each at most once");
            }
            out.add(s);
        }
        return out;
    }

    /** The values of one site's row, in the order of {@link #COLUMNS}. */
    private static List<Number> values(LayerStatistics.Layer l) {
        return List.of(l.width(), l.meanHoyer(), l.meanHoyerActivations(), l.components95(), l.components95Activations(),
                l.participationRatio(), l.participationRatioActivations(), l.meanDecorrelation());
    }

    static String json(LayerStatistics stats, Facts facts) {
        StringBuilder s = new StringBuilder();
        for (LayerStatistics.Layer l : stats.layers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("site", l.site());
            m.put("method", l.method());
            m.put("inputs", facts.inputs());
            m.put("classes", facts.classes());
            m.put("classesFrom", facts.classesFrom());
            List<Number> v = values(l);
            for (int k = 0; k < COLUMNS.size(); k++) {
                Number x = v.get(k);
                m.put(COLUMNS.get(k), x instanceof Double d && !Double.isFinite(d) ? null : x);
            }
            try {
                s.append(MAPPER.writeValueAsString(m)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the statistics of " + l.site() + " as JSON: "
                        + e.getOriginalMessage(), e);
            }
        }
        return s.toString();
    }

    static String csv(LayerStatistics stats, Facts facts) {
        StringBuilder s = new StringBuilder("site,method,inputs,classes,classesFrom," + String.join(",", COLUMNS) + "\n");
        for (LayerStatistics.Layer l : stats.layers()) {
            s.append(InputCsv.quote(l.site())).append(',').append(InputCsv.quote(l.method())).append(',')
                    .append(facts.inputs()).append(',').append(facts.classes()).append(',').append(facts.classesFrom());
            for (Number x : values(l)) {
                s.append(',').append(x);
            }
            s.append('\n');
        }
        return s.toString();
    }

    static String table(LayerStatistics stats, Facts facts) {
        List<LayerStatistics.Layer> layers = stats.layers();
        int width = Math.max(4, layers.stream().mapToInt(l -> l.site().length()).max().orElse(4));
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "layer statistics of %d inputs (%s), %d classes"
                + " from the %s; contributions (activations)%n", facts.inputs(), layers.get(0).method(), facts.classes(),
                facts.classesFrom().equals("labels") ? "labels" : "target classes"));
        s.append(String.format(Locale.ROOT, "%-" + width + "s %7s  %-17s  %-9s  %-17s  %13s%n", "site", "values",
                "Hoyer", "95% comp.", "participation", "decorrelation"));
        for (LayerStatistics.Layer l : layers) {
            s.append(String.format(Locale.ROOT, "%-" + width + "s %7d  %-17s  %-9s  %-17s  %13s%n", l.site(), l.width(),
                    TableText.num(l.meanHoyer()) + " (" + TableText.num(l.meanHoyerActivations()) + ")",
                    l.components95() + " (" + l.components95Activations() + ")",
                    TableText.num(l.participationRatio()) + " (" + TableText.num(l.participationRatioActivations()) + ")",
                    TableText.num(l.meanDecorrelation())));
        }
        return s.toString();
    }
}
