package dev.iommuc.scenarios;

import dev.iommuc.cli.Main;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scenarios of dts-examples/scenarios (issue 6): for every {@code policy*.yaml} beside a scenario's
 * {@code board.dts} (and {@code <stem>.policy*.yaml} beside {@code <stem>.dts}), {@code iommuc report}
 * (run from the repository root, as each README says) must give the hand-reviewed
 * {@code expected/<policy>.yaml} byte for byte, its topology picture must be the committed
 * {@code <policy>.svg}, and the exit code must be 1 exactly when the expected report has an error; a
 * board the compiler refuses has {@code expected/<policy>.stderr} instead. {@code SCENARIOS_WRITE=1} in the environment writes the files instead, for review before committing.
 */
class ScenarioGoldenTest {

    static final Path ROOT = Path.of("dts-examples/scenarios");

    private static String[] report(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new Main(new PrintWriter(out), new PrintWriter(err)).run(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(ROOT)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(dirs.size() >= 1, "no scenarios under " + ROOT);
        for (Path dir : dirs) {
            List<Path> policies;
            try (Stream<Path> s = Files.list(dir)) {
                policies = s.filter(p -> p.getFileName().toString().matches("(.+\\.)?policy.*\\.yaml")).sorted().toList();
            }
            for (Path policy : policies) {
                String name = policy.getFileName().toString().replace(".yaml", "");
                // policy*.yaml runs against board.dts, <stem>.policy*.yaml against <stem>.dts
                String stem = name.contains(".policy") ? name.substring(0, name.indexOf(".policy")) : "board";
                Path board = dir.resolve(stem + ".dts");
                tests.add(DynamicTest.dynamicTest(dir.getFileName() + "/" + name, () -> check(dir, board, policy, name)));
            }
        }
        return tests.stream();
    }

    private static void check(Path dir, Path boardFile, Path policy, String name) throws IOException {
        String board = boardFile.toString();
        String[] yaml = report("report", board, "-I", "dts-examples/include", "--policy", policy.toString());
        String[] svg = report("report", board, "-I", "dts-examples/include", "--policy", policy.toString(),
                "--format", "svg");
        Path expected = dir.resolve("expected").resolve(name + ".yaml");
        Path expectedErr = dir.resolve("expected").resolve(name + ".stderr");
        Path picture = dir.resolve(name + ".svg");
        // a board the compiler refuses has no report: its diagnostics are the expected output
        boolean refused = yaml[1].isEmpty();
        if ("1".equals(System.getenv("SCENARIOS_WRITE"))) {
            Files.createDirectories(expected.getParent());
            Files.writeString(refused ? expectedErr : expected, refused ? yaml[2] : yaml[1], StandardCharsets.UTF_8);
            if (!refused) {
                Files.writeString(picture, svg[1], StandardCharsets.UTF_8);
            }
            return;
        }
        assertTrue(yaml[2].lines().noneMatch(l -> l.contains("Exception")), yaml[2]);
        if (Files.exists(expectedErr)) {
            assertEquals(Files.readString(expectedErr, StandardCharsets.UTF_8), yaml[2], "diagnostics of " + policy);
            assertEquals("", yaml[1]);
            assertEquals("1", yaml[0]);
            return;
        }
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8), yaml[1], "report of " + policy);
        assertEquals(Files.readString(picture, StandardCharsets.UTF_8), svg[1], "picture of " + policy);
        boolean errors = yaml[1].contains("\n- severity: error\n");
        assertEquals(errors ? "1" : "0", yaml[0], "exit code of " + policy + "\n" + yaml[2]);
    }
}
