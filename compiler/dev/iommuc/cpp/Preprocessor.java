package dev.iommuc.cpp;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.Severity;
import dev.iommuc.diag.SourcePos;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pure-Java C preprocessor that behaves like {@code cpp -nostdinc -undef -D__DTS__
 * -x assembler-with-cpp} as the Linux kernel runs it on device trees.
 *
 * <p>The output carries GNU-style line markers ({@code # line "file" flags}: 1 entering an include,
 * 2 returning) so every output line maps back to its file and line. Lines without macros are copied
 * unchanged (comments blanked); expansions are spaced as GNU cpp spaces them. Text is one char per
 * byte ({@link #CHARSET}), so encode the result with ISO-8859-1 to get the exact bytes.
 *
 * <p>Never throws on bad input and never hangs: problems go to the {@link Diagnostics} sink and the
 * text produced so far is returned. Not thread-safe; use one instance per thread (the
 * {@link SourceCache} may be shared).
 */
public final class Preprocessor {

    /** The charset of both input files and the returned text: one char per byte. */
    public static final Charset CHARSET = StandardCharsets.ISO_8859_1;
    static final int MAX_INCLUDE_DEPTH = 200;

    private final CppOptions options;
    final Diagnostics diags;
    final SourceCache cache;
    long maxSteps = 10_000_000L;
    long maxChars = 64L << 20;

    final MacroTable macros = new MacroTable(this);
    final Expander ex = new Expander(this);
    final Directives dirs = new Directives(this);
    final Includes includes = new Includes(this);
    final Reporter rep = new Reporter(this);
    final IncludeReplay replay = new IncludeReplay(this);
    Printer printer;
    FileState top;
    private String baseName;
    boolean aborted;
    private int counter;
    /**
     * Set once a built-in whose value depends on history ({@code __COUNTER__},
     * {@code __INCLUDE_LEVEL__}) was used: then re-entering a file in the same macro state need not
     * repeat, and only the depth limit bounds recursion.
     */
    boolean stateful;

    // Directive-line reading (tokens [dirPos, dirEnd) of dirFs), active while dirEnd >= 0.
    private FileState dirFs;
    private int dirPos;
    private int dirEnd = -1;
    private FileState lastBase;

    private final java.util.Map<String, LexedFile> pinned = new java.util.HashMap<>();

    public Preprocessor(CppOptions options, Diagnostics diags, SourceCache cache) {
        this.options = options;
        this.diags = diags;
        this.cache = cache;
    }

    /**
     * The lexed file at {@code path} (null: none), the same copy for the whole board: the shared cache
     * may drop a file and read it again meanwhile, and the include rules compare files by identity.
     */
    LexedFile file(Path path) {
        LexedFile lf = cache.get(path);
        if (lf == null) {
            return null;
        }
        LexedFile first = pinned.putIfAbsent(lf.key, lf);
        return first != null ? first : lf;
    }

    /** Sets the expansion budgets (tokens read, and characters of output or of one token). */
    void setLimits(long steps, long chars) {
        this.maxSteps = steps;
        this.maxChars = chars;
    }

    CppOptions options() {
        return options;
    }

    /**
     * Output as bytes, one per char as the files are read: {@code bytes[0, length)}, the output buffer
     * itself (a board's output is 80 KB on average; not trimming it saves a copy of each).
     */
    public record Output(byte[] bytes, int length) {
    }

    /** Preprocesses {@code file}; see the class comment. */
    public String preprocess(Path file) {
        Output out = preprocessOutput(file);
        return new String(out.bytes(), 0, out.length(), CHARSET);
    }

    /** As {@link #preprocess(Path)}, the output as bytes. */
    public Output preprocessOutput(Path file) {
        LexedFile lf = file(file);
        String display = file.normalize().toString();
        if (lf == null || lf.ioError != null) {
            diags.error("cpp-io", new SourcePos(display, 0, 0, 0, 0),
                    display + ": " + (lf == null ? "No such file or directory" : lf.ioError));
            return new Output(new byte[0], 0);
        }
        return run(lf, display, file);
    }

    /**
     * Preprocesses in-memory text as if it were the file {@code name} (includes resolve from there); the
     * text is read as ISO-8859-1 bytes, so a char beyond Latin-1 reads as '?'.
     */
    public String preprocessText(String name, String text) {
        LexedFile lf = cache.lexText(name, text);
        Path path;
        try {
            path = Path.of(name);
        } catch (InvalidPathException e) {
            path = Path.of("input.dts");
        }
        Output out = run(lf, path.normalize().toString(), path);
        return new String(out.bytes(), 0, out.length(), CHARSET);
    }

    private Output run(LexedFile lf, String display, Path openPath) {
        reset();
        // a board's output is mostly its SoC's .dtsi, 100-300 KB: start there rather than double up to it
        printer = new Printer(Math.max(1 << 17, lf.buf.length * 2), maxChars);
        baseName = display;
        printer.marker(1, display, "");
        predefine();
        top = new FileState(lf, display, openPath, -1, null, 0, 0, 0, macros.fingerprint());
        rep.reportLexDiags(top);
        loop();
        printer.finish();
        ex.clear();
        return printer.output();
    }

    private void reset() {
        macros.clear();
        ex.reset();
        aborted = false;
        counter = 0;
        stateful = false;
        dirEnd = -1;
        top = null;
        replay.reset();
    }

    private void predefine() {
        String[][] builtins = {
            {"__FILE__", "FILE"}, {"__LINE__", "LINE"}, {"__COUNTER__", "COUNTER"},
            {"__INCLUDE_LEVEL__", "INCLUDE_LEVEL"}, {"__BASE_FILE__", "BASE_FILE"}, {"__STDC__", "STDC"},
            {"__has_include", "HAS_INCLUDE"}, {"__has_include_next", "HAS_INCLUDE_NEXT"},
        };
        for (String[] b : builtins) {
            macros.set(b[0], Macro.builtin(b[0], Macro.Builtin.valueOf(b[1])));
        }
        defineText("__DTS__ 1");
        for (Map.Entry<String, String> d : options.defines().entrySet()) {
            defineText(d.getKey() + " " + (d.getValue() == null ? "1" : d.getValue()));
        }
    }

    private void defineText(String text) {
        LexedFile lf = cache.lexText("<command-line>", text);
        FileState fs = new FileState(lf, "<command-line>", Path.of("."), -1, null, 0, 0, 0, 0);
        int end = lf.ntok == 0 ? 0 : lf.lineEnd(0); // a value ends at its first newline
        Macro m = MacroDefiner.parse(lf, 0, end, "<command-line>", 1, dirs.sink(fs, 0));
        if (m != null) {
            macros.define(m, fs, 0);
        }
    }

    /** The main loop: copies tokens of the top file, expands macros, dispatches directives. */
    private void loop() {
        while (!aborted && step()) {
            if (printer.overflow()) {
                rep.abortLimit("output larger than " + maxChars + " characters");
            }
        }
    }

    /**
     * One step of the main loop (a directive, an expansion, or a run of plain tokens); false at the
     * end of the main file. Kept small and separate so the JIT compiles it early.
     */
    private boolean step() {
        FileState fs = top;
        LexedFile lf = fs.lf;
        int i = fs.pos;
        if (i >= lf.ntok) {
            return endOfFile(fs);
        }
        byte k = lf.kind[i];
        if ((lf.flags[i] & LexedFile.BOL) != 0) {
            if (k == Tk.HASH && dirs.handle(fs, i)) {
                return true;
            }
            printer.beginLine(lf, i, lf.line[i] + fs.lineDelta);
        }
        if (k == Tk.NAME) {
            Macro.Live m = macros.lookup(lf.names[i]);
            if (m != null) {
                fs.pos = i + 1;
                expandTop(fs, i, m);
                return true;
            }
        }
        // Copy the run of tokens up to the next macro name or line start in one go.
        int j = i + 1;
        int n = lf.ntok;
        byte[] kinds = lf.kind;
        byte[] flags = lf.flags;
        while (j < n && (flags[j] & LexedFile.BOL) == 0
                && (kinds[j] != Tk.NAME || macros.lookup(lf.names[j]) == null)) {
            j++;
        }
        fs.pos = j;
        printer.directRun(lf, i, j);
        return true;
    }

    private void expandTop(FileState fs, int i, Macro.Live m) {
        Tok name = materialize(fs, i, 0);
        if (!ex.enter(m, name)) {
            if (!aborted) {
                printer.direct(fs.lf, i);
            }
            return;
        }
        printer.padding(Tok.padding(name));
        while (ex.depth > 0) {
            Tok t = ex.next();
            if (t.kind == Tk.PADDING) {
                printer.padding(t);
            } else if (t.kind == Tk.EOF) {
                break;
            } else {
                printer.tok(t);
                if (printer.overflow()) {
                    rep.abortLimit("output larger than " + maxChars + " characters");
                    ex.clear();
                }
            }
        }
    }

    private boolean endOfFile(FileState fs) {
        for (FileState.Cond c : fs.conds) {
            rep.report(Severity.ERROR, "cpp-unterminated-conditional", fs, c.line, c.col,
                    "unterminated #" + c.directive);
        }
        fs.conds.clear();
        FileState parent = fs.parent;
        if (parent == null) {
            return false;
        }
        if (fs.rec != null) {
            replay.end(fs);
        }
        top = parent;
        printer.marker(fs.resumeLine, parent.presumed, " 2");
        return true;
    }

    // ---- token source for the expander -------------------------------------------------------

    Tok materialize(FileState fs, int i, int extraFlags) {
        LexedFile lf = fs.lf;
        int fl = ((lf.flags[i] & LexedFile.PREV_WHITE) != 0 ? Tok.PREV_WHITE : 0) | extraFlags;
        return new Tok(lf.kind[i], lf.spell(i), fl, -1, null, lf, i, lf.line[i] + fs.lineDelta);
    }

    /**
     * The next source token for the expander: within a directive line, or from the top file,
     * handling directives met while collecting macro arguments ({@code parsingArgs == 2}).
     */
    Tok baseNext(int parsingArgs) {
        if (dirEnd >= 0) {
            if (dirPos >= dirEnd) {
                return Tok.EOF;
            }
            return materialize(dirFs, dirPos++, 0);
        }
        for (;;) {
            if (aborted) {
                return Tok.EOF;
            }
            FileState fs = top;
            LexedFile lf = fs.lf;
            int i = fs.pos;
            if (i >= lf.ntok) {
                return Tok.EOF;
            }
            boolean bol = (lf.flags[i] & LexedFile.BOL) != 0;
            if (bol && lf.kind[i] == Tk.HASH && parsingArgs != 1 && dirs.handle(fs, i)) {
                continue;
            }
            fs.pos = i + 1;
            lastBase = fs;
            return materialize(fs, i, bol ? (parsingArgs == 2 ? Tok.PREV_WHITE | Tok.BOL : Tok.BOL) : 0);
        }
    }

    void baseBackup() {
        if (dirEnd >= 0) {
            dirPos--;
        } else if (lastBase != null) {
            lastBase.pos--;
        }
    }

    /**
     * Macro-expands tokens {@code [from, to)} of a directive line. With {@code forIf}, handles
     * {@code defined} and {@code __has_include}; returns null after reporting an error.
     */
    List<Tok> expandLine(FileState fs, int from, int to, boolean forIf, int dirTok) {
        int savedPrevent = ex.preventExpansion;
        int savedArgs = ex.parsingArgs;
        boolean savedDir = ex.inDirective;
        FileState sFs = dirFs;
        int sPos = dirPos;
        int sEnd = dirEnd;
        ex.preventExpansion = 0;
        ex.parsingArgs = 0;
        ex.inDirective = true;
        dirFs = fs;
        dirPos = from;
        dirEnd = to;
        List<Tok> out = new ArrayList<>();
        boolean ok = true;
        try {
            for (;;) {
                Tok t = ex.next();
                if (t.kind == Tk.EOF) {
                    break;
                }
                if (forIf && t.kind == Tk.NAME) {
                    if ("defined".equals(t.text)) {
                        t = dirs.defined(fs, dirTok);
                        ok &= t != null;
                    } else if ("__has_include".equals(t.text) || "__has_include_next".equals(t.text)) {
                        t = includes.hasInclude(fs, dirTok, t.text.length() > 13);
                        ok &= t != null;
                    }
                    if (t == null) {
                        continue;
                    }
                }
                out.add(t);
            }
        } finally {
            ex.clear();
            ex.preventExpansion = savedPrevent;
            ex.parsingArgs = savedArgs;
            ex.inDirective = savedDir;
            dirFs = sFs;
            dirPos = sPos;
            dirEnd = sEnd;
        }
        return ok && !aborted ? out : null;
    }

    Tok builtin(Macro m, Tok name, int line) {
        switch (m.builtin) {
            case FILE:
                return Tok.of(Tk.STRING, Spelling.quote(top.presumed), 0);
            case BASE_FILE:
                replay.untracked(); // the board's name, not the included file's
                return Tok.of(Tk.STRING, Spelling.quote(baseName), 0);
            case LINE:
                return Tok.of(Tk.NUMBER, Integer.toString(line), 0);
            case COUNTER:
                replay.untracked();
                stateful = true;
                return Tok.of(Tk.NUMBER, Integer.toString(counter++), 0);
            case INCLUDE_LEVEL:
                replay.untracked();
                stateful = true;
                return Tok.of(Tk.NUMBER, Integer.toString(top.depth - 1), 0);
            case STDC:
                return Tok.of(Tk.NUMBER, "1", 0);
            default:
                return null;
        }
    }
}
