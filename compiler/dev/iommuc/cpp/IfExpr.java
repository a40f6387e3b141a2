package dev.iommuc.cpp;

import java.util.List;

/**
 * Evaluates a fully macro-expanded {@code #if} expression in {@code intmax_t}/{@code uintmax_t}
 * (64-bit) arithmetic with C's usual conversions: an operation is unsigned when either operand is,
 * comparisons and logical operators yield signed 0/1, {@code &&}, {@code ||} and {@code ?:} do not
 * evaluate (nor complain about) the operand they skip. Identifiers left after expansion are 0.
 * Character constants follow GNU cpp on x86: plain {@code char} is signed, multi-character
 * constants are {@code int}. Division by zero is reported but, as in GNU cpp, evaluation goes on
 * with the dividend as the result. Recursion is bounded by {@link #MAX_DEPTH}.
 */
final class IfExpr {

    static final int MAX_DEPTH = 500;

    /** An expression error: the offending token (may be null: end of line) and the message. */
    static final class Failure extends Exception {
        final transient Tok at;

        Failure(Tok at, String message) {
            super(message, null, false, false);
            this.at = at;
        }
    }

    private final List<Tok> toks;
    private final List<Failure> soft;
    private int p;
    private int depth;
    private long value;
    private boolean unsigned;

    private IfExpr(List<Tok> toks, List<Failure> soft) {
        this.toks = toks;
        this.soft = soft;
    }

    /**
     * The value of the expression (non-zero means true). Errors after which evaluation can go on
     * (division by zero) are added to {@code soft}; others are thrown.
     */
    static long evaluate(List<Tok> toks, List<Failure> soft) throws Failure {
        IfExpr x = new IfExpr(toks, soft);
        if (toks.isEmpty()) {
            throw new Failure(null, "#if with no expression");
        }
        x.comma(true);
        if (x.p < toks.size()) {
            Tok t = toks.get(x.p);
            if (t.kind == Tk.COLON) {
                throw new Failure(t, "':' without preceding '?'");
            }
            if (t.kind == Tk.CLOSE_PAREN) {
                throw new Failure(t, "missing '(' in expression");
            }
            throw new Failure(t, "missing binary operator before token \"" + t.text + "\"");
        }
        return x.value;
    }

    private byte peek() {
        return p < toks.size() ? toks.get(p).kind : Tk.EOF;
    }

    private void comma(boolean ev) throws Failure {
        cond(ev);
        while (peek() == Tk.COMMA) {
            p++;
            cond(ev);
        }
    }

    private void cond(boolean ev) throws Failure {
        binary(1, ev);
        if (peek() != Tk.QUERY) {
            return;
        }
        Tok q = toks.get(p++);
        boolean taken = value != 0;
        enter(q);
        comma(ev && taken);
        long a = value;
        boolean au = unsigned;
        if (peek() != Tk.COLON) {
            throw new Failure(p < toks.size() ? toks.get(p) : null, "'?' without following ':'");
        }
        p++;
        cond(ev && !taken);
        depth--;
        boolean u = au || unsigned;
        value = taken ? a : value;
        unsigned = u;
    }

    private void enter(Tok at) throws Failure {
        if (++depth > MAX_DEPTH) {
            throw new Failure(at, "#if expression nested too deeply");
        }
    }

    private static int prec(byte k) {
        switch (k) {
            case Tk.OR_OR: return 1;
            case Tk.AND_AND: return 2;
            case Tk.OR: return 3;
            case Tk.XOR: return 4;
            case Tk.AND: return 5;
            case Tk.EQ_EQ: case Tk.NOT_EQ: return 6;
            case Tk.LESS: case Tk.GREATER: case Tk.LESS_EQ: case Tk.GREATER_EQ: return 7;
            case Tk.LSHIFT: case Tk.RSHIFT: return 8;
            case Tk.PLUS: case Tk.MINUS: return 9;
            case Tk.MULT: case Tk.DIV: case Tk.MOD: return 10;
            default: return -1;
        }
    }

    private void binary(int min, boolean ev) throws Failure {
        unary(ev);
        for (;;) {
            byte k = peek();
            int pr = prec(k);
            if (pr < min) {
                return;
            }
            Tok op = toks.get(p++);
            long l = value;
            boolean lu = unsigned;
            boolean rev = ev;
            if (k == Tk.AND_AND) {
                rev = ev && l != 0;
            } else if (k == Tk.OR_OR) {
                rev = ev && l == 0;
            }
            if (p >= toks.size()) {
                throw new Failure(null, "operator '" + op.text + "' has no right operand");
            }
            enter(op);
            binary(pr + 1, rev);
            depth--;
            apply(op, l, lu, value, unsigned, ev);
        }
    }

