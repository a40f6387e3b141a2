package dev.iommuc.cpp;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Severity;
import dev.iommuc.diag.SourcePos;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns preprocessor problems into diagnostics: positions in the original file (1-based line and
 * column), the include trail as notes ("in file included from F:L"), and the macro definition for
 * argument errors.
 */
final class Reporter {

    private final Preprocessor pp;
    /** Diagnostics emitted so far in this run (see {@link #emit}). */
    long emitted;

    Reporter(Preprocessor pp) {
        this.pp = pp;
    }

    /**
     * Every diagnostic of a run goes through here, counted even when its check is turned off: the
     * include memo must not record an expansion that tried to report anything, or a board with
     * other check levels would miss it.
     */
    void emit(Severity sev, String check, SourcePos pos, String message, List<Diagnostic.Note> notes) {
        emitted++;
        pp.diags.report(sev, check, pos, "", message, notes);
    }

    SourcePos pos(FileState fs, int tok) {
        LexedFile lf = fs.lf;
        if (tok < 0 || tok >= lf.ntok) {
            return SourcePos.of(fs.display, Math.max(1, lf.physLines), 1);
        }
        return new SourcePos(fs.display, lf.line[tok], lf.col(tok), lf.line[tok], lf.col(tok) + Math.max(0,
                lf.end[tok] - lf.start[tok] - 1));
    }

    List<Diagnostic.Note> trail(FileState fs) {
        if (fs == null || fs.parent == null) {
            return List.of();
        }
        List<Diagnostic.Note> notes = new ArrayList<>();
        for (FileState c = fs; c.parent != null; c = c.parent) {
            notes.add(new Diagnostic.Note(SourcePos.of(c.parent.display, c.includeLine, c.includeCol),
                    "in file included from " + c.parent.display + ":" + c.includeLine));
        }
        return notes;
    }

    void report(Severity sev, String check, FileState fs, int tok, String message) {
        emit(sev, check, pos(fs, tok), message, trail(fs));
    }

    void report(Severity sev, String check, FileState fs, int line, int col, String message) {
        emit(sev, check, SourcePos.of(fs.display, line, col), message, trail(fs));
    }

    void reportLexDiags(FileState fs) {
        for (LexedFile.LexDiag d : fs.lf.diags) {
            report(Severity.ERROR, d.check(), fs, d.line(), d.col(), d.message());
        }
    }

    /** Where the expansion currently happens: the file holding {@code t}, else the pp.top file. */
    private FileState fileOf(Tok t) {
        for (FileState f = pp.top; f != null; f = f.parent) {
            if (t != null && f.lf == t.lf) {
                return f;
            }
        }
        return pp.top;
    }

    void macroArgsError(Tok name, String message, Macro m) {
        FileState fs = fileOf(name);
        SourcePos at = name.lf != null && fs.lf == name.lf ? pos(fs, name.idx) : pointPos();
        List<Diagnostic.Note> notes = new ArrayList<>(trail(fs));
        if (m.defFile != null) {
            notes.add(0, new Diagnostic.Note(SourcePos.of(m.defFile, m.defLine, 1),
                    "macro \"" + m.name + "\" defined here"));
        }
        emit(Severity.ERROR, "cpp-macro-args", at, message, notes);
    }

    private SourcePos pointPos() {
        if (pp.top == null) {
            return SourcePos.UNKNOWN;
        }
        int i = Math.min(Math.max(0, pp.top.pos - 1), pp.top.lf.ntok - 1);
        return i >= 0 ? pos(pp.top, i) : SourcePos.of(pp.top.display, 1, 1);
    }

    void warnAtPoint(String check, String message) {
        emit(Severity.WARNING, check, pointPos(), message, trail(pp.top));
    }

    /** Reports a runaway expansion once and stops preprocessing. */
    void abortLimit(String message) {
        if (!pp.aborted) {
            emit(Severity.ERROR, "cpp-macro-expansion-limit", pointPos(), message, trail(pp.top));
            pp.aborted = true;
        }
    }
}
