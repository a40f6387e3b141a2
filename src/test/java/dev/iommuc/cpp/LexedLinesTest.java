package dev.iommuc.cpp;

import dev.iommuc.corpus.Corpus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The line starts a file without splices gets while it is scanned agree with a count of its
 * newlines (the last newline opens no line), and every token's line is the last line starting at
 * or before it; files with splices or CRs take the separate phase 1-2 pass and are held to the same.
 */
class LexedLinesTest {

    private static void check(String what, byte[] raw) {
        LexedFile lf = CppLexer.lex("k", raw.clone());
        byte[] buf = lf.buf;
        boolean simple = true;
        for (byte c : raw) {
            simple &= c != '\\' && c != '\r';
        }
        if (simple) {
            int[] starts = new int[buf.length + 2];
            int lines = 1;
            for (int i = 0; i < buf.length - 1; i++) {
                if (buf[i] == '\n') {
                    starts[++lines] = i + 1;
                }
            }
            starts[lines + 1] = buf.length;
            assertEquals(lines, lf.physLines, what);
            assertArrayEquals(Arrays.copyOf(starts, lines + 2), lf.physStart, what);
        }
        for (int t = 0; t < lf.ntok; t++) {
            int l = lf.line[t];
            assertTrue(lf.physStart[l] <= lf.start[t] && lf.start[t] < lf.physStart[l + 1], what + ": token " + t);
        }
    }

    @Test
    void smallFiles() {
        for (String s : List.of("", "\n", "\n\n\n", "a", "a\n", "a\nb", "a\n\nb\n", "/* x\ny\n*/ a\nb",
                "// c\na /* open\n", "x /* a */ y\n/*\n\n*/\nz", "#define A \\\n 1\nA\n", "a\r\nb\r\n")) {
            check(s.replace("\n", "\\n"), s.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    @Tag("corpus")
    void everyCorpusSourceFile() throws Exception {
        Assumptions.assumeTrue(Corpus.present(), "corpus not present");
        int files = 0;
        for (Path dir : List.of(Corpus.dir().resolve("linux/arch/arm64/boot/dts"), Corpus.dir().resolve("linux/include"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)
                        .filter(p -> p.toString().matches(".*\\.(dts|dtsi|h)$"))::iterator) {
                    check(p.toString(), Files.readAllBytes(p));
                    files++;
                }
            }
        }
        assertTrue(files > 2000, "files: " + files);
    }
}
