package dev.iommuc.parse;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.SourcePos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Turns preprocessed DTS (cpp output with line markers, or a plain file) into the text the lexer
 * reads plus a {@link LineMap}. It does what dtc's lexer does before tokens matter: line markers
 * ({@link LineMarkers}) move the position and are blanked; dtc's own {@code /include/ "file"} is
 * spliced in (searched in the including file's directory, then the include dirs; nesting limited to
 * 200 as in dtc's srcpos.c). Like dtc it reads bytes, one per char (ISO-8859-1): the cpp's output
 * comes as bytes, and the splitter and the lexer scan the bytes made here; the text's String is made
 * once, for token text (each copy of a board's text is 84 MB over the corpus).
 */
public final class SourceText {

    /** dtc's MAX_SRCFILE_DEPTH. */
    static final int MAX_DEPTH = 200;
    /** Largest file /include/ will read; guards against devices and runaway inputs. */
    static final long MAX_FILE = 64L << 20;

    private final List<Path> includeDirs;
    private final Diagnostics diags;
    /** The lexer's text, one byte per char (ISO-8859-1), as dtc reads bytes: out[0, len). */
    private byte[] out;
    private int len;
    private final LineMap map;
    private final Deque<Path> physical = new ArrayDeque<>();
    // lexical state carried across lines: inside a block comment or a string
    private boolean inComment;
    private boolean inString;

    private SourceText(List<Path> includeDirs, Diagnostics diags, int size) {
        this.out = new byte[size];             // markers out, the text rarely grows past its input
        this.map = new LineMap(size / 20);    // cpp output averages more than 20 characters a line
        this.includeDirs = includeDirs;
        this.diags = diags;
    }

    /**
     * The lexer's input and its line map. {@code bytes[0, text.length())} is the same text one byte per
     * char, for the scans of the splitter and the lexer (read it, do not write it; the array may run on
     * past the text: it is the scan's buffer, not a trimmed copy); {@code text} is made from it.
     */
    public record Result(String text, LineMap lines, byte[] bytes) {
    }

    /**
     * As {@link #of(byte[], int, Path, String, List, Diagnostics)} for text given as chars: encoded as
     * ISO-8859-1, where a char beyond Latin-1 becomes '?', as our preprocessor reads such text.
     */
    public static Result of(String text, Path file, String shownName, List<Path> includeDirs, Diagnostics diags) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return of(b, b.length, file, shownName, includeDirs, diags);
    }

    /**
     * @param text      file contents (possibly cpp output) in {@code text[0, length)}, one byte per char
     * @param file      the file {@code text} was read from (for /include/ lookups)
     * @param shownName name used in positions until a line marker says otherwise
     */
    public static Result of(byte[] text, int length, Path file, String shownName, List<Path> includeDirs,
                            Diagnostics diags) {
        SourceText st = new SourceText(includeDirs, diags, length + 16);
        st.physical.push(file);
        st.scan(text, length, new LineMap.Frame(shownName, null, null), 1);
        return new Result(new String(st.out, 0, st.len, StandardCharsets.ISO_8859_1), st.map, st.out);
    }

    private void scan(byte[] text, int n, LineMap.Frame frame, int firstLine) {
        // most inputs have no dtc /include/ at all: then only line markers need looking at
        boolean mayInclude = containsInclude(text, n);
        int nextLine = firstLine;
        int pos = 0;
        // ordinary lines are copied in runs, by one bulk copy each, rather than line by line
        int run = 0;
        boolean unterminated = false;
        while (pos <= n) {
            int eol = pos;
            while (eol < n && text[eol] != '\n') {
                eol++;
            }
            if (eol == n) {
                eol = -1;
            }
            int end = eol < 0 ? n : eol;
            if (eol < 0 && pos == n) {
                break;
            }
            if (!inComment && !inString && pos < n && text[pos] == '#') {
                LineMarkers.Marker m = LineMarkers.parse(text, pos, end);
                if (m != null) {
                    copy(text, run, pos);
                    frame = m.apply(frame, nextLine);
                    nextLine = m.line();
                    put((byte) '\n');
                    map.add(frame, m.line() - 1);
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
            put((byte) '\n');   // every line the lexer sees ends in a newline, the last one too
        }
    }

    private static final byte[] INCLUDE = "/include/".getBytes(StandardCharsets.ISO_8859_1);

    /** {@link #containsInclude(byte[], int)} over chars as the lexer reads them (for tests). */
    static boolean containsInclude(String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return containsInclude(b, b.length);
    }

    /**
     * Whether "/include/" occurs in {@code text[0, n)}, by Horspool's skip: the byte under the end of
     * the window says how far the pattern can move, 9 for a byte the pattern lacks, so about one byte
     * in six is read. This runs over every board's whole text.
     */
    static boolean containsInclude(byte[] text, int n) {
        for (int end = 8; end < n; ) {
            int shift = switch (text[end]) {
                case '/' -> Arrays.equals(text, end - 8, end + 1, INCLUDE, 0, 9) ? 0 : 8;
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

    private void copy(byte[] text, int from, int to) {
        if (from < to) {
            room(to - from);
            System.arraycopy(text, from, out, len, to - from);
            len += to - from;
        }
    }

    private void put(byte b) {
        room(1);
        out[len++] = b;
    }

    private void room(int more) {
        if (len + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, len + more));
        }
    }

    /** Scans [from, end) for "/include/" outside comments and strings, updating the carried state. */
    private int findInclude(byte[] text, int from, int end) {
        int i = from;
        while (i < end) {
            byte c = text[i];
            if (inComment) {
                if (c == '*' && i + 1 < end && text[i + 1] == '/') {
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
                byte d = text[i + 1];
                if (d == '*') {
                    inComment = true;
                    i += 2;
                    continue;
                }
                if (d == '/') {
                    return -1;
                }
                if (d == 'i' && i + INCLUDE.length <= end && Arrays.equals(text, i, i + 9, INCLUDE, 0, 9)) {
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

    private static int charLiteralEnd(byte[] text, int i, int end) {
        for (int j = i + 1; j < end; j++) {
            byte c = text[j];
            if (c == '\\') {
                j++;
            } else if (c == '\'') {
                return j + 1;
            }
        }
        return -1;
    }

    private LineMap.Frame splice(byte[] text, int pos, int end, int inc, LineMap.Frame frame, int line) {
        SourcePos at = SourcePos.of(frame.file(), line, inc - pos + 1);
        int i = inc + INCLUDE.length;
        while (i < end && (text[i] == ' ' || text[i] == '\t')) {
            i++;
        }
        int close = -1;
        if (i < end && text[i] == '"') {
            for (int j = i + 1; j < end; j++) {
                if (text[j] == '\\') {
                    j++;
                } else if (text[j] == '"') {
                    close = j;
                    break;
                }
            }
        }
        copy(text, pos, inc);
        put((byte) '\n');
        map.add(frame, line);
        if (close < 0) {
            diags.error("syntax-error", at, "/include/ must be followed by a quoted file name");
            copy(text, inc + 1, end);
            put((byte) '\n');
            map.add(frame, line);
            return frame;
        }
        String name = new String(text, i + 1, close - i - 1, StandardCharsets.ISO_8859_1);
        includeFile(name, at, frame);
        for (int k = pos; k <= close; k++) {
            put((byte) ' ');
        }
        copy(text, close + 1, end);
        put((byte) '\n');
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
        byte[] content;
        try {
            if (Files.size(found) > MAX_FILE) {
                diags.error("io", at, "", "\"" + found + "\" is larger than " + (MAX_FILE >> 20) + " MiB");
                return;
            }
            content = Files.readAllBytes(found);
        } catch (IOException e) {
            diags.error("io", at, "", "cannot read \"" + found + "\": " + e.getMessage());
            return;
        }
        boolean savedComment = inComment;
        boolean savedString = inString;
        inComment = false;
        inString = false;
        physical.push(found);
        scan(content, content.length, new LineMap.Frame(found.toString(), at, frame), 1);
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
}
