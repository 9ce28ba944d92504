package dev.re3.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code bin/re3} line of the README's shell blocks, in order, in an empty folder: each must succeed,
 * reading only files that an earlier line wrote (demo and the benchmarks aside, which take minutes).
 */
class ReadmeCommandsTest {
    static final Pattern BASH_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);

    static List<String[]> commands() throws IOException {
        List<String[]> out = new ArrayList<>();
        Matcher m = BASH_BLOCK.matcher(Files.readString(Path.of("README.md")));
        while (m.find()) {
            for (String line : m.group(1).lines().toList()) {
                String cmd = line.replaceFirst("\\s+#.*$", "").strip();
                if (cmd.startsWith("bin/re3 ") && !cmd.startsWith("bin/re3 demo") && !cmd.contains(">")) {
                    out.add(cmd.substring("bin/re3 ".length()).split("\\s+"));
                }
            }
        }
        return out;
    }

    @Test
    void everyReadmeCommandRunsInAnEmptyFolder(@TempDir Path dir) throws IOException {
        List<String[]> commands = commands();
        assertTrue(commands.size() >= 8, "README commands: " + commands.size());
        for (String[] args : commands) {
            String[] local = args.clone();
            for (int k = 1; k < local.length; k++) {
                if (local[k - 1].equals("--out") || local[k - 1].equals("--model") || local[k - 1].equals("--sae")
                        || local[k - 1].equals("--data")
                        && local[k].contains(".")) {
                    local[k] = dir.resolve(local[k]).toString();
                }
            }
            Cli.Result r = Cli.run(local);
            assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err());
            if (args[0].equals("explain") && List.of(args).contains("json")) {
                for (String line : r.out().lines().toList()) {
                    JsonNode o = new ObjectMapper().readTree(line);
                    assertEquals("setosa", o.get("predictedClass").asText(), "the first five Iris flowers: " + line);
                }
            }
        }
        assertTrue(Files.exists(dir.resolve("three.csv")));
        assertEquals(4, Files.readAllLines(dir.resolve("three.csv")).size(), "a header and three flowers");
    }
}
