package dev.iommuc.parse;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.Severity;
import dev.iommuc.grammar.DtsLexer;
import dev.iommuc.grammar.DtsParser;
import dev.iommuc.model.DeviceTree;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

import java.nio.file.Path;
import java.util.List;

/**
 * The parser facade (Trino style): lexes with the mode-switching DTS lexer ({@link DtsTokenSource}, the
 * fast twin of the {@code DtsLexer} grammar), builds straight from the tokens ({@link DirectParser})
 * when the input is clean, else parses with ANTLR in SLL mode and
 * only on failure re-parses in full LL mode with error reporting, turns every syntax error into a
 * located diagnostic, bounds nesting before any recursive pass runs, and builds the live tree.
 * Nothing outside this package sees ANTLR types.
 */
public final class DtsFrontend {

    /** Deepest nesting of '(' and '{' accepted; keeps every recursive pass far from the stack limit. */
    static final int MAX_NESTING = 256;

    private DtsFrontend() {
    }

    /**
     * Parses {@code src} and builds the tree (before fixups). Returns null when the input has syntax
     * errors (all reported to {@code diags}).
     */
    public static DeviceTree parse(SourceText.Result src, Path baseDir, List<Path> includeDirs, Diagnostics diags) {
        return parse(src, baseDir, includeDirs, diags, new ParseStats());
    }

    /**
     * As {@link #parse(SourceText.Result, Path, List, Diagnostics)}, starting from the trees of earlier
     * boards of the run where this one begins with the same statements ({@code shared} may be null).
     */
    public static DeviceTree parse(SourceText.Result src, Path baseDir, List<Path> includeDirs, Diagnostics diags,
                                   SharedTrees shared) {
        if (shared != null) {
            DeviceTree tree = StatementParser.tryParse(src, baseDir, includeDirs, diags, shared);
            if (tree != null) {
                return tree;
            }
        }
        return parse(src, baseDir, includeDirs, diags, new ParseStats());
    }

    /** As {@link #parse(SourceText.Result, Path, List, Diagnostics)}, recording phase times in {@code stats}. */
    public static DeviceTree parse(SourceText.Result src, Path baseDir, List<Path> includeDirs, Diagnostics diags,
                                   ParseStats stats) {
        return parse(src, baseDir, includeDirs, diags, stats, true);
    }

    /**
     * As {@link #parse(SourceText.Result, Path, List, Diagnostics)} with ANTLR however clean the input: the
     * parser of record, against which tests and the fuzzer check {@link DirectParser}.
     */
    public static DeviceTree parseWithAntlr(SourceText.Result src, Path baseDir, List<Path> includeDirs,
                                            Diagnostics diags) {
        return parse(src, baseDir, includeDirs, diags, new ParseStats(), false);
    }

    private static DeviceTree parse(SourceText.Result src, Path baseDir, List<Path> includeDirs, Diagnostics diags,
                            ParseStats stats, boolean direct) {
        long t0 = System.nanoTime();
        Positions at = new Positions(src.lines(), baseDir);
        // a char-indexed stream, so token offsets agree with DtsTokenSource's (the text is one char a byte)
        String text = src.text();
        org.antlr.v4.runtime.CharStream chars = new TextCharStream(text);
        Lexed lexed = new DtsTokenSource(text, src.bytes(), chars).lex();
        if (!lexed.clean() && !lexicalChecks(lexed.tokens(), at, diags)) {
            return null;
        }
        DirectParser.File clean = direct ? DirectParser.file(lexed, at) : null;
        if (clean != null) {
            long t1 = System.nanoTime();
            stats.syntaxNanos += t1 - t0;
            DeviceTree tree = new TreeBuilder(at, diags, new ValueBuilder(at, diags, includeDirs)).build(clean);
            stats.treeNanos += System.nanoTime() - t1;
            return tree;
        }
        CommonTokenStream tokens = new CommonTokenStream(new ListTokenSource(lexed.tokens()));
        DtsParser parser = sllParser(tokens);
        DtsParser.DtsFileContext file;
        try {
            file = parser.dtsFile();
        } catch (ParseCancellationException e) {
            tokens.seek(0);
            parser.reset();
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            parser.setErrorHandler(new DefaultErrorStrategy());
            int before = diags.errorCount();
            parser.addErrorListener(new Listener(at, diags));
            file = parser.dtsFile();
            if (diags.errorCount() == before) {
                diags.error("syntax-error", at.of(parser.getCurrentToken()), "syntax error");
            }
            return null;
        }
        long t1 = System.nanoTime();
        stats.syntaxNanos += t1 - t0;
        int errors = diags.errorCount();
        ValueBuilder values = new ValueBuilder(at, diags, includeDirs);
        DeviceTree tree = new TreeBuilder(at, diags, values).build(file);
        stats.treeNanos += System.nanoTime() - t1;
        return tree;
    }

