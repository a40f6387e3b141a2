package dev.iommuc.parse;

/**
 * Time spent in the two halves of {@link DtsFrontend#parse}: lexing + parsing (the ANTLR part) and
 * building the live tree from the parse tree. Filled in by the parser for benchmarks; one per board.
 */
public final class ParseStats {

    long syntaxNanos;
    long treeNanos;

    public long syntaxNanos() {
        return syntaxNanos;
    }

    public long treeNanos() {
        return treeNanos;
    }
}
