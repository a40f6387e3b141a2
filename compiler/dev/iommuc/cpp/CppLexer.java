package dev.iommuc.cpp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The C preprocessing-token lexer (translation phases 1-3) in GNU cpp's assembler-with-cpp flavour:
 * {@code $} is not an identifier character, digraphs are off, and a quote that is not closed on its
 * line swallows the rest of the line as one "other" token instead of being an error (so apostrophes
 * in text do no harm). Comments become spaces of the same width; backslash-newline is spliced.
 */
final class CppLexer {

    private CppLexer() {
    }

    /** Lexes {@code raw} (the file's bytes; the array is reused) into a shareable {@link LexedFile}. */
    static LexedFile lex(String key, byte[] raw) {
        int n = raw.length;
        boolean simple = true;
        for (int i = 0; i < n; i++) {
            byte c = raw[i];
            if (c == '\\' || c == '\r') {
                simple = false;
                break;
            }
        }
        if (simple) {
            // no splices, no CRs: the scan finds the line starts as it passes the newlines
            byte[] buf = n > 0 && raw[n - 1] == '\n' ? raw : Arrays.copyOf(raw, n + 1);
            buf[buf.length - 1] = '\n';
            return new CppLexer.Scan(key, buf, null, 0).run();
        }
        int[] phys = new int[Math.max(16, n / 24)];
        int lines = 1;
        // Phases 1-2: line ends and splices.
        byte[] b = new byte[n + 1];
        int o = 0;
        for (int i = 0; i < n; i++) {
            byte c = raw[i];
            if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < n && raw[i + 1] == '\n') {
                    i++;
                }
                b[o++] = '\n';
                if (++lines >= phys.length) {
                    phys = Arrays.copyOf(phys, phys.length * 2);
                }
                phys[lines] = o;
            } else if (c == '\\') {
                int j = i + 1;
                while (j < n && (raw[j] == ' ' || raw[j] == '\t' || raw[j] == '\f' || raw[j] == 0x0b)) {
                    j++;
                }
                if (j < n && (raw[j] == '\n' || raw[j] == '\r')) {
                    if (raw[j] == '\r' && j + 1 < n && raw[j + 1] == '\n') {
                        j++;
                    }
                    i = j;
                    if (++lines >= phys.length) {
                        phys = Arrays.copyOf(phys, phys.length * 2);
                    }
                    phys[lines] = o;
                } else {
                    b[o++] = c;
                }
            } else {
                b[o++] = c;
            }
        }
        if (o == 0 || b[o - 1] != '\n') {
            b[o++] = '\n';
        } else if (lines > 1 && phys[lines] == o) {
            lines--; // the final newline does not open a new (empty) line
        }
        byte[] buf = o == b.length ? b : Arrays.copyOf(b, o);
        int[] physStart = Arrays.copyOf(phys, lines + 2);
        physStart[lines + 1] = buf.length;
        return new CppLexer.Scan(key, buf, physStart, lines).run();
    }

    /** Phase 3 over the spliced buffer. */
    private static final class Scan {
        final String key;
        final byte[] b;
        final int m;
        int[] physStart;
        int physLines;
        /** Whether physStart is filled as the scan goes (a file without splices), else given. */
        final boolean buildLines;
        int cap;
        int nt;
        int[] start;
        int[] end;
        int[] line;
        byte[] kind;
        byte[] flags;
        String[] names;
        final List<LexedFile.LexDiag> diags = new ArrayList<>();
        int[] commentNl = new int[0];
        int ncomNl;
        int curLine = 1;

        final NameTable nameTable = new NameTable();

        Scan(String key, byte[] b, int[] physStart, int physLines) {
            this.key = key;
            this.b = b;
            this.m = b.length;
            this.buildLines = physStart == null;
            if (buildLines) {
                this.physStart = new int[Math.max(16, b.length / 24)];
                this.physLines = 1; // line 1 starts at 0
            } else {
                this.physStart = physStart;
                this.physLines = physLines;
            }
            cap = Math.max(16, m / 4);
            start = new int[cap];
            end = new int[cap];
            line = new int[cap];
            kind = new byte[cap];
            flags = new byte[cap];
            names = new String[cap];
        }

        /** A newline was passed: the next line starts at {@code next} (the final newline opens none). */
        private void newLine(int next) {
            if (buildLines && next < m) {
                if (++physLines + 1 >= physStart.length) {
                    physStart = Arrays.copyOf(physStart, physStart.length * 2);
                }
                physStart[physLines] = next;
            }
        }

        private int lineAt(int pos) {
            if (buildLines) {
                return physLines; // every newline before pos has been passed
            }
            while (curLine < physLines && physStart[curLine + 1] <= pos) {
                curLine++;
            }
            return curLine;
        }

        LexedFile run() {
            int pos = 0;
            boolean bol = true;
            boolean white = false;
            while (pos < m) {
                byte c = b[pos];
                switch (c) {
                    case '\n':
                        bol = true;
                        white = false;
                        newLine(++pos);
                        continue;
                    case ' ':
                    case '\t':
                        white = true;
                        pos++;
                        continue;
                    case 0:
                    case '\f':
                    case 0x0b:
                    case '\r':
                        b[pos++] = ' ';
                        white = true;
                        continue;
                    case '/':
                        if (b[pos + 1] == '*') {
                            pos = blockComment(pos);
                            white = true;
                            continue;
                        }
                        if (b[pos + 1] == '/') {
                            while (b[pos] != '\n') {
                                b[pos++] = ' ';
                            }
                            white = true;
                            continue;
                        }
                        break;
                    default:
                        break;
                }
                long r = scan(b, pos, m);
                int e = (int) r;
                add((byte) (r >>> 32), pos, e, (bol ? LexedFile.BOL : 0) | (white ? LexedFile.PREV_WHITE : 0));
                bol = false;
                white = false;
                pos = e;
            }
            return finish();
        }

        private int blockComment(int pos) {
            int q = pos + 2;
            while (q < m - 1 && !(b[q] == '*' && b[q + 1] == '/')) {
                q++;
            }
            boolean closed = q < m - 1;
            int stop = closed ? q + 2 : m - 1;
            if (!closed) {
                int l = lineAt(pos);
                diags.add(new LexedFile.LexDiag("cpp-unterminated-comment", l, Math.max(1, pos - physStart[l] + 1),
                        "unterminated comment"));
            }
            for (int k = pos; k < stop; k++) {
                if (b[k] == '\n') {
                    if (ncomNl == commentNl.length) {
                        commentNl = Arrays.copyOf(commentNl, Math.max(8, ncomNl * 2));
                    }
                    commentNl[ncomNl++] = k;
                    newLine(k + 1);
                } else {
                    b[k] = ' ';
                }
            }
            return stop;
        }

        private void add(byte k, int s, int e, int f) {
            if (nt == cap) {
                cap *= 2;
                start = Arrays.copyOf(start, cap);
                end = Arrays.copyOf(end, cap);
                line = Arrays.copyOf(line, cap);
                kind = Arrays.copyOf(kind, cap);
                flags = Arrays.copyOf(flags, cap);
                names = Arrays.copyOf(names, cap);
            }
            start[nt] = s;
            end[nt] = e;
            line[nt] = lineAt(s);
            kind[nt] = k;
            flags[nt] = (byte) f;
            if (k == Tk.NAME) {
                names[nt] = nameTable.name(b, s, e);
            }
            nt++;
        }

        private LexedFile finish() {
            if (buildLines) {
                physStart = Arrays.copyOf(physStart, physLines + 2);
                physStart[physLines + 1] = m;
            }
            int nh = 0;
            int[] hb = new int[16];
            for (int i = 0; i < nt; i++) {
                if (kind[i] == Tk.HASH && (flags[i] & LexedFile.BOL) != 0) {
                    if (nh == hb.length) {
                        hb = Arrays.copyOf(hb, nh * 2);
                    }
                    hb[nh++] = i;
                }
            }
            int[] hashBol = Arrays.copyOf(hb, nh);
            String guard = findGuard(hashBol);
            return new LexedFile(key, b, nt, Arrays.copyOf(start, nt), Arrays.copyOf(end, nt), Arrays.copyOf(line, nt),
                    Arrays.copyOf(kind, nt), Arrays.copyOf(flags, nt), Arrays.copyOf(names, nt), physStart, physLines,
                    hashBol, List.copyOf(diags), Arrays.copyOf(commentNl, ncomNl), guard, null);
        }

        private String directiveName(int hashIdx) {
            int j = hashIdx + 1;
            if (j < nt && kind[j] == Tk.NAME && (flags[j] & LexedFile.BOL) == 0) {
                return names[j];
            }
            return null;
        }

        private boolean endsLine(int j) {
            return j >= nt || (flags[j] & LexedFile.BOL) != 0;
        }

        /**
         * The multiple-include optimisation: a file whose every token lies inside
         * {@code #ifndef G} (or {@code #if !defined G}) ... {@code #endif} is a no-op once G is defined.
         */
        private String findGuard(int[] hashBol) {
            if (hashBol.length < 2 || hashBol[0] != 0) {
                return null;
            }
            String d = directiveName(0);
            String g = null;
            if ("ifndef".equals(d) && nt > 2 && kind[2] == Tk.NAME && endsLine(3)) {
                g = names[2];
            } else if ("if".equals(d) && nt > 4 && kind[2] == Tk.NOT && kind[3] == Tk.NAME
                    && "defined".equals(names[3])) {
                if (kind[4] == Tk.NAME && endsLine(5)) {
                    g = names[4];
                } else if (nt > 6 && kind[4] == Tk.OPEN_PAREN && kind[5] == Tk.NAME && kind[6] == Tk.CLOSE_PAREN
                        && endsLine(7)) {
                    g = names[5];
                }
            }
            if (g == null) {
                return null;
            }
            int depth = 1;
            for (int h = 1; h < hashBol.length; h++) {
                String name = directiveName(hashBol[h]);
                if (name == null) {
                    continue;
                }
                switch (name) {
                    case "if", "ifdef", "ifndef" -> depth++;
                    case "else", "elif", "elifdef", "elifndef" -> {
                        if (depth == 1) {
                            return null;
                        }
                    }
                    case "endif" -> {
                        if (--depth == 0) {
                            int j = hashBol[h] + 1;
                            while (!endsLine(j)) {
                                j++;
                            }
                            return j >= nt ? g : null;
                        }
                    }
                    default -> {
                    }
                }
            }
            return null;
        }
    }

    /**
     * Scans one token starting at {@code p} (not whitespace, not a comment) in {@code s}, whose end
     * {@code n} is a newline. Returns {@code kind << 32 | endOffset}.
     */
    static long scan(byte[] s, int p, int n) {
        char c = (char) (s[p] & 0xff);
        if (Tk.isIdStart(c)) {
            int q = p + 1;
            while (q < n && Tk.isIdChar((char) s[q])) {
                q++;
            }
            if (q == p + 1 && c == 'L' && q < n && (s[q] == '"' || s[q] == '\'')) {
                return quoted(s, p, q, n, true);
            }
            return (long) Tk.NAME << 32 | q;
        }
        if (Tk.isDigit(c) || (c == '.' && p + 1 < n && Tk.isDigit((char) s[p + 1]))) {
            int q = p + 1;
            while (q < n) {
                char d = (char) s[q];
                if (Tk.isIdChar(d) || d == '.') {
                    q++;
                } else if ((d == '+' || d == '-')
                        && (s[q - 1] == 'e' || s[q - 1] == 'E' || s[q - 1] == 'p' || s[q - 1] == 'P')) {
                    q++;
                } else {
                    break;
                }
            }
            return (long) Tk.NUMBER << 32 | q;
        }
        if (c == '"' || c == '\'') {
            return quoted(s, p, p, n, false);
        }
        int pk = Tk.punct(s, p, n);
        if (pk >= 0) {
            return (long) (pk >> 8) << 32 | (p + (pk & 0xff));
        }
        return (long) Tk.OTHER << 32 | (p + 1);
    }

    private static long quoted(byte[] s, int p, int q, int n, boolean wide) {
        byte quote = s[q];
        int r = q + 1;
        while (r < n) {
            byte d = s[r];
            if (d == '\\' && r + 1 < n && s[r + 1] != '\n') {
                r += 2;
            } else if (d == quote) {
                byte k = quote == '"' ? (wide ? Tk.WSTRING : Tk.STRING) : (wide ? Tk.WCHAR : Tk.CHAR);
                return (long) k << 32 | (r + 1);
            } else if (d == '\n') {
                break;
            } else {
                r++;
            }
        }
        // Assembler mode: an unmatched quote takes the rest of the line, silently.
        return (long) Tk.OTHER << 32 | r;
    }
}
