package dev.iommuc.parse;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.misc.Pair;

import java.util.ArrayList;
import java.util.List;

/**
 * The tokens of a range as {@link DtsTokenSource#lex()} made them: parallel arrays of type, first and
 * last character, line (1-based) and column (0-based), the EOF token last; and whether
 * {@link DtsFrontend#lexicalChecks} would find nothing to report in them (no stray character,
 * unterminated string or comment, bare identifier, nesting deeper than {@link DtsFrontend#MAX_NESTING}),
 * learnt while lexing, so clean input, nearly all of it, is not walked again.
 *
 * <p>Token objects are made only when asked for, once each: the direct parser wants a few per
 * statement (where a statement starts, its labels and reference), ANTLR all of them, and it parses
 * only what the direct parser gives up on. A corpus check made some 250 MB of tokens it never looked
 * at before (docs/performance.md).
 */
final class Lexed {

    private final String text;
    private final Pair<TokenSource, CharStream> source;
    private final TokenFactory<?> factory;
    private final int count;
    private final int[] types;
    private final int[] starts;
    private final int[] stops;
    private final int[] lines;
    private final int[] cols;
    private final boolean clean;
    private Token[] made;

    Lexed(String text, Pair<TokenSource, CharStream> source, TokenFactory<?> factory, int count, int[] types,
          int[] starts, int[] stops, int[] lines, int[] cols, boolean clean) {
        this.text = text;
        this.source = source;
        this.factory = factory;
        this.count = count;
        this.types = types;
        this.starts = starts;
        this.stops = stops;
        this.lines = lines;
        this.cols = cols;
        this.clean = clean;
    }

    /** Whether lexicalChecks has nothing to report. */
    boolean clean() {
        return clean;
    }

    /** The number of tokens, EOF included. */
    int count() {
        return count;
    }

    /** The type array (longer than {@link #count()}; read it below that). */
    int[] types() {
        return types;
    }

    String source() {
        return text;
    }

    int start(int k) {
        return starts[k];
    }

    /** One past the last character. */
    int end(int k) {
        return stops[k] + 1;
    }

    int line(int k) {
        return lines[k];
    }

    int col(int k) {
        return cols[k];
    }

    /** The text of token {@code k} (not the EOF token's). */
    String text(int k) {
        return text.substring(starts[k], stops[k] + 1);
    }

    /** Token {@code k} as ANTLR's token, the same object each time. */
    Token token(int k) {
        if (made == null) {
            made = new Token[count];
        }
        Token t = made[k];
        if (t == null) {
            t = factory.create(source, types[k], null, Token.DEFAULT_CHANNEL, starts[k], stops[k], lines[k], cols[k]);
            made[k] = t;
        }
        return t;
    }

    /** Every token, EOF last: what a filled token stream would hold. */
    List<Token> tokens() {
        List<Token> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            out.add(token(k));
        }
        return out;
    }

    /** The last token (EOF). */
    Token last() {
        return token(count - 1);
    }
}
