package dev.iommuc.parse;

/**
 * Time spent in the two halves of {@link DtsFrontend#parse}: lexing + parsing (the direct parser, or
 * ANTLR) and building the live tree. Filled in by the parser for benchmarks; one per board.
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
