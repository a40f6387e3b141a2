package dev.iommuc.cpp;

import dev.iommuc.diag.Severity;
import java.util.List;

/**
 * The directives. In assembler-with-cpp mode a line such as {@code #address-cells = <1>;} whose
 * word is no directive is ordinary text ({@link #handle} returns false and the {@code #} is printed).
 * Inside a skipped group only the conditional directives are looked at.
 */
final class Directives {

    private final Preprocessor pp;

    Directives(Preprocessor pp) {
        this.pp = pp;
    }

    /** Reports {@code #define} problems at a token of {@code fs} (or at the line end for -1). */
    MacroDefiner.Sink sink(FileState fs, int dirTok) {
        return new MacroDefiner.Sink() {
            @Override
            public void error(int tok, String message) {
                pp.rep.report(Severity.ERROR, "cpp-macro-definition", fs, tok >= 0 ? tok : lastTokOfLine(fs, dirTok),
                        message);
            }

            @Override
            public void warning(int tok, String message) {
                pp.rep.report(Severity.WARNING, "cpp-macro-definition", fs, tok, message);
            }
        };
    }

    private static int lastTokOfLine(FileState fs, int tok) {
        return tok < 0 ? tok : fs.lf.lineEnd(tok) - 1;
    }

    private static String nameAt(LexedFile lf, int j, int e) {
        return j < e && lf.kind[j] == Tk.NAME ? lf.names[j] : null;
    }

    /**
     * Handles the line starting with {@code #} at token {@code i} of the top file; false if it is not
     * a directive (assembler text). Leaves {@code fs.pos} after the line and after any skipped group.
     */
    boolean handle(FileState fs, int i) {
        LexedFile lf = fs.lf;
        int e = lf.lineEnd(i);
        int j = i + 1;
        String name = nameAt(lf, j, e);
        if (fs.skipping) {
            fs.pos = e;
            if (name != null) {
                conditional(fs, name, j, e);
            }
            skipGroup(fs);
            return true;
        }
        if (j == e) {
            fs.pos = e; // the null directive
            return true;
        }
        if (name == null) {
            return false;
        }
        switch (name) {
            case "define" -> {
                fs.pos = e;
                Macro m = lf.cachedDefinition(i);
                if (m == null) {
                    long before = pp.rep.emitted;
                    m = MacroDefiner.parse(lf, j + 1, e, fs.display, lf.line[j], sink(fs, j));
                    long after = pp.rep.emitted;
                    if (m != null && before == after) {
                        lf.cacheDefinition(i, m);
                    }
                }
                if (m != null) {
                    pp.macros.define(m, fs, j + 1);
                }
            }
            case "undef" -> {
                fs.pos = e;
                undef(fs, j, e);
            }
            case "include", "include_next", "import" -> {
                fs.pos = e;
                pp.includes.include(fs, j, e, name);
            }
            case "if", "ifdef", "ifndef", "elif", "elifdef", "elifndef", "else", "endif" -> {
                fs.pos = e;
                conditional(fs, name, j, e);
            }
            case "line" -> {
                fs.pos = e;
                line(fs, j, e);
            }
            case "error", "warning" -> {
                fs.pos = e;
                String text = j + 1 < e ? lf.text(lf.start[j + 1], lf.end[e - 1]) : "";
                boolean err = name.equals("error");
                pp.rep.report(err ? Severity.ERROR : Severity.WARNING, err ? "cpp-error" : "cpp-warning", fs, j,
                        ("#" + name + " " + text).trim());
            }
            case "pragma" -> {
                fs.pos = e;
                if ("once".equals(nameAt(lf, j + 1, e))) {
                    pp.macros.addOnceOnly(lf.key);
                }
            }
            case "ident", "sccs", "assert", "unassert" -> fs.pos = e;
            default -> {
                return false;
            }
        }
        if (fs.skipping) {
            skipGroup(fs);
        }
        return true;
    }

    /** Skips lines until a conditional directive ends the skipped group (or the file ends). */
    private void skipGroup(FileState fs) {
        LexedFile lf = fs.lf;
        while (fs.skipping && !pp.aborted) {
            int h = lf.nextHashBol(fs.pos);
            if (h < 0) {
                fs.pos = lf.ntok;
                return;
            }
            int e = lf.lineEnd(h);
            fs.pos = e;
            String name = nameAt(lf, h + 1, e);
            if (name != null) {
                conditional(fs, name, h + 1, e);
            }
        }
    }

