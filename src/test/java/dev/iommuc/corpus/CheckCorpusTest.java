package dev.iommuc.corpus;

import dev.iommuc.cli.Main;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code iommuc check -j 2} over every 20th corpus board (56 of 1118, the kernel's preprocessed text):
 * no board may end in an internal error, and the summary must count them all.
 */
@Tag("corpus")
class CheckCorpusTest {

    @Test
    void checkASampleOfTheCorpusWithoutInternalErrors() throws Exception {
        Assumptions.assumeTrue(Corpus.present(), "corpus not present");
        List<String> args = new ArrayList<>(List.of("check", "--cpp=none", "-j", "2"));
        List<Corpus.Board> boards = Corpus.boards();
        for (int i = 0; i < boards.size(); i += 20) {
            args.add(boards.get(i).pre().toString());
        }
        int n = args.size() - 4;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new Main(new PrintWriter(out), new PrintWriter(err)).run(args.toArray(String[]::new));
        String text = out.toString();
        System.out.print(text.lines().skip(Math.max(0, text.lines().count() - 2)).map(l -> l + "\n")
                .reduce("", String::concat));
        assertNotEquals(Main.INTERNAL, code, err.toString());
        assertEquals("", err.toString());
        List<String> summary = text.lines().toList();
        String[] counts = summary.get(summary.size() - 1).trim().split("\\s+");
        assertEquals(String.valueOf(n), counts[0], "boards");
        assertEquals("0", counts[5], "internal errors");
        assertTrue(code == Main.OK || code == Main.INPUT_ERRORS, "exit " + code);
    }
}
