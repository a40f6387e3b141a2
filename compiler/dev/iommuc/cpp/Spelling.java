package dev.iommuc.cpp;

/** The two operators that make new spellings: {@code #} (stringify) and {@code ##} (paste). */
final class Spelling {

    private Spelling() {
    }

    /** {@code s} as a string literal (for __FILE__ and __BASE_FILE__). */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '"') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    /** The {@code #} operator (GNU's stringify_arg). */
    static Tok stringify(Tok[] raw, Preprocessor pp) {
        StringBuilder sb = new StringBuilder(16).append('"');
        Tok source = null;
        int backslashes = 0;
        for (Tok t : raw) {
            if (t.kind == Tk.PADDING) {
                if (source == null || (!source.white() && t.src == null)) {
                    source = t.src;
                }
                continue;
            }
            if (sb.length() > 1) {
                if (source == null) {
                    source = t;
                }
                if (source.white()) {
                    sb.append(' ');
                }
            }
            source = null;
            if (t.kind == Tk.STRING || t.kind == Tk.WSTRING || t.kind == Tk.CHAR || t.kind == Tk.WCHAR) {
                String s = t.text;
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if (c == '\\' || c == '"') {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
            } else {
                sb.append(t.text);
            }
            backslashes = t.kind == Tk.OTHER && "\\".equals(t.text) ? backslashes + 1 : 0;
            if (sb.length() > pp.maxChars) {
                pp.rep.abortLimit("stringified argument longer than " + pp.maxChars + " characters");
                break;
            }
        }
        if ((backslashes & 1) != 0) {
            pp.rep.warnAtPoint("cpp-macro-args", "invalid string literal, ignoring final '\\'");
            sb.setLength(sb.length() - 1);
        }
        sb.append('"');
        return Tok.of(Tk.STRING, sb.toString(), 0);
    }

    /** The token {@code lhs ## rhs}, or null when the spellings do not form one token. */
    static Tok paste(Tok lhs, Tok rhs, Preprocessor pp) {
        if (lhs.kind == Tk.DIV && rhs.kind != Tk.EQ) {
            return null;
        }
        if ((long) lhs.text.length() + rhs.text.length() > pp.maxChars) {
            pp.rep.abortLimit("pasted token longer than " + pp.maxChars + " characters");
            return null;
        }
        String s = lhs.text + rhs.text;
        int k = singleToken(s);
        if (k < 0) {
            return null;
        }
        return Tok.of((byte) k, s, (lhs.flags & Tok.PREV_WHITE) | (rhs.flags & Tok.PASTE_LEFT));
    }

    /**
     * Kind of the single token that {@code text} lexes to, or -1 if it is not exactly one token
     * (used to validate {@code ##}).
     */
    private static int singleToken(String text) {
        int n = text.length();
        if (n == 0) {
            return -1;
        }
        byte[] s = java.util.Arrays.copyOf(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), n + 1);
        s[n] = '\n';
        byte c = s[0];
        if (c == ' ' || c == '\t' || c == '\n' || (c == '/' && (s[1] == '*' || s[1] == '/'))) {
            return -1;
        }
        long r = CppLexer.scan(s, 0, n);
        return (int) r == n ? (int) (r >>> 32) : -1;
    }
}
