package dev.iommuc.parse;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.SourcePos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Turns preprocessed DTS (cpp output with line markers, or a plain file) into the text the lexer
 * reads plus a {@link LineMap}. It does what dtc's lexer does before tokens matter: line markers
 * ({@code # N "file" flags} or {@code #line N "file"} at the start of a line) move the position and
 * are blanked; dtc's own {@code /include/ "file"} is spliced in (searched in the including file's
 * directory, then the include dirs; nesting limited to 200 as in dtc's srcpos.c).
 */
public final class SourceText {

    /** dtc's MAX_SRCFILE_DEPTH. */
    static final int MAX_DEPTH = 200;
    /** Largest file /include/ will read; guards against devices and runaway inputs. */
    static final long MAX_FILE = 64L << 20;

    private final List<Path> includeDirs;
    private final Diagnostics diags;
    private final StringBuilder out;
    private final LineMap map;
    private final Deque<Path> physical = new ArrayDeque<>();
    // lexical state carried across lines: inside a block comment or a string
    private boolean inComment;
    private boolean inString;

    private SourceText(List<Path> includeDirs, Diagnostics diags, int size) {
        this.out = new StringBuilder(size);   // markers out, the text rarely grows past its input
        this.map = new LineMap(size / 20);    // cpp output averages more than 20 characters a line
        this.includeDirs = includeDirs;
        this.diags = diags;
    }

    /**
     * The lexer's input and its line map; {@code latin1}: every char of the text is at most 0xFF, as in
     * anything decoded from bytes as ISO-8859-1 (files, our cpp's output, the system cpp's output).
     */
    public record Result(String text, LineMap lines, boolean latin1) {

        /**
         * The text one byte per char, for the scans of the splitter and the lexer: a plain copy when
         * {@link #latin1}, else with every char beyond Latin-1 as 0xFF ({@link DtsChars#bytes}).
         */
        public byte[] bytes() {
            return latin1 ? text.getBytes(StandardCharsets.ISO_8859_1) : DtsChars.bytes(text);
        }
    }

    /**
     * @param text      file contents (possibly cpp output)
     * @param file      the file {@code text} was read from (for /include/ lookups)
     * @param shownName name used in positions until a line marker says otherwise
     */
    public static Result of(String text, Path file, String shownName, List<Path> includeDirs, Diagnostics diags) {
        return of(text, DtsChars.isLatin1(text), file, shownName, includeDirs, diags);
    }

    /**
     * As {@link #of(String, Path, String, List, Diagnostics)} for text its caller knows to be Latin-1
     * or not ({@code latin1}, see {@link Result}), so it is not scanned to find out.
     */
    public static Result of(String text, boolean latin1, Path file, String shownName, List<Path> includeDirs,
                            Diagnostics diags) {
        SourceText st = new SourceText(includeDirs, diags, text.length() + 16);
        st.physical.push(file);
        st.scan(text, new LineMap.Frame(shownName, null, null), 1);
        // what scan adds is newlines and files read as ISO-8859-1: Latin-1 stays Latin-1
        return new Result(st.out.toString(), st.map, latin1);
    }

    private void scan(String text, LineMap.Frame frame, int firstLine) {
        // most inputs have no dtc /include/ at all: then only line markers need looking at
        boolean mayInclude = containsInclude(text);
        int nextLine = firstLine;
        int pos = 0;
        int n = text.length();
        // ordinary lines are copied in runs, by one bulk copy each, rather than line by line
        int run = 0;
        boolean unterminated = false;
        while (pos <= n) {
            int eol = text.indexOf('\n', pos);
            int end = eol < 0 ? n : eol;
            if (eol < 0 && pos == n) {
                break;
            }
            if (!inComment && !inString && pos < n && text.charAt(pos) == '#') {
                Marker m = parseMarker(text, pos, end);
                if (m != null) {
                    copy(text, run, pos);
                    frame = m.apply(frame, nextLine);
                    nextLine = m.line;
                    out.append('\n');
                    map.add(frame, m.line - 1);
                    pos = end + 1;
                    run = pos;
                    continue;
                }
            }
            int inc = mayInclude ? findInclude(text, pos, end) : -1;
            if (inc < 0) {
                map.add(frame, nextLine);
                unterminated = eol < 0;
            } else {
                copy(text, run, pos);
                frame = splice(text, pos, end, inc, frame, nextLine);
                run = end + 1;
            }
            nextLine++;
            pos = end + 1;
        }
        copy(text, run, n);
        if (unterminated && run <= n) {
            out.append('\n');   // every line the lexer sees ends in a newline, the last one too
        }
    }

    private static final String INCLUDE = "/include/";

    /**
     * {@code text.contains("/include/")}, by Horspool's skip: the character under the end of the
     * window says how far the pattern can move, 9 for a character the pattern lacks, so about one
     * character in six is read. String.indexOf is a plain loop under C1, and this ran over every
     * board's whole text (2 % of a corpus check).
     */
    static boolean containsInclude(String text) {
        int n = text.length();
        for (int end = 8; end < n; ) {
            int shift = switch (text.charAt(end)) {
                case '/' -> text.startsWith(INCLUDE, end - 8) ? 0 : 8;
                case 'e' -> 1;
                case 'd' -> 2;
                case 'u' -> 3;
                case 'l' -> 4;
                case 'c' -> 5;
                case 'n' -> 6;
                case 'i' -> 7;
                default -> 9;
            };
            if (shift == 0) {
                return true;
            }
            end += shift;
        }
        return false;
    }

    private void copy(String text, int from, int to) {
        if (from < to) {
            out.append(text, from, to);   // a bulk copy of Latin-1 text, without a substring between
        }
    }

    /** Scans [from, end) for "/include/" outside comments and strings, updating the carried state. */
    private int findInclude(String text, int from, int end) {
        int i = from;
        while (i < end) {
            char c = text.charAt(i);
            if (inComment) {
                if (c == '*' && i + 1 < end && text.charAt(i + 1) == '/') {
                    inComment = false;
                    i += 2;
                    continue;
                }
            } else if (inString) {
                if (c == '\\') {
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '/' && i + 1 < end) {
                char d = text.charAt(i + 1);
                if (d == '*') {
                    inComment = true;
                    i += 2;
                    continue;
                }
                if (d == '/') {
                    return -1;
                }
                if (d == 'i' && text.startsWith("/include/", i)) {
                    return i;
                }
            } else if (c == '\'') {
                int close = charLiteralEnd(text, i, end);
                if (close > 0) {
                    i = close;
                    continue;
                }
            }
            i++;
        }
        return -1;
    }

    private static int charLiteralEnd(String text, int i, int end) {
        for (int j = i + 1; j < end; j++) {
            char c = text.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '\'') {
                return j + 1;
            }
        }
        return -1;
    }

    private LineMap.Frame splice(String text, int pos, int end, int inc, LineMap.Frame frame, int line) {
        SourcePos at = SourcePos.of(frame.file(), line, inc - pos + 1);
        int i = inc + "/include/".length();
        while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        int close = -1;
        if (i < end && text.charAt(i) == '"') {
            for (int j = i + 1; j < end; j++) {
                if (text.charAt(j) == '\\') {
                    j++;
                } else if (text.charAt(j) == '"') {
                    close = j;
                    break;
                }
            }
        }
        out.append(text, pos, inc).append('\n');
        map.add(frame, line);
        if (close < 0) {
            diags.error("syntax-error", at, "/include/ must be followed by a quoted file name");
            out.append(text, inc + 1, end).append('\n');
            map.add(frame, line);
            return frame;
        }
        String name = text.substring(i + 1, close);
        includeFile(name, at, frame);
        out.append(" ".repeat(close + 1 - pos)).append(text, close + 1, end).append('\n');
        map.add(frame, line);
        return frame;
    }

    private void includeFile(String name, SourcePos at, LineMap.Frame frame) {
        Path found = resolve(name);
        if (found == null) {
            diags.error("dts-include-not-found", at, "", "/include/ file \"" + name + "\" not found");
            return;
        }
        Path real = found.toAbsolutePath().normalize();
        for (Path p : physical) {
            if (p.toAbsolutePath().normalize().equals(real)) {
                diags.error("dts-include-cycle", at, "", "\"" + name + "\" includes itself (include cycle)");
                return;
            }
        }
        if (physical.size() >= MAX_DEPTH) {
            diags.error("dts-include-depth", at, "", "Includes nested too deeply");
            return;
        }
        String content;
        try {
            if (Files.size(found) > MAX_FILE) {
                diags.error("io", at, "", "\"" + found + "\" is larger than " + (MAX_FILE >> 20) + " MiB");
                return;
            }
            content = Files.readString(found, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            diags.error("io", at, "", "cannot read \"" + found + "\": " + e.getMessage());
            return;
        }
        boolean savedComment = inComment;
        boolean savedString = inString;
        inComment = false;
        inString = false;
        physical.push(found);
        scan(content, new LineMap.Frame(found.toString(), at, frame), 1);
        physical.pop();
        inComment = savedComment;
        inString = savedString;
    }

    /** A name the file system cannot represent (a NUL byte, say) is simply not found. */
    private Path resolve(String name) {
        try {
            return resolveUnchecked(name);
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    private Path resolveUnchecked(String name) {
        Path p = Path.of(name);
        if (p.isAbsolute()) {
            return Files.isRegularFile(p) ? p : null;
        }
        Path dir = physical.peek() == null ? null : physical.peek().toAbsolutePath().getParent();
        if (dir != null) {
            Path c = dir.resolve(name);
            if (Files.isRegularFile(c)) {
                return relativise(c);
            }
        }
        for (Path d : includeDirs) {
            Path c = d.resolve(name);
            if (Files.isRegularFile(c)) {
                return c;
            }
        }
        return null;
    }

    private static Path relativise(Path p) {
        try {
            Path cwd = Path.of("").toAbsolutePath();
            return p.startsWith(cwd) ? cwd.relativize(p) : p;
        } catch (IllegalArgumentException e) {
            return p;
        }
    }

    /** A parsed line marker: the next line is {@code line} of {@code file}; flag 1 enters, 2 returns. */
    private record Marker(int line, String file, int flag) {
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
    private static Marker parseMarker(String t, int pos, int end) {
        int i = pos + 1;
        if (t.startsWith("line", i)) {
            i += 4;
        }
        int ws = i;
        while (i < end && (t.charAt(i) == ' ' || t.charAt(i) == '\t')) {
            i++;
        }
        if (i == ws || i >= end || !Character.isDigit(t.charAt(i))) {
            return null;
        }
        long line = 0;
        while (i < end && Character.isDigit(t.charAt(i))) {
            line = Math.min(line * 10 + (t.charAt(i) - '0'), Integer.MAX_VALUE);
            i++;
        }
        ws = i;
        while (i < end && (t.charAt(i) == ' ' || t.charAt(i) == '\t')) {
            i++;
        }
        if (i == ws || i >= end || t.charAt(i) != '"') {
            return null;
        }
        StringBuilder file = new StringBuilder();
        i++;
        boolean closed = false;
        while (i < end) {
            char c = t.charAt(i);
            if (c == '\\' && i + 1 < end) {
                file.append(t.charAt(i + 1));
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
            char c = t.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r') {
                i++;
            } else if (Character.isDigit(c)) {
                int f = 0;
                while (i < end && Character.isDigit(t.charAt(i))) {
                    f = Math.min(f * 10 + (t.charAt(i) - '0'), 1000);
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
}