    void extraTokens(FileState fs, int tok, int e, String directive) {
        if (tok < e) {
            pp.rep.report(Severity.WARNING, "cpp-extra-tokens", fs, tok, "extra tokens at end of #" + directive
                    + " directive");
        }
    }

    private void undef(FileState fs, int j, int e) {
        LexedFile lf = fs.lf;
        if (j + 1 >= e) {
            pp.rep.report(Severity.ERROR, "cpp-macro-definition", fs, j, "no macro name given in #undef directive");
            return;
        }
        String name = nameAt(lf, j + 1, e);
        if (name == null) {
            pp.rep.report(Severity.ERROR, "cpp-macro-definition", fs, j + 1, "macro names must be identifiers");
            return;
        }
        if ("defined".equals(name)) {
            pp.rep.report(Severity.ERROR, "cpp-macro-definition", fs, j + 1, "\"defined\" cannot be used as a macro name");
            return;
        }
        extraTokens(fs, j + 2, e, "undef");
        pp.macros.undefine(name);
    }

    // ---- conditionals ------------------------------------------------------------------------

    /** A conditional directive {@code name} at token {@code j}; other names are ignored here. */
    private void conditional(FileState fs, String name, int j, int e) {
        LexedFile lf = fs.lf;
        switch (name) {
            case "if", "ifdef", "ifndef" -> {
                if (fs.skipping) {
                    fs.conds.add(new FileState.Cond(name, lf.line[j - 1], lf.col(j - 1), true, true));
                    return;
                }
                boolean v = name.equals("if") ? evalIf(fs, j, e) : ifdef(fs, j, e, name);
                fs.conds.add(new FileState.Cond(name, lf.line[j - 1], lf.col(j - 1), false, v));
                fs.skipping = !v;
            }
            case "elif", "elifdef", "elifndef" -> {
                FileState.Cond c = openCond(fs, j, name);
                if (c == null) {
                    return;
                }
                if (c.sawElse) {
                    unbalancedAfterElse(fs, j, name, c);
                }
                regroup(c, lf, j, name);
                if (c.wasSkipping || c.branchTaken) {
                    fs.skipping = true;
                } else {
                    fs.skipping = false;
                    boolean v = name.equals("elif") ? evalIf(fs, j, e) : ifdef(fs, j, e, name);
                    fs.skipping = !v;
                    c.branchTaken = v;
                }
            }
            case "else" -> {
                FileState.Cond c = openCond(fs, j, name);
                if (c == null) {
                    return;
                }
                if (c.sawElse) {
                    unbalancedAfterElse(fs, j, name, c);
                }
                regroup(c, lf, j, name);
                c.sawElse = true;
                if (!c.wasSkipping) {
                    extraTokens(fs, j + 1, e, "else");
                }
                fs.skipping = c.wasSkipping || c.branchTaken;
                c.branchTaken = true;
            }
            case "endif" -> {
                FileState.Cond c = openCond(fs, j, name);
                if (c == null) {
                    return;
                }
                fs.conds.remove(fs.conds.size() - 1);
                if (!c.wasSkipping) {
                    extraTokens(fs, j + 1, e, "endif");
                }
                fs.skipping = c.wasSkipping;
            }
            default -> {
            }
        }
    }

    private void unbalancedAfterElse(FileState fs, int j, String name, FileState.Cond c) {
        List<dev.iommuc.diag.Diagnostic.Note> notes = new java.util.ArrayList<>();
        notes.add(new dev.iommuc.diag.Diagnostic.Note(dev.iommuc.diag.SourcePos.of(fs.display, c.line, c.col),
                "the conditional began here"));
        notes.addAll(pp.rep.trail(fs));
        pp.rep.emit(Severity.ERROR, "cpp-unbalanced-conditional", pp.rep.pos(fs, j), "#" + name + " after #else", notes);
    }

    /** GNU cpp names the group's latest directive (at the group's start) when it is left unterminated. */
    private static void regroup(FileState.Cond c, LexedFile lf, int j, String name) {
        c.directive = name;
    }

    private FileState.Cond openCond(FileState fs, int j, String name) {
        if (fs.conds.isEmpty()) {
            pp.rep.report(Severity.ERROR, "cpp-unbalanced-conditional", fs, j, "#" + name + " without #if");
            return null;
        }
        return fs.conds.get(fs.conds.size() - 1);
    }

