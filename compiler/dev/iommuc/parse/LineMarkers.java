package dev.iommuc.parse;

import dev.iommuc.diag.SourcePos;

/**
 * cpp's line markers as dtc's lexer reads them ({@code # N "file" flags} or {@code #line N "file"} at
 * the start of a line, dtc-lexer.l), and what each does to the include trail of {@link SourceText}.
 */
final class LineMarkers {

    private LineMarkers() {
    }

    /** A parsed line marker: the next line is {@code line} of {@code file}; flag 1 enters, 2 returns. */
    record Marker(int line, String file, int flag) {
        LineMap.Frame apply(LineMap.Frame cur, int curLine) {
            if (flag == 1) {
                // the entering marker stands where the #include line was: the including file's next line
                return new LineMap.Frame(file, SourcePos.of(cur.file(), Math.max(1, curLine), 1), cur);
            }
            if (flag == 2) {
                for (LineMap.Frame f = cur.parent(); f != null; f = f.parent()) {
                    if (f.file().equals(file)) {
                        return f;
                    }
                }
            }
            return cur.file().equals(file) ? cur : new LineMap.Frame(file, cur.from(), cur.parent());
        }
    }

    /** dtc: {@code ^#(line)?[ \t]+[0-9]+[ \t]+"file"([ \t]+[0-9]+)*}. */
    static Marker parse(byte[] t, int pos, int end) {
        int i = pos + 1;
        if (i + 4 <= end && t[i] == 'l' && t[i + 1] == 'i' && t[i + 2] == 'n' && t[i + 3] == 'e') {
            i += 4;
        }
        int ws = i;
        while (i < end && (t[i] == ' ' || t[i] == '\t')) {
            i++;
        }
        if (i == ws || i >= end || !isDigit(t[i])) {
            return null;
        }
        long line = 0;
        while (i < end && isDigit(t[i])) {
            line = Math.min(line * 10 + (t[i] - '0'), Integer.MAX_VALUE);
            i++;
        }
        ws = i;
        while (i < end && (t[i] == ' ' || t[i] == '\t')) {
            i++;
        }
        if (i == ws || i >= end || t[i] != '"') {
            return null;
        }
        StringBuilder file = new StringBuilder();
        i++;
        boolean closed = false;
        while (i < end) {
            char c = (char) (t[i] & 0xff);
            if (c == '\\' && i + 1 < end) {
                file.append((char) (t[i + 1] & 0xff));
                i += 2;
                continue;
            }
            if (c == '"') {
                closed = true;
                i++;
                break;
            }
            file.append(c);
            i++;
        }
        if (!closed) {
            return null;
        }
        int flag = 0;
        while (i < end) {
            byte c = t[i];
            if (c == ' ' || c == '\t' || c == '\r') {
                i++;
            } else if (isDigit(c)) {
                int f = 0;
                while (i < end && isDigit(t[i])) {
                    f = Math.min(f * 10 + (t[i] - '0'), 1000);
                    i++;
                }
                if (flag == 0) {
                    flag = f;
                }
            } else {
                return null;
            }
        }
        return new Marker((int) Math.max(1, line), file.toString(), flag);
    }

    /** Character.isDigit of a Latin-1 char: only the ASCII digits (Latin-1 has no other). */
    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
