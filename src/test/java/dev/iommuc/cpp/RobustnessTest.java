package dev.iommuc.cpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.iommuc.diag.Diagnostics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Random mangled inputs never throw or hang; a shared cache gives the same results from many threads. */
class RobustnessTest {

    @TempDir
    Path tmp;

    private static final String[] PIECES = {
        "#define ", "#undef ", "#if ", "#ifdef ", "#ifndef ", "#elif ", "#else", "#endif", "#include ", "#line ",
        "#error ", "#warning ", "#pragma once", "defined", "(", ")", ",", "##", "#", "__VA_ARGS__", "__VA_OPT__(",
        "...", "\\\n", "\n", "/*", "*/", "//", "\"", "'", "<", ">", "__LINE__", "__FILE__", "__COUNTER__",
        "__has_include(", "f(", "g", "x", "1", "0x", "L'", "#address-cells = <1>;", " ", "\t", "\r\n", "\0", "\u00ff",
        "f(x) x f", "g(a, ...) a ## __VA_ARGS__ #a", "1/0", "?:", "don't",
    };

    private static final String BASE = "#define f(x) [x]\n#define g(a, ...) <a __VA_ARGS__>\n#define s(x) #x\n"
            + "#define p(a, b) a ## b\n/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\tx = <f(1) g(2, 3) p(0x, 1f)>;\n"
            + "#if defined(f) && 1 + 2 * 3 == 7\n\ty = s(a \"b\" 'c');\n#endif\n};\n";

    @Test
    void mangledInputsAreHandled() {
        Random r = new Random(42);
        SourceCache cache = new SourceCache();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 3000; i++) {
                StringBuilder sb = new StringBuilder(BASE);
                for (int m = 1 + r.nextInt(10); m > 0; m--) {
                    int pos = r.nextInt(sb.length() + 1);
                    switch (r.nextInt(4)) {
                        case 0 -> sb.insert(pos, PIECES[r.nextInt(PIECES.length)]);
                        case 1 -> sb.delete(Math.min(pos, sb.length()), Math.min(sb.length(), pos + 1 + r.nextInt(8)));
                        case 2 -> sb.insert(pos, (char) r.nextInt(256));
                        default -> sb.insert(pos, "\n" + PIECES[r.nextInt(13)] + PIECES[r.nextInt(PIECES.length)] + "\n");
                    }
                }
                Diagnostics d = new Diagnostics();
                new Preprocessor(new CppOptions(List.of(), Map.of()), d, cache).preprocessText(
                        tmp.resolve("m.dts").toString(), sb.toString());
            }
        });
    }

    @Test
    void sharedCacheAcrossThreads() throws Exception {
        CppHarness h = new CppHarness(tmp);
        h.file("inc/dt-bindings/a.h", "#ifndef A_H\n#define A_H\n#define IRQ(n) <0 n 4>\n#endif\n");
        h.include("inc");
        List<String> boards = new ArrayList<>();
        for (int b = 0; b < 16; b++) {
            h.file("soc" + (b % 3) + ".dtsi", "#include <dt-bindings/a.h>\n/ { soc" + (b % 3) + " = IRQ(" + b % 3 + "); };\n");
            h.file("b" + b + ".dts", "/dts-v1/;\n#include \"soc" + (b % 3) + ".dtsi\"\n/ { board = IRQ(" + b + "); };\n");
            boards.add("b" + b + ".dts");
        }
        List<String> expected = new ArrayList<>();
        for (String b : boards) {
            expected.add(h.run(b).out());
        }
        SourceCache shared = new SourceCache();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> got = new ArrayList<>();
            for (int round = 0; round < 8; round++) {
                for (String b : boards) {
                    got.add(pool.submit(() -> new Preprocessor(new CppOptions(h.includeDirs, Map.of()),
                            new Diagnostics(), shared).preprocess(tmp.resolve(b))));
                }
            }
            for (int i = 0; i < got.size(); i++) {
                assertEquals(expected.get(i % boards.size()), got.get(i).get());
            }
        } finally {
            pool.shutdown();
        }
    }
}
