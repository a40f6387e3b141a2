package dev.iommuc.parse;

import dev.iommuc.grammar.DtsLexer;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonTokenFactory;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.misc.Pair;

/**
 * A hand-written token source producing exactly the tokens of the {@code DtsLexer} grammar (same
 * types, text, lines and columns, same longest-match and rule-order choices, same mode switches after
 * dtc's lexer states) about ten times faster; reference/dts-language.md §1.10 allows either form.
 * The grammar stays the specification: {@code TokenSourceEquivalenceTest} compares the two token by
 * token over our test inputs, random inputs and the whole kernel corpus.
 */
public final class DtsTokenSource implements TokenSource {

    private enum Mode { DEFAULT, NAMES, BYTES }

    private static final byte[][] KEYWORDS = DtsChars.latin1("/dts-v1/", "/plugin/", "/memreserve/", "/bits/",
            "/delete-property/", "/delete-node/", "/omit-if-no-ref/", "/incbin/");
    private static final int[] KEYWORD_TYPES = {DtsLexer.DTS_V1, DtsLexer.PLUGIN, DtsLexer.MEMRESERVE, DtsLexer.BITS,
            DtsLexer.DELETE_PROP, DtsLexer.DELETE_NODE, DtsLexer.OMIT, DtsLexer.INCBIN};

    private final String s;
    /** {@code s} one byte per char ({@link SourceText.Result#bytes}): the scans read an array, not
     *  String.charAt with its coder and bounds checks (C1 keeps both); token text comes from {@code s}. */
    private final byte[] b;
    private final int n;
    private final CharStream input;
    private final Pair<TokenSource, CharStream> source;
    private TokenFactory<?> factory = CommonTokenFactory.DEFAULT;
    private Mode mode = Mode.DEFAULT;
    // the last token lexed: first and last character, line (1-based) and column (0-based)
    private int tStart;
    private int tStop;
    private int tLine;
    private int tCol;
    private static final int NO_TOKEN = -2; // common(): none of its tokens here (Token.EOF is -1)
    private int pos;
    private int line = 1;
    private int col;

    public DtsTokenSource(String text, CharStream input) {
        this(text, DtsChars.bytes(text), input);
    }

    /** As {@link #DtsTokenSource(String, CharStream)} with {@code bytes} as {@link SourceText.Result#bytes} gives. */
    DtsTokenSource(String text, byte[] bytes, CharStream input) {
        this.s = text;
        this.b = bytes;
        this.n = text.length();
        this.input = input;
        this.source = new Pair<>(this, input);
    }

    /**
     * Tokens of {@code text[start, end)} only, the first at lexer line {@code line} (1-based), column
     * {@code col} (0-based). {@code afterStatement}: the range starts right after a top-level ';',
     * where the whole-file lexer is in its property/node-name state.
     */
    DtsTokenSource(String text, byte[] bytes, CharStream input, int start, int end, int line, int col,
                   boolean afterStatement) {
        this.s = text;
        this.b = bytes;
        this.n = end;
        this.input = input;
        this.source = new Pair<>(this, input);
        this.pos = start;
        this.line = line;
        this.col = col;
        this.mode = afterStatement ? Mode.NAMES : Mode.DEFAULT;
    }

    /**
     * Every token to the end, the EOF token last, as {@link Lexed} arrays: no token object is made
     * unless a caller asks for one (the direct parser asks for a few per statement; ANTLR, which only
     * parses what the direct parser gives up on, for all).
     */
    Lexed lex() {
        int cap = 16 + (n - pos) / 4;   // cpp output averages about 4 characters a token (corpus)
        int[] types = new int[cap];
        int[] starts = new int[cap];
        int[] stops = new int[cap];
        int[] lines = new int[cap];
        int[] cols = new int[cap];
        int k = 0;
        boolean clean = true;
        int depth = 0;
        int type;
        do {
            type = next();
            if (k == types.length) {
                int grown = k * 2;
                types = java.util.Arrays.copyOf(types, grown);
                starts = java.util.Arrays.copyOf(starts, grown);
                stops = java.util.Arrays.copyOf(stops, grown);
                lines = java.util.Arrays.copyOf(lines, grown);
                cols = java.util.Arrays.copyOf(cols, grown);
            }
            types[k] = type;
            starts[k] = tStart;
            stops[k] = tStop;
            lines[k] = tLine;
            cols[k] = tCol;
            k++;
            switch (type) {
                case DtsLexer.ERROR_CHAR, DtsLexer.UNTERMINATED_STRING, DtsLexer.UNTERMINATED_COMMENT, DtsLexer.IDENT ->
                        clean = false;
                case DtsLexer.LPAREN, DtsLexer.LBRACE -> clean &= ++depth <= DtsFrontend.MAX_NESTING;
                case DtsLexer.RPAREN, DtsLexer.RBRACE -> depth = Math.max(0, depth - 1);
                default -> {
                }
            }
        } while (type != Token.EOF);
        return new Lexed(s, source, factory, k, types, starts, stops, lines, cols, clean);
    }