    private void apply(Tok op, long l, boolean lu, long r, boolean ru, boolean ev) throws Failure {
        boolean u = lu || ru;
        switch (op.kind) {
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
            case Tk.DIV, Tk.MOD -> {
                if (r == 0) {
                    if (ev) {
                        soft.add(new Failure(op, "division by zero in #if"));
                    }
                    // GNU cpp goes on with the dividend (made non-negative first in signed arithmetic).
                    set(!u && l < 0 ? -l : l, lu);
                } else if (op.kind == Tk.DIV) {
                    set(u ? Long.divideUnsigned(l, r) : (r == -1 ? -l : l / r), u);
                } else {
                    set(u ? Long.remainderUnsigned(l, r) : (r == -1 ? 0 : l % r), u);
                }
            }
            default -> throw new Failure(op, "token \"" + op.text + "\" is not valid in preprocessor expressions");
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

    private void set(long v, boolean u) {
        value = v;
        unsigned = u;
    }

    private void unary(boolean ev) throws Failure {
        if (p >= toks.size()) {
            Tok prev = p > 0 ? toks.get(p - 1) : null;
            throw new Failure(null, prev == null ? "#if with no expression"
                    : "operator '" + prev.text + "' has no right operand");
        }
        Tok t = toks.get(p);
        switch (t.kind) {
            case Tk.PLUS, Tk.MINUS, Tk.COMPL, Tk.NOT -> {
                p++;
                enter(t);
                unary(ev);
                depth--;
                if (t.kind == Tk.MINUS) {
                    value = -value;
                } else if (t.kind == Tk.COMPL) {
                    value = ~value;
                } else if (t.kind == Tk.NOT) {
                    set(value == 0 ? 1 : 0, false);
                }
            }
            case Tk.OPEN_PAREN -> {
                p++;
                if (peek() == Tk.CLOSE_PAREN) {
                    throw new Failure(toks.get(p), "missing expression between '(' and ')'");
                }
                enter(t);
                comma(ev);
                depth--;
                if (peek() != Tk.CLOSE_PAREN) {
                    throw new Failure(t, "missing ')' in expression");
                }
                p++;
            }
            case Tk.NUMBER -> {
                p++;
                number(t);
            }
            case Tk.CHAR, Tk.WCHAR -> {
                p++;
                set(charValue(t), false);
            }
            case Tk.NAME -> {
                p++;
                set(0, false);
            }
            default -> {
                if (Tk.isPunct(t.kind) && prec(t.kind) > 0 || t.kind == Tk.QUERY || t.kind == Tk.COLON
                        || t.kind == Tk.COMMA || t.kind == Tk.CLOSE_PAREN) {
                    throw new Failure(t, "operator '" + t.text + "' has no left operand");
                }
                throw new Failure(t, "token \"" + t.text + "\" is not valid in preprocessor expressions");
            }
        }
    }

    private void number(Tok t) throws Failure {
        String s = t.text;
        int n = s.length();
        int i = 0;
        int base = 10;
        if (n > 1 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) {
            base = 16;
            i = 2;
        } else if (n > 1 && s.charAt(0) == '0' && (s.charAt(1) == 'b' || s.charAt(1) == 'B')) {
            base = 2;
            i = 2;
        } else if (s.charAt(0) == '0') {
            base = 8;
        }
        for (int j = 0; j < n; j++) {
            char c = s.charAt(j);
            boolean flt = c == '.' || (base == 16 ? (c == 'p' || c == 'P') : (base != 2 && (c == 'e' || c == 'E')));
            if (flt) {
                throw new Failure(t, "floating constant in preprocessor expression");
            }
        }
        int digits = i;
        long v = 0;
        boolean overflow = false;
        while (i < n) {
            char c = s.charAt(i);
            int d = Character.digit(c, base == 8 ? 10 : base);
            if (d < 0) {
                break;
            }
            if (base == 8 && d >= 8) {
                throw new Failure(t, "invalid digit \"" + c + "\" in octal constant");
            }
            long nv = v * base + d;
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, base)) > 0
                    || Long.compareUnsigned(nv, v * base) < 0) {
                overflow = true;
            }
            v = nv;
            i++;
        }
        String suffix = s.substring(i);
        if (i == digits && base != 8) {
            throw new Failure(t, "invalid suffix \"" + s.substring(base == 10 ? 0 : 1) + "\" on integer constant");
        }
        boolean u;
        switch (suffix) {
            case "", "l", "L", "ll", "LL" -> u = false;
            case "u", "U", "ul", "uL", "Ul", "UL", "lu", "lU", "Lu", "LU", "ull", "uLL", "Ull", "ULL", "llu",
                    "llU", "LLu", "LLU" -> u = true;
            default -> throw new Failure(t, "invalid suffix \"" + suffix + "\" on integer constant");
        }
        set(v, u || overflow || v < 0);
    }

    private static long charValue(Tok t) throws Failure {
        String s = t.text;
        boolean wide = s.charAt(0) == 'L';
        int i = wide ? 2 : 1;
        int end = s.length() - 1;
        if (i >= end) {
            throw new Failure(t, "empty character constant");
        }
        long acc = 0;
        int count = 0;
        long last = 0;
        while (i < end) {
            char c = s.charAt(i++);
            long ch;
            if (c != '\\') {
                ch = c;
            } else {
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> ch = '\n';
                    case 't' -> ch = '\t';
                    case 'r' -> ch = '\r';
                    case 'a' -> ch = 7;
                    case 'b' -> ch = '\b';
                    case 'f' -> ch = '\f';
                    case 'v' -> ch = 11;
                    case 'e', 'E' -> ch = 27;
                    case 'x' -> {
                        long x = 0;
                        while (i < end && Character.digit(s.charAt(i), 16) >= 0) {
                            x = x * 16 + Character.digit(s.charAt(i++), 16);
                        }
                        ch = x;
                    }
                    default -> {
                        if (e >= '0' && e <= '7') {
                            long o = e - '0';
                            for (int k = 0; k < 2 && i < end && s.charAt(i) >= '0' && s.charAt(i) <= '7'; k++) {
                                o = o * 8 + (s.charAt(i++) - '0');
                            }
                            ch = o;
                        } else {
                            ch = e;
                        }
                    }
                }
            }
            last = ch;
            acc = (acc << 8) | (ch & 0xff);
            count++;
        }
        if (wide) {
            return (int) last;
        }
        if (count == 1) {
            return (byte) acc;
        }
        return (int) acc;
    }
}
