package dev.re3.cli;

import dev.re3.data.Standardizer;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;

/**
 * The rows of {@code --data} on the network's own scale.
 *
 * <p>Rows are raw values, in the units of the user's data, unless {@code --standardized} says otherwise: when
 * the model records the standardizer it was trained with ({@link Model#standardizer()}), it is applied, with or
 * without {@code --raw} (kept as an explicit spelling of the default). A model without one takes the rows as
 * they are, and {@code --raw} is then an error. A standardised value farther than {@link #FAR} standard
 * deviations from the training mean gets one warning: such rows were most likely standardised already.
 *
 * @param network the rows the network sees
 * @param raw the rows as given when a standardizer was applied, else null
 */
record ModelInputs(double[][] network, double[][] raw) {
    /** Standard deviations from the training mean beyond which a standardised value is reported. */
    static final double FAR = 10;

    /** {@code --model M.json}, shared by every command that reads a model. */
    static final Option MODEL = Option.value("model", "M.json", "the model file (re3-model/1 JSON, or .onnx), required");
    /** {@code --data X.csv}, shared by every command that reads inputs. */
    static final Option DATA = Option.value("data", "X.csv", "the inputs, one per row, header optional; required");
    /** {@code --out FILE}, shared by every command that writes its result. */
    static final Option OUT = Option.value("out", "FILE", "write to FILE (whole or not at all) instead of standard output");
    static final Option RAW = Option.flag("raw",
            "rows are raw values (the default): standardise them with the model's recorded standardizer");
    static final Option STANDARDIZED = Option.flag("standardized",
            "rows are already standardised: give them to the network as they are");

    /** The rows of the CSV file {@code data} ({@link InputCsv}, by the model's input names) on the network's scale. */
    static ModelInputs read(Arguments args, Model model, java.nio.file.Path data, String what, PrintStream err) {
        return of(args, model, InputCsv.read(data, model.network().features()), what, err);
    }

    static ModelInputs of(Arguments args, Model model, double[][] rows, String what, PrintStream err) {
        boolean raw = args.flag("raw");
        boolean standardized = args.flag("standardized");
        if (raw && standardized) {
            throw new UsageException("--raw and --standardized: expected at most one of them, got both");
        }
        Optional<Standardizer> st = model.standardizer();
        if (standardized || st.isEmpty()) {
            if (raw) {
                throw new CliException("--raw: model " + model.file() + " has no recorded standardizer (provenance."
                        + Model.STANDARDIZER + "); give " + what + " on the network's own scale without --raw");
            }
            return new ModelInputs(rows, null);
        }
        double[][] z = st.get().apply(rows);
        warnFar(z, rows, model, what, err);
        return new ModelInputs(z, rows);
    }

    private static void warnFar(double[][] z, double[][] rows, Model model, String what, PrintStream err) {
        for (int n = 0; n < z.length; n++) {
            for (int j = 0; j < z[n].length; j++) {
                if (Math.abs(z[n][j]) > FAR) {
                    err.println(String.format(Locale.ROOT, "re3: warning: row %d, %s = %s is %.1f standard deviations"
                                    + " from the training mean; the model standardises raw %s with its recorded"
                                    + " standardizer: if these are standardised already, give --standardized", n + 1,
                            model.network().features().get(j), dev.re3.display.Numbers.format(rows[n][j]), Math.abs(z[n][j]), what));
                    return;
                }
            }
        }
    }
}