    @Override
    public Token nextToken() {
        int type = next();
        return factory.create(source, type, null, Token.DEFAULT_CHANNEL, tStart, tStop, tLine, tCol);
    }

    /** The next token's type; its place is left in the t* fields. */
    private int next() {
        while (true) {
            if (pos >= n) {
                return make(Token.EOF, pos, pos - 1, line, col);
            }
            char c = ch(pos);
            if (c == ' ' || c == '\t') {
                // indentation comes in runs: step over a run at once (what advanceTo would do)
                int k = pos + 1;
                while (k < n && ((c = ch(k)) == ' ' || c == '\t')) {
                    k++;
                }
                col += k - pos;
                pos = k;
                continue;
            }
            if (c == '\n') {
                line++;
                col = 0;
                pos++;
                continue;
            }
            if (c == '\r' || c == '\f' || c == '\u000B') {
                advanceTo(pos + 1);
                continue;
            }
            if (c == '/' && pos + 1 < n && ch(pos + 1) == '*') {
                int close = DtsChars.commentEnd(b, n, pos + 2);
                if (close < 0) {
                    return emit(DtsLexer.UNTERMINATED_COMMENT, n);
                }
                advanceTo(close + 2);
                continue;
            }
            if (c == '/' && pos + 1 < n && ch(pos + 1) == '/') {
                int nl = pos;
                while (nl < n && b[nl] != '\n') {
                    nl++;
                }
                advanceTo(nl);
                continue;
            }
            return switch (mode) {
                case DEFAULT -> defaultToken(c);
                case NAMES -> nameToken(c);
                case BYTES -> byteToken(c);
            };
        }
    }

    private int defaultToken(char c) {
        if (c == '/') {
            for (int k = 0; k < KEYWORDS.length; k++) {
                if (DtsChars.startsWith(b, n, pos, KEYWORDS[k])) {
                    int type = KEYWORD_TYPES[k];
                    if (type == DtsLexer.DELETE_PROP || type == DtsLexer.DELETE_NODE || type == DtsLexer.OMIT) {
                        mode = Mode.NAMES;
                    }
                    return emit(type, pos + KEYWORDS[k].length);
                }
            }
            return emit(DtsLexer.SLASH, pos + 1);
        }
        int common = common(c);
        if (common != NO_TOKEN) {
            return common;
        }
        if (DtsChars.isDigit(c)) {
            return emit(DtsLexer.INT, DtsChars.integerEnd(b, n, pos));
        }
        if (DtsChars.isIdentStart(c)) {
            int e = DtsChars.identEnd(b, n, pos);
            if (e < n && ch(e) == ':') {
                return emit(DtsLexer.LABEL, e + 1);
            }
            return emit(DtsLexer.IDENT, e);
        }
        switch (c) {
            case '{': mode = Mode.NAMES; return emit(DtsLexer.LBRACE, pos + 1);
            case ';': mode = Mode.NAMES; return emit(DtsLexer.SEMI, pos + 1);
            case '}': return emit(DtsLexer.RBRACE, pos + 1);
            case '[': mode = Mode.BYTES; return emit(DtsLexer.LBRACKET, pos + 1);
            case '<': return two('<', DtsLexer.LSHIFT, '=', DtsLexer.LE, DtsLexer.LT);
            case '>': return two('>', DtsLexer.RSHIFT, '=', DtsLexer.GE, DtsLexer.GT);
            case '=': return two('=', DtsLexer.EQ, '\0', 0, DtsLexer.ASSIGN);
            case '!': return two('=', DtsLexer.NE, '\0', 0, DtsLexer.BANG);
            case '|': return two('|', DtsLexer.OROR, '\0', 0, DtsLexer.PIPE);
            case '(': return emit(DtsLexer.LPAREN, pos + 1);
            case ')': return emit(DtsLexer.RPAREN, pos + 1);
            case ',': return emit(DtsLexer.COMMA, pos + 1);
            case '+': return emit(DtsLexer.PLUS, pos + 1);
            case '-': return emit(DtsLexer.MINUS, pos + 1);
            case '*': return emit(DtsLexer.STAR, pos + 1);
            case '%': return emit(DtsLexer.PERCENT, pos + 1);
            case '^': return emit(DtsLexer.CARET, pos + 1);
            case '~': return emit(DtsLexer.TILDE, pos + 1);
            case '?': return emit(DtsLexer.QUESTION, pos + 1);
            case ':': return emit(DtsLexer.COLON, pos + 1);
            case ']': return emit(DtsLexer.RBRACKET, pos + 1);
            default: return emit(DtsLexer.ERROR_CHAR, pos + 1);
        }
    }

