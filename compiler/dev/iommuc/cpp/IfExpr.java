package dev.iommuc.cpp;

import java.util.Arrays;
import java.util.List;

/**
 * Evaluates a fully macro-expanded {@code #if} expression in {@code intmax_t}/{@code uintmax_t}
 * (64-bit) arithmetic with C's usual conversions: an operation is unsigned when either operand is,
 * comparisons and logical operators yield signed 0/1, {@code &&}, {@code ||} and {@code ?:} do not
 * evaluate (nor complain about) the operand they skip. Identifiers left after expansion are 0.
 * Character constants follow GNU cpp on x86: plain {@code char} is signed, multi-character
 * constants are {@code int}. Division by zero is reported but, as in GNU cpp, evaluation goes on
 * with the dividend as the result.
 */
final class IfExpr {

    /** An expression error: the offending token (may be null: end of line) and the message. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Tok at;

        Failure(Tok at, String message) {
            super(message, null, false, false);
            this.at = at;
        }
    }

    // Operator codes on the operator stack (binary operators use their token kind).
    private static final int OPEN = 100;
    private static final int QUERY = 101;
    private static final int COLON = 102;
    private static final int UPLUS = 103;
    private static final int UMINUS = 104;
    private static final int UCOMPL = 105;
    private static final int UNOT = 106;

    private final List<Failure> soft;
    // Operand stack.
    private long[] vals = new long[16];
    private boolean[] uns = new boolean[16];
    private int nv;
    // Operator stack: code, token, and for && || ?: whether evaluation was switched off on push.
    private int[] ops = new int[16];
    private Tok[] opTok = new Tok[16];
    private boolean[] opSkip = new boolean[16];
    private int no;
    /** Nesting of unevaluated operands (no division-by-zero errors there). */
    private int skipEval;

    private IfExpr(List<Failure> soft) {
        this.soft = soft;
    }

    /**
     * The value of the expression (non-zero means true). Errors after which evaluation can go on
     * (division by zero) are added to {@code soft}; others are thrown. Uses explicit stacks (no
     * recursion), so any nesting depth is fine.
     */
    static long evaluate(List<Tok> toks, List<Failure> soft) throws Failure {
        if (toks.isEmpty()) {
            throw new Failure(null, "#if with no expression");
        }
        return new IfExpr(soft).run(toks);
    }

    private static int prio(int op) {
        switch (op) {
            case Tk.COMMA: return 1;
            case QUERY: case COLON: return 2;
            case Tk.OR_OR: return 3;
            case Tk.AND_AND: return 4;
            case Tk.OR: return 5;
            case Tk.XOR: return 6;
            case Tk.AND: return 7;
            case Tk.EQ_EQ: case Tk.NOT_EQ: return 8;
            case Tk.LESS: case Tk.GREATER: case Tk.LESS_EQ: case Tk.GREATER_EQ: return 9;
            case Tk.LSHIFT: case Tk.RSHIFT: return 10;
            case Tk.PLUS: case Tk.MINUS: return 11;
            case Tk.MULT: case Tk.DIV: case Tk.MOD: return 12;
            case UPLUS: case UMINUS: case UCOMPL: case UNOT: return 13;
            default: return 0; // OPEN, end of input
        }
    }

    private static boolean isBinary(byte k) {
        return k == Tk.COMMA || (prio(k) >= 3 && prio(k) <= 12);
    }

