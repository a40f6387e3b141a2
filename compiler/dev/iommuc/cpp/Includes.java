package dev.iommuc.cpp;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Severity;
import dev.iommuc.diag.SourcePos;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code #include}, {@code #include_next}, {@code #import} and {@code __has_include}: header-name
 * parsing, the search ("..." in the including file's directory, then each -I directory; <...> in
 * the -I directories only), the multiple-include optimisation, and the depth and cycle bounds.
 */
final class Includes {

    /** A found include file: the lexed file, the path it was opened by, its display name, its -I index. */
    record Resolved(LexedFile lf, Path openPath, String display, int dirIndex) {
    }

    private final Preprocessor pp;

    Includes(Preprocessor pp) {
        this.pp = pp;
    }

    void include(FileState fs, int j, int e, String directive) {
        LexedFile lf = fs.lf;
        int k = j + 1;
        String hname = null;
        boolean angled = false;
        if (k < e && lf.kind[k] == Tk.STRING) {
            hname = lf.text(lf.start[k] + 1, lf.end[k] - 1);
            pp.dirs.extraTokens(fs, k + 1, e, directive);
        } else if (k < e && lf.kind[k] == Tk.LESS) {
            int stop = lf.end[e - 1];
            int gt = lf.end[k];
            while (gt < stop && lf.buf[gt] != '>') {
                gt++;
            }
            if (gt >= stop) {
                pp.rep.report(Severity.ERROR, "cpp-directive", fs, k, "missing terminating > character");
                return;
            }
            hname = lf.text(lf.end[k], gt);
            angled = true;
            int after = k + 1;
            while (after < e && lf.start[after] <= gt) {
                after++;
            }
            pp.dirs.extraTokens(fs, after, e, directive);
        } else if (k < e) {
            List<Tok> toks = pp.expandLine(fs, k, e, false, j);
            if (toks == null) {
                return;
            }
            if (!toks.isEmpty() && toks.get(0).kind == Tk.STRING) {
                String s = toks.get(0).text;
                hname = s.substring(1, s.length() - 1);
            } else if (!toks.isEmpty() && toks.get(0).kind == Tk.LESS) {
                StringBuilder sb = new StringBuilder();
                int q = 1;
                for (; q < toks.size() && toks.get(q).kind != Tk.GREATER; q++) {
                    if (toks.get(q).white() && sb.length() > 0) {
                        sb.append(' ');
                    }
                    sb.append(toks.get(q).text);
                }
                if (q < toks.size()) {
                    hname = sb.toString();
                    angled = true;
                }
            }
        }
        if (hname == null) {
            pp.rep.report(Severity.ERROR, "cpp-directive", fs, k < e ? k : j,
                    "#" + directive + " expects \"FILENAME\" or <FILENAME>");
            return;
        }
        if (hname.isEmpty()) {
            pp.rep.report(Severity.ERROR, "cpp-directive", fs, k, "empty filename in #" + directive);
            return;
        }
        boolean next = directive.equals("include_next") && fs.parent != null;
        Resolved r = resolve(fs, hname, angled, next);
        if (r == null) {
            pp.rep.report(Severity.ERROR, "cpp-include-not-found", fs, k, hname + ": No such file or directory");
            pp.aborted = true; // fatal, as in GNU cpp
            return;
        }
        if (r.lf().ioError != null) {
            pp.rep.report(Severity.ERROR, "cpp-io", fs, k, hname + ": " + r.lf().ioError);
            return;
        }
        String guard = r.lf().guard;
        if ((guard != null && pp.macros.lookup(guard) != null) || pp.macros.onceOnly(r.lf().key)) {
            return;
        }
        if (directive.equals("import")) {
            pp.macros.addOnceOnly(r.lf().key);
        }
        enter(fs, r, j, e - 1);
    }

    /** Searches for an include file as GNU cpp does ("..." : current file's directory, then -I). */
    Resolved resolve(FileState fs, String name, boolean angled, boolean next) {
        Path rel;
        try {
            rel = Path.of(name);
        } catch (InvalidPathException ex) {
            return null;
        }
        if (rel.isAbsolute()) {
            LexedFile lf = pp.file(rel);
            return lf == null ? null : new Resolved(lf, rel, rel.normalize().toString(), -1);
        }
        List<Path> dirs = pp.options().includeDirs();
        int from = 0;
        if (next) {
            from = fs.dirIndex + 1;
        } else if (!angled) {
            Path parent = fs.openPath.getParent();
            Path cand = parent == null ? rel : parent.resolve(rel);
            LexedFile lf = pp.file(cand);
            if (lf != null) {
                Path dp = Path.of(fs.display).getParent();
                String display = (dp == null ? rel : dp.resolve(rel)).normalize().toString();
                return new Resolved(lf, cand, display, -1);
            }
        }
        for (int d = from; d < dirs.size(); d++) {
            Path cand = dirs.get(d).resolve(rel);
            LexedFile lf = pp.file(cand);
            if (lf != null) {
                return new Resolved(lf, cand, cand.normalize().toString(), d);
            }
        }
        return null;
    }

