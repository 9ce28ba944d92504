package dev.re3.cli;

import dev.re3.net.Network;
import dev.re3.net.Site;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** {@code re3 sites}: the sites of a model, in forward order, with their shapes. */
final class SitesCommand implements Command {
    @Override
    public String name() {
        return "sites";
    }

    @Override
    public String summary() {
        return "list the sites of a model with their shapes";
    }

    @Override
    public String synopsis() {
        return "--model M.json";
    }

    @Override
    public String details() {
        return """
                One line per site in forward order: its name (as --site takes it), the layer type, the shape it takes
                and the shape it gives, and its number of units. Sites inside residual branches are listed under their
                block, named <block>.<branch>.<index>.<type>; 're3 contributions --site' takes every site listed.""";
    }

    @Override
    public List<Option> options() {
        return List.of(ModelInputs.MODEL);
    }

    @Override
    public void run(Arguments args, PrintStream out, PrintStream err) {
        Network net = Model.of(args).network();
        int width = net.sites().stream().mapToInt(s -> s.name().length()).max().orElse(4);
        out.println(String.format("%-" + width + "s  %-12s %-16s %-16s %8s", "site", "type", "input", "output", "units"));
        for (Site s : net.sites()) {
            out.println(String.format("%-" + width + "s  %-12s %-16s %-16s %8d", s.name(), s.layer().type(),
                    Arrays.toString(s.inputShape()), Arrays.toString(s.outputShape()), s.units()));
        }
        out.println("every site above, inside residual branches too, can be given to 're3 contributions --site'");
    }
}