    private int nameToken(char c) {
        if (c == '/') {
            // no /incbin/ in this state (dtc only knows it in V1)
            for (int k = 0; k < KEYWORDS.length - 1; k++) {
                if (DtsChars.startsWith(b, n, pos, KEYWORDS[k])) {
                    int type = KEYWORD_TYPES[k];
                    if (type == DtsLexer.DTS_V1 || type == DtsLexer.MEMRESERVE || type == DtsLexer.BITS) {
                        mode = Mode.DEFAULT;
                    }
                    return emit(type, pos + KEYWORDS[k].length);
                }
            }
            return emit(DtsLexer.SLASH, pos + 1);
        }
        int common = common(c);
        if (common != NO_TOKEN) {
            return common;
        }
        int nameStart = c == '\\' ? pos + 1 : pos;
        int from = nameStart;
        if (DtsChars.isIdentStart(c)) {
            int e = DtsChars.identEnd(b, n, pos);
            // LABEL is listed before NAME, so it wins a tie in length; ':' ends a name too, so a
            // label is never shorter than the name there
            if (e < n && ch(e) == ':') {
                return emit(DtsLexer.LABEL, e + 1);
            }
            from = e; // identifier characters are name characters: the name goes on from there
        }
        int nameEnd = DtsChars.nameEnd(b, n, from);
        boolean isName = nameEnd > nameStart;
        if (isName) {
            mode = Mode.DEFAULT;
            return emit(DtsLexer.NAME, nameEnd);
        }
        switch (c) {
            case '{': return emit(DtsLexer.LBRACE, pos + 1);
            case ';': return emit(DtsLexer.SEMI, pos + 1);
            case '}': return emit(DtsLexer.RBRACE, pos + 1);
            case '[': mode = Mode.BYTES; return emit(DtsLexer.LBRACKET, pos + 1);
            case '<': return two('<', DtsLexer.LSHIFT, '=', DtsLexer.LE, DtsLexer.LT);
            case '>': return two('>', DtsLexer.RSHIFT, '=', DtsLexer.GE, DtsLexer.GT);
            case '=': return two('=', DtsLexer.EQ, '\0', 0, DtsLexer.ASSIGN);
            case '!': return two('=', DtsLexer.NE, '\0', 0, DtsLexer.ERROR_CHAR);
            case '|': return two('|', DtsLexer.OROR, '\0', 0, DtsLexer.ERROR_CHAR);
            case '(': return emit(DtsLexer.LPAREN, pos + 1);
            case ')': return emit(DtsLexer.RPAREN, pos + 1);
            case ':': return emit(DtsLexer.COLON, pos + 1);
            case ']': return emit(DtsLexer.RBRACKET, pos + 1);
            default: return emit(DtsLexer.ERROR_CHAR, pos + 1);
        }
    }