    /** A parser in SLL mode that stops at the first syntax error and reports nothing. */
    static DtsParser sllParser(CommonTokenStream tokens) {
        DtsParser parser = new DtsParser(tokens);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        return parser;
    }

    /**
     * Reports what dtc's lexer reports (stray characters, unterminated strings and comments, bare
     * identifiers) with better messages than a parser error could give, and bounds nesting. With
     * {@code diags} null it only answers whether there is anything to report.
     */
    static boolean lexicalChecks(List<Token> tokens, Positions at, Diagnostics diags) {
        boolean ok = true;
        int depth = 0;
        for (Token t : tokens) {
            String msg = switch (t.getType()) {
                case DtsLexer.ERROR_CHAR -> "Unexpected '" + printable(t.getText()) + "'";
                case DtsLexer.UNTERMINATED_STRING -> "unterminated string (missing closing '\"')";
                case DtsLexer.UNTERMINATED_COMMENT -> "unterminated comment (missing '*/')";
                case DtsLexer.IDENT -> "Unexpected '" + t.getText() + "': bare identifier"
                        + " (an undefined macro or a missing #include?)";
                default -> null;
            };
            if (msg != null) {
                if (diags == null) {
                    return false;
                }
                String check = t.getType() == DtsLexer.UNTERMINATED_STRING ? "unterminated-string"
                        : t.getType() == DtsLexer.UNTERMINATED_COMMENT ? "unterminated-comment" : "lexical-error";
                diags.report(Severity.ERROR, check, at.of(t), "", msg, List.of());
                ok = false;
                continue;
            }
            int type = t.getType();
            if (type == DtsLexer.LPAREN || type == DtsLexer.LBRACE) {
                if (++depth > MAX_NESTING) {
                    if (diags == null) {
                        return false;
                    }
                    diags.report(Severity.ERROR, "nesting-too-deep", at.of(t), "",
                            "nesting deeper than " + MAX_NESTING + " levels", List.of());
                    return false;
                }
            } else if (type == DtsLexer.RPAREN || type == DtsLexer.RBRACE) {
                depth = Math.max(0, depth - 1);
            }
        }
        return ok;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\x%02x", (int) c & 0xff));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static final java.util.Map<String, String> TOKEN_TEXT = java.util.Map.ofEntries(
            java.util.Map.entry("SEMI", "';'"), java.util.Map.entry("LBRACE", "'{'"), java.util.Map.entry("RBRACE", "'}'"),
            java.util.Map.entry("LT", "'<'"), java.util.Map.entry("GT", "'>'"), java.util.Map.entry("ASSIGN", "'='"),
            java.util.Map.entry("COMMA", "','"), java.util.Map.entry("LPAREN", "'('"), java.util.Map.entry("RPAREN", "')'"),
            java.util.Map.entry("LBRACKET", "'['"), java.util.Map.entry("RBRACKET", "']'"), java.util.Map.entry("SLASH", "'/'"),
            java.util.Map.entry("NAME", "a node or property name"), java.util.Map.entry("INT", "a number"),
            java.util.Map.entry("STRING", "a string"), java.util.Map.entry("LABEL", "a label"),
            java.util.Map.entry("REF", "a &reference"), java.util.Map.entry("PATH_REF", "a &{/path}"),
            java.util.Map.entry("DTS_V1", "/dts-v1/"), java.util.Map.entry("MEMRESERVE", "/memreserve/"),
            java.util.Map.entry("BYTE", "a hex byte"), java.util.Map.entry("CHAR_LIT", "a char literal"));

    /** ANTLR names tokens by their rule names; say what a user would type instead. */
    static String readable(String msg) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b[A-Z][A-Z_0-9]+\\b").matcher(msg);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(TOKEN_TEXT.getOrDefault(m.group(), m.group())));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Turns ANTLR's syntax errors into diagnostics; the message names what was found. */
    private static final class Listener extends BaseErrorListener {
        private final Positions at;
        private final Diagnostics diags;
        private int count;

        Listener(Positions at, Diagnostics diags) {
            this.at = at;
            this.diags = diags;
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int col, String msg,
                                RecognitionException e) {
            if (++count > 20) {
                return;
            }
            Token t = offending instanceof Token tok ? tok : null;
            String found = t == null ? "" : t.getType() == Token.EOF ? "end of input" : "'" + t.getText() + "'";
            String text = t == null ? readable(msg) : "syntax error at " + found + " (" + readable(msg) + ")";
            diags.report(Severity.ERROR, "syntax-error", t == null ? dev.iommuc.diag.SourcePos.UNKNOWN : at.of(t), "",
                    text, List.of());
        }
    }
}
