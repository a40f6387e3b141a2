package dev.iommuc.cpp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Macro expansion as C 6.10.3 specifies and GNU cpp implements it: a stack of token contexts, one
 * per macro being expanded, whose macro is disabled while its context is live; a macro name met
 * while disabled is painted and never expands again. Arguments are fully expanded before
 * substitution except next to {@code #} / {@code ##}; pasting happens as tokens are read.
 * Function-like invocations may read beyond the end of the current contexts into the source.
 *
 * <p>Everything is bounded: a step budget (tokens read), a size budget for stringified and pasted
 * spellings, and a depth limit on nested argument pre-expansion (the only recursion).
 */
final class Expander {

    /** A macro argument: its tokens as written, and lazily its expansion and its stringification. */
    static final class Arg {
        final Tok[] raw;
        final boolean omitted;
        Tok[] expanded;
        Tok stringified;

        Arg(Tok[] raw, boolean omitted) {
            this.raw = raw;
            this.omitted = omitted;
        }
    }

    static final int MAX_ARG_DEPTH = 200;

    private final Preprocessor pp;

    private Tok[][] ctxToks = new Tok[16][];
    private int[] ctxPos = new int[16];
    private Macro.Live[] ctxMacro = new Macro.Live[16];
    private boolean[] ctxArg = new boolean[16];
    private int[] ctxPoint = new int[16];
    int depth;

    int preventExpansion;
    int parsingArgs;
    boolean inDirective;
    /** Presumed line of the expansion point, for {@code __LINE__}. */
    int point;
    private boolean lastFromBase;
    private int argDepth;
    long steps;

    Expander(Preprocessor pp) {
        this.pp = pp;
    }

    void reset() {
        while (depth > 0) {
            pop();
        }
        preventExpansion = 0;
        parsingArgs = 0;
        inDirective = false;
        argDepth = 0;
        steps = 0;
    }

    private void push(Tok[] toks, Macro.Live m, boolean arg, int pointLine) {
        if (depth == ctxToks.length) {
            int n = depth * 2;
            ctxToks = Arrays.copyOf(ctxToks, n);
            ctxPos = Arrays.copyOf(ctxPos, n);
            ctxMacro = Arrays.copyOf(ctxMacro, n);
            ctxArg = Arrays.copyOf(ctxArg, n);
            ctxPoint = Arrays.copyOf(ctxPoint, n);
        }
        ctxToks[depth] = toks;
        ctxPos[depth] = 0;
        ctxMacro[depth] = m;
        ctxArg[depth] = arg;
        ctxPoint[depth] = pointLine;
        depth++;
        if (m != null) {
            m.disabled++;
        }
    }

    private void pop() {
        int d = --depth;
        Macro.Live m = ctxMacro[d];
        if (m != null) {
            m.disabled--;
        }
        ctxToks[d] = null;
        ctxMacro[d] = null;
    }

    /** Drops all contexts (after an abort). */
    void clear() {
        while (depth > 0) {
            pop();
        }
    }

    /** The next token after macro expansion (GNU's cpp_get_token), paddings included. */
    Tok next() {
        for (;;) {
            Tok t;
            if (depth == 0) {
                t = pp.baseNext(parsingArgs);
                lastFromBase = true;
                if (t.kind == Tk.EOF) {
                    return t;
                }
                point = t.line;
            } else {
                int d = depth - 1;
                Tok[] toks = ctxToks[d];
                if (ctxPos[d] == toks.length) {
                    if (ctxArg[d]) {
                        return Tok.EOF;
                    }
                    pop();
                    if (inDirective) {
                        continue;
                    }
                    return Tok.AVOID_PASTE;
                }
                t = toks[ctxPos[d]++];
                lastFromBase = false;
                point = ctxPoint[d];
                if ((t.flags & Tok.PASTE_LEFT) != 0) {
                    pasteAll(d, t);
                    if (inDirective) {
                        continue;
                    }
                    return Tok.padding(t);
                }
            }
            if (++steps > pp.maxSteps) {
                pp.rep.abortLimit("macro expansion exceeded " + pp.maxSteps + " steps");
                clear();
                return Tok.EOF;
            }
            if (t.kind != Tk.NAME || (t.flags & Tok.NO_EXPAND) != 0) {
                if (t.kind == Tk.PADDING && inDirective) {
                    continue;
                }
                return t;
            }
            Macro.Live m = pp.macros.lookup(t.text);
            if (m == null) {
                return t;
            }
            if (m.disabled > 0) {
                return t.withFlags(t.flags | Tok.NO_EXPAND);
            }
            if (preventExpansion > 0) {
                return t;
            }
            if (enter(m, t)) {
                if (inDirective) {
                    continue;
                }
                return Tok.padding(t);
            }
            return t;
        }
    }

    /** Un-reads the last non-padding token returned by {@link #next()} (which did not expand). */
    private void backup() {
        if (lastFromBase) {
            pp.baseBackup();
        } else if (depth > 0) {
            ctxPos[depth - 1]--;
        }
    }

    /**
     * Starts expanding {@code m} named by {@code name}; false if it is a function-like macro not
     * followed by an argument list (or whose invocation was in error): then {@code name} stands.
     */
    boolean enter(Macro.Live live, Tok name) {
        Macro m = live.def;
        int at = name.line > 0 ? name.line : point;
        if (m.builtin != Macro.Builtin.NONE) {
            Tok r = pp.builtin(m, name, at);
            if (r == null) {
                return false;
            }
            push(new Tok[] {r}, null, false, at);
            return true;
        }
        if (!m.funLike) {
            push(m.body, live, false, at);
            return true;
        }
        preventExpansion++;
        parsingArgs = 1;
        Tok pad = null;
        Tok t;
        for (;;) {
            t = next();
            if (t.kind != Tk.PADDING) {
                break;
            }
            if (pad == null || t.src == null) {
                pad = t;
            }
        }
        Arg[] args = null;
        if (t.kind == Tk.OPEN_PAREN) {
            parsingArgs = 2;
            args = collectArgs(m, name);
        } else {
            if (t.kind != Tk.EOF) {
                backup();
            }
            if (pad != null) {
                push(new Tok[] {pad}, null, false, point);
            }
        }
        parsingArgs = 0;
        preventExpansion--;
        if (args == null) {
            return false;
        }
        Tok[] exp = m.nparams() == 0 ? m.body : replaceArgs(m, args);
        push(exp, live, false, at);
        return true;
    }

    private Arg[] collectArgs(Macro m, Tok name) {
        List<Tok[]> done = new ArrayList<>();
        ArrayList<Tok> cur = new ArrayList<>();
        int nest = 0;
        int np = m.nparams();
        for (;;) {
            Tok t = next();
            byte k = t.kind;
            if (k == Tk.PADDING) {
                if (!cur.isEmpty()) {
                    cur.add(t);
                }
                continue;
            }
            if (k == Tk.EOF) {
                if (!pp.aborted) {
                    pp.rep.macroArgsError(name, "unterminated argument list invoking macro \"" + m.name + "\"", m);
                }
                return null;
            }
            if (k == Tk.OPEN_PAREN) {
                nest++;
            } else if (k == Tk.CLOSE_PAREN) {
                if (nest-- == 0) {
                    done.add(trim(cur));
                    break;
                }
            } else if (k == Tk.COMMA && nest == 0 && !(m.variadic && done.size() == np - 1)) {
                done.add(trim(cur));
                cur = new ArrayList<>();
                continue;
            } else if (k == Tk.HASH && (t.flags & Tok.BOL) != 0) {
                // An assembler '#' line inside the arguments ends the argument, as in GNU cpp.
                done.add(trim(cur));
                cur = new ArrayList<>();
                nest = 0;
                continue;
            }
            cur.add(t);
        }
        int argc = done.size();
        if (argc == 1 && np == 0 && done.get(0).length == 0) {
            argc = 0;
        }
        if (argc != np) {
            if (argc < np && argc + 1 == np && m.variadic) {
                done.add(new Tok[0]);
                Arg[] args = toArgs(done);
                args[np - 1] = new Arg(new Tok[0], true);
                return args;
            }
            if (argc < np) {
                pp.rep.macroArgsError(name, "macro \"" + m.name + "\" requires " + np + " arguments, but only "
                        + argc + " given", m);
            } else {
                pp.rep.macroArgsError(name, "macro \"" + m.name + "\" passed " + argc + " arguments, but takes just "
                        + np, m);
            }
            return null;
        }
        return toArgs(done);
    }

    private static Arg[] toArgs(List<Tok[]> done) {
        Arg[] args = new Arg[done.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = new Arg(done.get(i), false);
        }
        return args;
    }

    private static Tok[] trim(ArrayList<Tok> cur) {
        int n = cur.size();
        while (n > 0 && cur.get(n - 1).kind == Tk.PADDING) {
            n--;
        }
        return cur.subList(0, n).toArray(new Tok[0]);
    }

    /** Substitutes the arguments into the body (GNU's replace_args, including its padding rules). */
    private Tok[] replaceArgs(Macro m, Arg[] args) {
        Tok[] body = m.body;
        ArrayList<Tok> out = new ArrayList<>(body.length + 8);
        int vaoptEnd = -1;
        for (int i = 0; i < body.length; i++) {
            Tok src = body[i];
            if (i == vaoptEnd) {
                continue;
            }
            if (src.param < 0) {
                if (m.variadic && src.kind == Tk.NAME && "__VA_OPT__".equals(src.text) && i + 1 < body.length
                        && body[i + 1].kind == Tk.OPEN_PAREN) {
                    int close = matchParen(body, i + 1);
                    if (vaOptPresent(args[args.length - 1])) {
                        vaoptEnd = close;
                        i++;
                    } else {
                        i = close;
                    }
                    continue;
                }
                out.add(src);
                continue;
            }
            Arg arg = args[src.param];
            boolean afterPaste = i > 0 && body[i - 1].is(Tok.PASTE_LEFT);
            int pasteFlag = -1;
            Tok[] from;
            if (src.is(Tok.STRINGIFY)) {
                if (arg.stringified == null) {
                    arg.stringified = Spelling.stringify(arg.raw, pp);
                }
                from = new Tok[] {arg.stringified};
            } else if (src.is(Tok.PASTE_LEFT)) {
                from = arg.raw;
            } else if (afterPaste) {
                from = arg.raw;
                int last = out.size() - 1;
                if (last >= 0) {
                    Tok lt = out.get(last);
                    if (lt.kind == Tk.COMMA && m.variadic && src.param == m.nparams() - 1) {
                        if (arg.omitted) {
                            out.remove(last);
                        } else {
                            pasteFlag = last;
                        }
                    } else if (from.length == 0) {
                        pasteFlag = last;
                    }
                }
            } else {
                expandArg(arg);
                from = arg.expanded;
            }
            if (!inDirective && i > 0 && !afterPaste) {
                out.add(Tok.padding(src));
            }
            if (from.length > 0) {
                out.addAll(Arrays.asList(from));
                if (src.is(Tok.PASTE_LEFT)) {
                    pasteFlag = out.size() - 1;
                }
            }
            if (!inDirective && !src.is(Tok.PASTE_LEFT)) {
                out.add(Tok.AVOID_PASTE);
            }
            if (pasteFlag >= 0) {
                Tok p = out.get(pasteFlag);
                out.set(pasteFlag, p.withFlags((p.flags & ~Tok.PASTE_LEFT) | (src.flags & Tok.PASTE_LEFT)));
            }
            steps += from.length;
        }
        return out.toArray(new Tok[0]);
    }

    private static int matchParen(Tok[] body, int open) {
        int nest = 0;
        for (int j = open; j < body.length; j++) {
            if (body[j].kind == Tk.OPEN_PAREN) {
                nest++;
            } else if (body[j].kind == Tk.CLOSE_PAREN && --nest == 0) {
                return j;
            }
        }
        return body.length - 1;
    }

    private boolean vaOptPresent(Arg va) {
        expandArg(va);
        for (Tok t : va.expanded) {
            if (t.kind != Tk.PADDING) {
                return true;
            }
        }
        return false;
    }

    /** Fully macro-expands an argument in isolation (GNU's expand_arg). */
    private void expandArg(Arg arg) {
        if (arg.expanded != null) {
            return;
        }
        if (arg.raw.length == 0) {
            arg.expanded = arg.raw;
            return;
        }
        if (argDepth >= MAX_ARG_DEPTH) {
            pp.rep.abortLimit("macro arguments nested more than " + MAX_ARG_DEPTH + " deep");
            clear();
            arg.expanded = new Tok[0];
            return;
        }
        argDepth++;
        int savedPrevent = preventExpansion;
        preventExpansion = 0;
        push(arg.raw, null, true, point);
        int mine = depth;
        ArrayList<Tok> out = new ArrayList<>(arg.raw.length + 4);
        for (;;) {
            Tok t = next();
            if (t.kind == Tk.EOF) {
                break;
            }
            out.add(t);
        }
        while (depth >= mine) {
            pop();
        }
        preventExpansion = savedPrevent;
        argDepth--;
        arg.expanded = out.toArray(new Tok[0]);
    }

    /** Pastes {@code lhs} with the following tokens of context {@code d} (GNU's paste_all_tokens). */
    private void pasteAll(int d, Tok lhs) {
        Tok[] toks = ctxToks[d];
        Tok rhs;
        do {
            if (ctxPos[d] == toks.length) {
                break;
            }
            rhs = toks[ctxPos[d]++];
            if (rhs.kind == Tk.PADDING) {
                break;
            }
            Tok pasted = Spelling.paste(lhs, rhs, pp);
            if (pasted == null) {
                ctxPos[d]--;
                break;
            }
            lhs = pasted;
        } while ((rhs.flags & Tok.PASTE_LEFT) != 0);
        push(new Tok[] {lhs.withFlags(lhs.flags & ~Tok.PASTE_LEFT)}, null, false, ctxPoint[d]);
    }
}