    private int byteToken(char c) {
        if (DtsChars.isIdentStart(c)) {
            int e = DtsChars.identEnd(b, n, pos);
            if (e < n && ch(e) == ':') {
                return emit(DtsLexer.LABEL, e + 1);
            }
        }
        if (DtsChars.isHex(c) && pos + 1 < n && DtsChars.isHex(ch(pos + 1))) {
            return emit(DtsLexer.BYTE, pos + 2);
        }
        switch (c) {
            case ']': mode = Mode.DEFAULT; return emit(DtsLexer.RBRACKET, pos + 1);
            case '{': mode = Mode.NAMES; return emit(DtsLexer.LBRACE, pos + 1);
            case ';': mode = Mode.NAMES; return emit(DtsLexer.SEMI, pos + 1);
            default: return emit(DtsLexer.ERROR_CHAR, pos + 1);
        }
    }

    /** Tokens lexed alike in DEFAULT and NAMES: references, strings, char literals, '&' and '&&'. */
    private int common(char c) {
        if (c == '&') {
            if (pos + 1 < n) {
                char d = ch(pos + 1);
                if (d == '{') {
                    int i = pos + 2;
                    while (i < n && DtsChars.isPathChar(ch(i))) {
                        i++;
                    }
                    if (i < n && ch(i) == '}') {
                        return emit(DtsLexer.PATH_REF, i + 1);
                    }
                } else if (d == '&') {
                    return emit(DtsLexer.ANDAND, pos + 2);
                } else if (DtsChars.isIdentStart(d)) {
                    return emit(DtsLexer.REF, DtsChars.identEnd(b, n, pos + 1));
                }
            }
            return emit(DtsLexer.AMP, pos + 1);
        }
        if (c == '"') {
            int i = pos + 1;
            while (i < n) {
                char d = ch(i);
                if (d == '"') {
                    return emit(DtsLexer.STRING, i + 1);
                }
                if (d == '\\') {
                    if (i + 1 >= n) {
                        return emit(DtsLexer.ERROR_CHAR, pos + 1);
                    }
                    i += 2;
                } else {
                    i++;
                }
            }
            return emit(DtsLexer.UNTERMINATED_STRING, n);
        }
        if (c == '\'') {
            int i = pos + 1;
            while (i < n) {
                char d = ch(i);
                if (d == '\'') {
                    return emit(DtsLexer.CHAR_LIT, i + 1);
                }
                i += d == '\\' ? 2 : 1;
            }
            return emit(DtsLexer.ERROR_CHAR, pos + 1);
        }
        return NO_TOKEN;
    }

    private int two(char second, int twoType, char alt, int altType, int oneType) {
        if (pos + 1 < n) {
            char d = ch(pos + 1);
            if (d == second) {
                return emit(twoType, pos + 2);
            }
            if (alt != '\0' && d == alt) {
                return emit(altType, pos + 2);
            }
        }
        return emit(oneType, pos + 1);
    }

    private char ch(int i) {
        return (char) (b[i] & 0xff);
    }

    /** Records the token {@code [pos, end)} of that type in the t* fields and steps past it. */
    private int emit(int type, int end) {
        make(type, pos, end - 1, line, col);
        if (type == DtsLexer.STRING || type == DtsLexer.CHAR_LIT || type == DtsLexer.UNTERMINATED_STRING
                || type == DtsLexer.UNTERMINATED_COMMENT) {
            advanceTo(end);
        } else {
            // names, numbers, labels, references, keywords and punctuation never hold a line break
            col += end - pos;
            pos = end;
        }
        return type;
    }

    private int make(int type, int start, int stop, int l, int c) {
        tStart = start;
        tStop = stop;
        tLine = l;
        tCol = c;
        return type;
    }

    private void advanceTo(int end) {
        for (int i = pos; i < end; i++) {
            if (ch(i) == '\n') {
                line++;
                col = 0;
            } else {
                col++;
            }
        }
        pos = end;
    }

    @Override
    public int getLine() {
        return line;
    }

    @Override
    public int getCharPositionInLine() {
        return col;
    }

    @Override
    public CharStream getInputStream() {
        return input;
    }

    @Override
    public String getSourceName() {
        return input.getSourceName();
    }

    @Override
    public void setTokenFactory(TokenFactory<?> factory) {
        this.factory = factory;
    }

    @Override
    public TokenFactory<?> getTokenFactory() {
        return factory;
    }
}