    private long run(List<Tok> toks) throws Failure {
        boolean wantValue = true;
        int n = toks.size();
        for (int i = 0; i <= n; i++) {
            Tok t = i < n ? toks.get(i) : null;
            byte k = t == null ? Tk.EOF : t.kind;
            if (wantValue) {
                switch (k) {
                    case Tk.PLUS -> pushOp(UPLUS, t, false);
                    case Tk.MINUS -> pushOp(UMINUS, t, false);
                    case Tk.COMPL -> pushOp(UCOMPL, t, false);
                    case Tk.NOT -> pushOp(UNOT, t, false);
                    case Tk.OPEN_PAREN -> pushOp(OPEN, t, false);
                    case Tk.NUMBER -> {
                        long[] v = CppLiterals.number(t);
                        push(v[0], v[1] != 0);
                        wantValue = false;
                    }
                    case Tk.CHAR, Tk.WCHAR -> {
                        push(CppLiterals.charValue(t), false);
                        wantValue = false;
                    }
                    case Tk.NAME -> {
                        push(0, false);
                        wantValue = false;
                    }
                    default -> throw noValue(t, toks, i);
                }
                continue;
            }
            if (t != null && !isBinary(k) && k != Tk.QUERY && k != Tk.COLON && k != Tk.CLOSE_PAREN) {
                throw new Failure(t, "missing binary operator before token \"" + t.text + "\"");
            }
            int op = k == Tk.QUERY ? QUERY : k == Tk.COLON ? COLON : k;
            int pr = t == null || k == Tk.CLOSE_PAREN ? 0 : prio(op);
            // Reduce what binds tighter: '?' is right-associative; ':' also closes inner ?: groups.
            while (no > 0 && ops[no - 1] != OPEN && (op == QUERY ? prio(ops[no - 1]) > 2
                    : op == COLON ? prio(ops[no - 1]) > 2 || ops[no - 1] == COLON : prio(ops[no - 1]) >= pr)) {
                if (ops[no - 1] == QUERY) {
                    if (t == null || pr < 2) {
                        throw new Failure(opTok[no - 1], "'?' without following ':'");
                    }
                    break;
                }
                reduce();
            }
            if (t == null) {
                if (no > 0) {
                    throw new Failure(opTok[no - 1], ops[no - 1] == OPEN ? "missing ')' in expression"
                            : "'?' without following ':'");
                }
                break;
            }
            switch (k) {
                case Tk.CLOSE_PAREN -> {
                    if (no == 0 || ops[no - 1] != OPEN) {
                        throw new Failure(t, no > 0 && ops[no - 1] == QUERY ? "'?' without following ':'"
                                : "missing '(' in expression");
                    }
                    no--;
                }
                case Tk.QUERY -> {
                    boolean off = vals[nv - 1] == 0;
                    pushOp(QUERY, t, off);
                    wantValue = true;
                }
                case Tk.COLON -> {
                    if (no == 0 || ops[no - 1] != QUERY) {
                        throw new Failure(t, "':' without preceding '?'");
                    }
                    boolean condFalse = opSkip[no - 1];
                    skipEval += condFalse ? -1 : 1;
                    ops[no - 1] = COLON;
                    opSkip[no - 1] = !condFalse;
                    opTok[no - 1] = t;
                    wantValue = true;
                }
                default -> {
                    boolean off = (k == Tk.AND_AND && vals[nv - 1] == 0) || (k == Tk.OR_OR && vals[nv - 1] != 0);
                    pushOp(k, t, off);
                    wantValue = true;
                }
            }
        }
        return vals[nv - 1];
    }

    private Failure noValue(Tok t, List<Tok> toks, int i) {
        if (t == null) {
            Tok prev = toks.get(i - 1);
            return new Failure(null, prev.kind == Tk.OPEN_PAREN ? "missing expression between '(' and ')'"
                    : "operator '" + prev.text + "' has no right operand");
        }
        if (t.kind == Tk.CLOSE_PAREN && i > 0 && toks.get(i - 1).kind == Tk.OPEN_PAREN) {
            return new Failure(t, "missing expression between '(' and ')'");
        }
        if (isBinary(t.kind) || t.kind == Tk.QUERY || t.kind == Tk.COLON || t.kind == Tk.CLOSE_PAREN) {
            if (i > 0) {
                return new Failure(t, "operator '" + toks.get(i - 1).text + "' has no right operand");
            }
            return new Failure(t, "operator '" + t.text + "' has no left operand");
        }
        return new Failure(t, "token \"" + t.text + "\" is not valid in preprocessor expressions");
    }

    private void pushOp(int op, Tok t, boolean off) {
        if (no == ops.length) {
            ops = Arrays.copyOf(ops, no * 2);
            opTok = Arrays.copyOf(opTok, no * 2);
            opSkip = Arrays.copyOf(opSkip, no * 2);
        }
        ops[no] = op;
        opTok[no] = t;
        opSkip[no] = off;
        no++;
        if (off) {
            skipEval++;
        }
    }