    private boolean ifdef(FileState fs, int j, int e, String name) {
        LexedFile lf = fs.lf;
        if (j + 1 >= e) {
            pp.rep.report(Severity.ERROR, "cpp-directive", fs, j, "no macro name given in #" + name + " directive");
            return false;
        }
        String m = nameAt(lf, j + 1, e);
        if (m == null) {
            pp.rep.report(Severity.ERROR, "cpp-directive", fs, j + 1, "macro names must be identifiers");
            return false;
        }
        extraTokens(fs, j + 2, e, name);
        boolean def = pp.macros.lookup(m) != null;
        return name.endsWith("ndef") != def;
    }

    private boolean evalIf(FileState fs, int j, int e) {
        List<Tok> toks = pp.expandLine(fs, j + 1, e, true, j);
        if (toks == null) {
            return false;
        }
        List<IfExpr.Failure> soft = new java.util.ArrayList<>();
        boolean value;
        try {
            value = IfExpr.evaluate(toks, soft) != 0;
        } catch (IfExpr.Failure f) {
            soft.add(f);
            value = false;
        }
        for (IfExpr.Failure f : soft) {
            Tok at = f.at;
            int tok = at != null && at.lf == fs.lf && at.idx >= 0 ? at.idx : (at == null ? e - 1 : j);
            pp.rep.report(Severity.ERROR, "cpp-if-expression", fs, tok, f.getMessage());
        }
        return value;
    }

    /** After {@code defined} in #if: reads the operand; returns a 0/1 number or null on error. */
    Tok defined(FileState fs, int dirTok) {
        Expander ex = pp.ex;
        ex.preventExpansion++;
        try {
            Tok n = ex.next();
            boolean paren = n.kind == Tk.OPEN_PAREN;
            if (paren) {
                n = ex.next();
            }
            if (n.kind != Tk.NAME) {
                pp.rep.report(Severity.ERROR, "cpp-if-expression", fs, tokOr(n, fs, dirTok),
                        "operator \"defined\" requires an identifier");
                return null;
            }
            if (paren) {
                Tok c = ex.next();
                if (c.kind != Tk.CLOSE_PAREN) {
                    pp.rep.report(Severity.ERROR, "cpp-if-expression", fs, tokOr(c, fs, dirTok),
                            "missing ')' after \"defined\"");
                    return null;
                }
            }
            return Tok.of(Tk.NUMBER, pp.macros.lookup(n.text) != null ? "1" : "0", 0);
        } finally {
            ex.preventExpansion--;
        }
    }

    static int tokOr(Tok t, FileState fs, int dflt) {
        if (t.lf == fs.lf && t.idx >= 0) {
            return t.idx;
        }
        return t.kind == Tk.EOF ? fs.lf.lineEnd(dflt) - 1 : dflt;
    }

    // ---- #line -----------------------------------------------------------------------------

    private void line(FileState fs, int j, int e) {
        List<Tok> toks = pp.expandLine(fs, j + 1, e, false, j);
        if (toks == null) {
            return;
        }
        if (toks.isEmpty() || toks.get(0).kind != Tk.NUMBER || !toks.get(0).text.chars().allMatch(Tk::isDigitInt)) {
            String what = toks.isEmpty() ? "" : toks.get(0).text;
            pp.rep.report(Severity.ERROR, "cpp-directive", fs, j, "\"" + what + "\" after #line is not a positive integer");
            return;
        }
        long n;
        try {
            n = Long.parseLong(toks.get(0).text);
        } catch (NumberFormatException ex) {
            n = Long.MAX_VALUE;
        }
        if (n > Integer.MAX_VALUE / 2) {
            pp.rep.report(Severity.ERROR, "cpp-directive", fs, j, "line number out of range");
            return;
        }
        if (toks.size() > 1) {
            Tok f = toks.get(1);
            if (f.kind != Tk.STRING) {
                pp.rep.report(Severity.ERROR, "cpp-directive", fs, j, "invalid filename \"" + f.text + "\"");
                return;
            }
            fs.presumed = unescape(f.text.substring(1, f.text.length() - 1));
            if (toks.size() > 2) {
                pp.rep.report(Severity.WARNING, "cpp-extra-tokens", fs, j, "extra tokens at end of #line directive");
            }
        }
        int nextPhys = fs.lf.lineAfter(e - 1);
        fs.lineDelta = (int) n - nextPhys;
        pp.printer.marker((int) n, fs.presumed, "");
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                c = s.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
