package dev.iommuc.cpp;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the rest of a {@code #define} line into a {@link Macro}. As in GNU cpp for assembler
 * sources, a {@code #} in a function-like body that is not followed by a parameter is an ordinary
 * token (so {@code #define CELLS(n) #address-cells = <n>} works).
 */
final class MacroDefiner {

    /** Where to report problems: token index (or -1 for "end of line") and message. */
    interface Sink {
        void error(int tokIdx, String message);

        void warning(int tokIdx, String message);
    }

    private MacroDefiner() {
    }

    /** Parses tokens {@code [k, e)} of {@code lf}; returns null (after reporting) if malformed. */
    static Macro parse(LexedFile lf, int k, int e, String file, int line, Sink sink) {
        if (k >= e) {
            sink.error(-1, "no macro name given in #define directive");
            return null;
        }
        if (lf.kind[k] != Tk.NAME) {
            sink.error(k, "macro names must be identifiers");
            return null;
        }
        String name = lf.names[k];
        if ("defined".equals(name) || "__has_include".equals(name) || "__has_include_next".equals(name)) {
            sink.error(k, "\"" + name + "\" cannot be used as a macro name");
            return null;
        }
        int p = k + 1;
        boolean funLike = p < e && lf.kind[p] == Tk.OPEN_PAREN && !lf.white(p);
        List<String> params = new ArrayList<>();
        boolean variadic = false;
        if (funLike) {
            p++;
            for (;;) {
                if (p >= e) {
                    sink.error(-1, "expected ')' before end of line");
                    return null;
                }
                byte t = lf.kind[p];
                if (t == Tk.CLOSE_PAREN && params.isEmpty()) {
                    p++;
                    break;
                }
                if (t == Tk.ELLIPSIS) {
                    variadic = true;
                    params.add("__VA_ARGS__");
                    if (++p >= e || lf.kind[p] != Tk.CLOSE_PAREN) {
                        sink.error(p < e ? p : -1, "expected ')' after \"...\"");
                        return null;
                    }
                    p++;
                    break;
                }
                if (t != Tk.NAME) {
                    sink.error(p, "expected parameter name, found \"" + lf.spell(p) + "\"");
                    return null;
                }
                String pn = lf.names[p];
                if ("__VA_ARGS__".equals(pn) || "__VA_OPT__".equals(pn)) {
                    sink.error(p, pn + " can not be used as a parameter name");
                    return null;
                }
                if (params.contains(pn)) {
                    sink.error(p, "duplicate macro parameter \"" + pn + "\"");
                    return null;
                }
                params.add(pn);
                p++;
                if (p < e && lf.kind[p] == Tk.ELLIPSIS) {
                    variadic = true;
                    if (++p >= e || lf.kind[p] != Tk.CLOSE_PAREN) {
                        sink.error(p < e ? p : -1, "expected ')' after \"...\"");
                        return null;
                    }
                    p++;
                    break;
                }
                if (p < e && lf.kind[p] == Tk.CLOSE_PAREN) {
                    p++;
                    break;
                }
                if (p < e && lf.kind[p] == Tk.COMMA) {
                    p++;
                    if (p < e && lf.kind[p] == Tk.CLOSE_PAREN) {
                        sink.error(p, "expected parameter name before ')'");
                        return null;
                    }
                    continue;
                }
                if (p >= e) {
                    sink.error(-1, "expected ')' before end of line");
                } else {
                    sink.error(p, "expected ',' or ')', found \"" + lf.spell(p) + "\"");
                }
                return null;
            }
        } else if (p < e && !lf.white(p)) {
            sink.warning(p, "missing whitespace after the macro name");
        }
        String[] pa = params.toArray(new String[0]);
        List<Tok> body = new ArrayList<>(e - p);
        for (int q = p; q < e; q++) {
            byte t = lf.kind[q];
            int flags = lf.white(q) && !body.isEmpty() ? Tok.PREV_WHITE : 0;
            if (t == Tk.PASTE) {
                if (body.isEmpty() || q == e - 1) {
                    sink.error(q, "'##' cannot appear at either end of a macro expansion");
                    return null;
                }
                Tok last = body.get(body.size() - 1);
                body.set(body.size() - 1, last.withFlags(last.flags | Tok.PASTE_LEFT));
                continue;
            }
            if (funLike && t == Tk.HASH && q + 1 < e && lf.kind[q + 1] == Tk.NAME) {
                int pi = indexOf(pa, lf.names[q + 1]);
                if (pi >= 0) {
                    body.add(new Tok(Tk.NAME, lf.names[q + 1], flags | Tok.STRINGIFY, pi, null, null, -1, 0));
                    q++;
                    continue;
                }
            }
            int pi = funLike && t == Tk.NAME ? indexOf(pa, lf.names[q]) : -1;
            body.add(new Tok(t, lf.spell(q), flags, pi, null, null, -1, 0));
        }
        return new Macro(name, funLike, pa, variadic, body.toArray(new Tok[0]), Macro.Builtin.NONE, file, line);
    }

    private static int indexOf(String[] params, String name) {
        for (int i = 0; i < params.length; i++) {
            if (params[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
