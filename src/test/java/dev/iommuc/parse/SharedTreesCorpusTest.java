package dev.iommuc.parse;

import dev.iommuc.corpus.Corpus;
import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Fixups;
import dev.iommuc.pipeline.CppMode;
import dev.iommuc.pipeline.LoadOptions;
import dev.iommuc.pipeline.TreeLoader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every corpus board loaded twice — parsed whole, and through one {@link SharedTrees} shared by all
 * boards in corpus order (as {@code iommuc check} does) — gives the same tree, field by field with
 * positions and include trails, and the same diagnostics. Also shows that sharing happens at all.
 */
class SharedTreesCorpusTest {

    @Test
    void sharedTreesEqualWholeFileParses() throws Exception {
        Assumptions.assumeTrue(Corpus.present(), "corpus not present (run shared/corpus/kernel-dts.sh)");
        SourceCache cache = new SourceCache();
        SharedTrees shared = new SharedTrees();
        List<String> failures = new ArrayList<>();
        List<Corpus.Board> boards = Corpus.boards();
        for (Corpus.Board b : boards) {
            LoadOptions lo = new LoadOptions(List.of(b.dts().getParent(), Corpus.includePrefixes()), Map.of(),
                    CppMode.NONE, Fixups.Options.DEFAULT, 0);
            Diagnostics whole = new Diagnostics();
            DeviceTree a = new TreeLoader(lo, cache).load(b.pre(), whole);
            Diagnostics viaShared = new Diagnostics();
            DeviceTree c = new TreeLoader(lo, cache, shared).load(b.pre(), viaShared);
            if (a == null || c == null) {
                if (a != c) {
                    failures.add(b.name() + ": one load failed");
                }
                continue;
            }
            String d = TreeSame.diff(a, c);
            if (d != null) {
                failures.add(b.name() + ": " + d);
            } else if (!whole.all().equals(viaShared.all())) {
                failures.add(b.name() + ": diagnostics differ");
            }
        }
        SharedTrees.Stats st = shared.stats();
        System.out.printf("shared trees: %d of %d boards resumed an earlier tree; statements reused %d, parsed %d%n",
                st.resumed(), st.boards(), st.statementsReused(), st.statementsParsed());
        failures.stream().limit(20).forEach(System.out::println);
        assertEquals(List.of(), failures.stream().limit(20).toList());
        assertEquals(boards.size(), st.boards(), "every board went the statement-wise way");
        assertTrue(st.resumed() > boards.size() / 2, "most boards start from a shared tree: " + st.resumed());
    }
}