    /** {@code __has_include("f")} / {@code (<f>)} in #if. */
    Tok hasInclude(FileState fs, int dirTok, boolean next) {
        Expander ex = pp.ex;
        ex.preventExpansion++;
        try {
            Tok t = ex.next();
            if (t.kind != Tk.OPEN_PAREN) {
                pp.rep.report(Severity.ERROR, "cpp-if-expression", fs, Directives.tokOr(t, fs, dirTok),
                        "missing '(' before \"__has_include\" operand");
                return null;
            }
            Tok h = ex.next();
            String name;
            boolean angled = false;
            if (h.kind == Tk.STRING) {
                name = h.text.substring(1, h.text.length() - 1);
            } else if (h.kind == Tk.LESS) {
                angled = true;
                StringBuilder sb = new StringBuilder();
                for (Tok u = ex.next(); u.kind != Tk.GREATER; u = ex.next()) {
                    if (u.kind == Tk.EOF) {
                        pp.rep.report(Severity.ERROR, "cpp-if-expression", fs, dirTok, "missing terminating > character");
                        return null;
                    }
                    if (u.white() && sb.length() > 0) {
                        sb.append(' ');
                    }
                    sb.append(u.text);
                }
                name = sb.toString();
            } else {
                pp.rep.report(Severity.ERROR, "cpp-if-expression", fs, Directives.tokOr(h, fs, dirTok),
                        "operator \"__has_include\" requires a header-name");
                return null;
            }
            Tok c = ex.next();
            if (c.kind != Tk.CLOSE_PAREN) {
                pp.rep.report(Severity.ERROR, "cpp-if-expression", fs, Directives.tokOr(c, fs, dirTok),
                        "missing ')' after \"__has_include\" operand");
                return null;
            }
            return Tok.of(Tk.NUMBER, resolve(fs, name, angled, next) != null ? "1" : "0", 0);
        } finally {
            ex.preventExpansion--;
        }
    }

    /** Enters an included file (already resolved); {@code j} is the directive-name token. */
    private void enter(FileState fs, Resolved r, int j, int lastTok) {
        LexedFile lf = r.lf();
        if (fs.depth >= Preprocessor.MAX_INCLUDE_DEPTH) {
            pp.rep.report(Severity.ERROR, "cpp-include-depth", fs, j, "#include nested depth " + fs.depth
                    + " exceeds maximum of " + Preprocessor.MAX_INCLUDE_DEPTH);
            return;
        }
        for (FileState p = fs; p != null && !pp.stateful; p = p.parent) {
            if (p.lf == lf && p.fingerprint == pp.macros.fingerprint() && p.onceCount == pp.macros.onceCount()) {
                reportCycle(fs, p, j, r.display());
                return;
            }
        }
        int resume = fs.lf.lineAfter(lastTok) + fs.lineDelta;
        pp.printer.sync(fs.lf.line[j] + fs.lineDelta);
        pp.printer.marker(1, r.display(), " 1");
        ExpansionMemo.Key key = pp.replay.key(r);
        if (pp.replay.replay(key, fs, resume)) {
            return;
        }
        FileState child = new FileState(lf, r.display(), r.openPath(), r.dirIndex(), fs, fs.lf.line[j],
                fs.lf.col(j), resume, pp.macros.fingerprint());
        child.onceCount = pp.macros.onceCount();
        pp.top = child;
        pp.replay.begin(child, key);
        pp.rep.reportLexDiags(child);
    }

    /** An include that would re-enter {@code again} in the same macro state: it can only recur forever. */
    private void reportCycle(FileState fs, FileState again, int j, String display) {
        FileState at = fs;
        int line = fs.lf.line[j];
        int col = fs.lf.col(j);
        StringBuilder chain = new StringBuilder();
        List<FileState> path = new ArrayList<>();
        for (FileState c = fs; c != again; c = c.parent) {
            path.add(0, c);
        }
        if (!path.isEmpty()) {
            FileState first = path.get(0);
            at = again;
            line = first.includeLine;
            col = first.includeCol;
        }
        chain.append(again.display);
        for (FileState c : path) {
            chain.append(" -> ").append(c.display);
        }
        chain.append(" -> ").append(display);
        List<Diagnostic.Note> notes = new ArrayList<>();
        if (at != fs) {
            notes.add(new Diagnostic.Note(pp.rep.pos(fs, j), "the cycle closes here"));
        }
        notes.addAll(pp.rep.trail(at));
        pp.rep.emit(Severity.ERROR, "cpp-include-cycle", SourcePos.of(at.display, line, col), "#include cycle: " + chain,
                notes);
    }}
