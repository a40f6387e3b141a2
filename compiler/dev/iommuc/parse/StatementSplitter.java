package dev.iommuc.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the lexer's text into its top-level statements ({@code /dts-v1/;}, {@code / {…};},
 * {@code &ref {…};}, …) without lexing it: one pass that knows only what can hide a ';' or a brace from
 * the lexer — comments, strings, char literals and {@code &{/path}} references — and counts braces.
 * It mirrors {@link DtsTokenSource} on those four (same escape rules, same path characters), so on
 * valid input its cuts are the lexer's top-level ';' tokens. It need not be right on broken input:
 * {@link StatementParser} parses every piece on its own and goes back to the whole-file parse as soon
 * as one piece is not exactly one statement.
 */
final class StatementSplitter {

    /**
     * One statement: {@code text[start, end)} from its first character to its ';' inclusive, starting
     * on lexer line {@code line} (1-based) at column {@code col} (0-based) and ending on {@code lastLine};
     * {@code incbin}: it holds a {@code /incbin/} outside strings and comments, so it reads a file.
     */
    record Piece(int start, int end, int line, int col, int lastLine, boolean incbin) {
    }

    private static final byte[] INCBIN = "/incbin/".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    /** ASCII characters that neither end a line nor can start a comment, string, char literal, path
     *  reference or brace (so are skipped without a look once a statement has begun); indexed by
     *  any byte value, so the skip loop needs no range test (bytes from 128 up are not plain). */
    private static final boolean[] PLAIN = new boolean[256];

    static {
        for (char c = 0; c < 128; c++) {
            PLAIN[c] = "\n/\"'&{};".indexOf(c) < 0;
        }
    }

    private StatementSplitter() {
    }

    /** {@link #split(byte[], int)} over Latin-1 text given as chars (for tests). */
    static List<Piece> split(String text) {
        byte[] s = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return split(s, s.length);
    }

    /**
     * The statements of {@code s[0, n)}, the text one byte per char (SourceText.Result#bytes), or null
     * when the text does not end cleanly after a statement.
     */
    static List<Piece> split(byte[] s, int n) {
        List<Piece> out = new ArrayList<>();
        int line = 1;
        int lineStart = 0;
        int depth = 0;
        int start = -1;
        int startLine = 0;
        int startCol = 0;
        boolean incbin = false;
        int i = 0;
        while (i < n) {
            int c = s[i] & 0xff;
            if (start >= 0 && PLAIN[c]) {
                // inside a statement most characters matter to nobody: skip them in a tight loop
                i++;
                while (i < n && PLAIN[c = s[i] & 0xff]) {
                    i++;
                }
                if (i >= n) {
                    break;
                }
            }
            if (c == '\n') {
                line++;
                lineStart = i + 1;
                i++;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0B) {
                i++;
                continue;
            }
            if (c == '/' && i + 1 < n && s[i + 1] == '*') {
                int k = i + 2;
                while (k + 1 < n && !(s[k] == '*' && s[k + 1] == '/')) {
                    if (s[k] == '\n') {
                        line++;
                        lineStart = k + 1;
                    }
                    k++;
                }
                if (k + 1 >= n) {
                    return null;
                }
                i = k + 2;
                continue;
            }
            if (c == '/' && i + 1 < n && s[i + 1] == '/') {
                while (i < n && s[i] != '\n') {
                    i++;
                }
                continue;
            }
            if (start < 0) {
                start = i;
                startLine = line;
                startCol = i - lineStart;
            }
            switch (c) {
                case '"' -> {
                    i = quoted(s, n, i, '"');
                    if (i < 0) {
                        return null;
                    }
                }
                case '\'' -> {
                    i = quoted(s, n, i, '\'');
                    if (i < 0) {
                        return null;
                    }
                }
                case '&' -> i = afterAmp(s, n, i);
                case '/' -> {
                    // '/' always leaves the skip loop, so every /incbin/ is seen here, at no extra pass
                    incbin |= java.util.Arrays.equals(s, i, Math.min(n, i + INCBIN.length), INCBIN, 0, INCBIN.length);
                    i++;
                }
                case '{' -> {
                    depth++;
                    i++;
                }
                case '}' -> {
                    if (--depth < 0) {
                        return null;
                    }
                    i++;
                }
                case ';' -> {
                    i++;
                    if (depth == 0) {
                        out.add(new Piece(start, i, startLine, startCol, line, incbin));
                        start = -1;
                        incbin = false;
                    }
                }
                default -> i++;
            }
        }
        return start < 0 && depth == 0 ? out : null;
    }

    /** Index after the closing quote (escapes skip a character, as the lexer does); -1 when unterminated. */
    private static int quoted(byte[] s, int n, int i, char quote) {
        int k = i + 1;
        while (k < n) {
            byte d = s[k];
            if (d == quote) {
                return k + 1;
            }
            if (d == '\n' || (d == '\\' && k + 1 < n && s[k + 1] == '\n')) {
                return -1;   // a piece spanning lines would need line counting; leave it to the full parse
            }
            k += d == '\\' ? 2 : 1;
        }
        return -1;
    }

    /** {@code &{/path}} is one token whose braces do not nest; anything else after '&' is ordinary. */
    private static int afterAmp(byte[] s, int n, int i) {
        if (i + 1 < n && s[i + 1] == '{') {
            int k = i + 2;
            while (k < n && isPathChar(s[k])) {
                k++;
            }
            if (k < n && s[k] == '}') {
                return k + 1;
            }
        }
        return i + 1;
    }

    /** dtc's PROPNODECHAR plus '/', as {@link DtsTokenSource} accepts inside {@code &{…}}. */
    private static boolean isPathChar(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ','
                || c == '.' || c == '+' || c == '*' || c == '#' || c == '?' || c == '@' || c == '-' || c == '/';
    }
}