    private void push(long v, boolean u) {
        if (nv == vals.length) {
            vals = Arrays.copyOf(vals, nv * 2);
            uns = Arrays.copyOf(uns, nv * 2);
        }
        vals[nv] = v;
        uns[nv] = u;
        nv++;
    }

    private void reduce() {
        int op = ops[--no];
        Tok t = opTok[no];
        if (opSkip[no]) {
            skipEval--;
        }
        switch (op) {
            case UPLUS -> {
            }
            case UMINUS -> vals[nv - 1] = -vals[nv - 1];
            case UCOMPL -> vals[nv - 1] = ~vals[nv - 1];
            case UNOT -> {
                vals[nv - 1] = vals[nv - 1] == 0 ? 1 : 0;
                uns[nv - 1] = false;
            }
            case COLON -> {
                long c = vals[nv - 3];
                long v = c != 0 ? vals[nv - 2] : vals[nv - 1];
                boolean u = uns[nv - 2] || uns[nv - 1];
                nv -= 2;
                vals[nv - 1] = v;
                uns[nv - 1] = u;
            }
            default -> {
                long r = vals[nv - 1];
                boolean ru = uns[nv - 1];
                nv--;
                apply(t, op, vals[nv - 1], uns[nv - 1], r, ru);
            }
        }
    }

    private void set(long v, boolean u) {
        vals[nv - 1] = v;
        uns[nv - 1] = u;
    }

    private void apply(Tok op, int kind, long l, boolean lu, long r, boolean ru) {
        boolean u = lu || ru;
        switch (kind) {
            case Tk.COMMA -> set(r, ru);
            case Tk.OR_OR -> set(l != 0 || r != 0 ? 1 : 0, false);
            case Tk.AND_AND -> set(l != 0 && r != 0 ? 1 : 0, false);
            case Tk.OR -> set(l | r, u);
            case Tk.XOR -> set(l ^ r, u);
            case Tk.AND -> set(l & r, u);
            case Tk.EQ_EQ -> set(l == r ? 1 : 0, false);
            case Tk.NOT_EQ -> set(l != r ? 1 : 0, false);
            case Tk.LESS -> set((u ? Long.compareUnsigned(l, r) : Long.compare(l, r)) < 0 ? 1 : 0, false);
            case Tk.GREATER -> set((u ? Long.compareUnsigned(l, r) : Long.compare(l, r)) > 0 ? 1 : 0, false);
            case Tk.LESS_EQ -> set((u ? Long.compareUnsigned(l, r) : Long.compare(l, r)) <= 0 ? 1 : 0, false);
            case Tk.GREATER_EQ -> set((u ? Long.compareUnsigned(l, r) : Long.compare(l, r)) >= 0 ? 1 : 0, false);
            case Tk.LSHIFT -> set(shift(l, lu, r, ru, true), lu);
            case Tk.RSHIFT -> set(shift(l, lu, r, ru, false), lu);
            case Tk.PLUS -> set(l + r, u);
            case Tk.MINUS -> set(l - r, u);
            case Tk.MULT -> set(l * r, u);
            default -> { // DIV, MOD
                if (r == 0) {
                    if (skipEval == 0) {
                        soft.add(new Failure(op, "division by zero in #if"));
                    }
                    // GNU cpp goes on with the dividend (made non-negative first in signed arithmetic).
                    set(!u && l < 0 ? -l : l, lu);
                } else if (kind == Tk.DIV) {
                    set(u ? Long.divideUnsigned(l, r) : (r == -1 ? -l : l / r), u);
                } else {
                    set(u ? Long.remainderUnsigned(l, r) : (r == -1 ? 0 : l % r), u);
                }
            }
        }
    }

    private static long shift(long v, boolean vu, long n, boolean nu, boolean left) {
        if (!nu && n < 0) {
            left = !left;
            n = n == Long.MIN_VALUE ? Long.MAX_VALUE : -n;
        }
        boolean big = nu ? Long.compareUnsigned(n, 64) >= 0 : n >= 64;
        if (left) {
            return big ? 0 : v << n;
        }
        if (big) {
            return !vu && v < 0 ? -1 : 0;
        }
        return vu ? v >>> n : v >> n;
    }
}
