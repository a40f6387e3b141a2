package dev.iommuc.parse;

import dev.iommuc.grammar.DtsParser;
import org.antlr.v4.runtime.Token;


/**
 * The direct parser's position in a token list (look-ahead by type, {@code expect}, giving up) and
 * dtc's integer expressions over it: {@code prim} and the precedence climbing that evaluates
 * DtsParser.g4's {@code expr} as {@link ValueBuilder} does, giving up where it would report
 * (a malformed number, a char literal that is not one character, a division by zero).
 */
class DirectExpressions {

    /** Thrown to give up; carries no stack trace, the caller only needs to know. */
    static final class GiveUp extends RuntimeException {
        GiveUp() {
            super(null, null, false, false);
        }
    }

    static final GiveUp GIVE_UP = new GiveUp();

    // binding strength of binary operators as in DtsParser.g4's expr (later alternatives bind looser)
    private static final int COND = 1;
    private static final int MUL = 11;

    final Lexed lx;
    private final int[] types;
    private final int n;
    int i;

    DirectExpressions(Lexed lx) {
        this.lx = lx;
        this.n = lx.count();
        this.types = lx.types();
    }

    int la(int k) {
        return i + k < n ? types[i + k] : Token.EOF;
    }

    /** The index of the current token, which must be of that type, and steps past it. */
    int expect(int type) {
        if (la(0) != type) {
            throw GIVE_UP;
        }
        return i++;
    }

    /**
     * The value of INT token {@code k}; gives up where {@link Literals#integer} reports. Hex of up to
     * 16 digits and decimal of up to 18 are read in place (they cannot overflow); the rest, suffixes
     * and octal included, go through Literals.integer.
     */
    long intValue(int k) {
        String s = lx.source();
        int from = lx.start(k);
        int to = lx.end(k);
        long v = 0;
        char c0 = s.charAt(from);
        if (c0 == '0' && to - from > 2 && (s.charAt(from + 1) == 'x' || s.charAt(from + 1) == 'X') && to - from <= 18) {
            int q = from + 2;
            for (; q < to; q++) {
                int d = Character.digit(s.charAt(q), 16);
                if (d < 0) {
                    break;
                }
                v = v << 4 | d;
            }
            if (q == to) {
                return v;
            }
        } else if (c0 >= '1' && c0 <= '9' && to - from <= 18 || c0 == '0' && to - from == 1) {
            int q = from;
            for (; q < to; q++) {
                char c = s.charAt(q);
                if (c < '0' || c > '9') {
                    break;
                }
                v = v * 10 + (c - '0');
            }
            if (q == to) {
                return v;
            }
        }
        Literals.IntLit lit = Literals.integer(lx.text(k));
        if (lit.error() != null) {
            throw GIVE_UP;
        }
        return lit.value();
    }

    /** The bytes of STRING or CHAR_LIT token {@code k}, between its quotes, escapes resolved. */
    byte[] quotedBytes(int k) {
        return Literals.unescape(lx.source(), lx.start(k) + 1, lx.end(k) - 1);
    }

    long prim() {
        switch (la(0)) {
            case DtsParser.INT -> {
                return intValue(i++);
            }
            case DtsParser.CHAR_LIT -> {
                byte[] b = quotedBytes(i++);
                if (b.length != 1) {
                    throw GIVE_UP;
                }
                return b[0] & 0xff;
            }
            case DtsParser.LPAREN -> {
                i++;
                long v = expr(COND);
                expect(DtsParser.RPAREN);
                return v;
            }
            default -> throw GIVE_UP;
        }
    }

    /** Precedence climbing over DtsParser.g4's expr: binary operators left-associative, ?: right. */
    private long expr(int min) {
        long left = unary();
        while (true) {
            int op = la(0);
            int p = binding(op);
            if (p == 0 || p < min) {
                return left;
            }
            i++;
            if (op == DtsParser.QUESTION) {
                long a = expr(COND);
                expect(DtsParser.COLON);
                long b = expr(COND);
                left = left != 0 ? a : b;
                continue;
            }
            long right = expr(p + 1);
            if ((op == DtsParser.SLASH || op == DtsParser.PERCENT) && right == 0) {
                throw GIVE_UP;
            }
            left = ValueBuilder.binary(op, left, right);
        }
    }

    private long unary() {
        switch (la(0)) {
            case DtsParser.MINUS -> {
                i++;
                return -unary();
            }
            case DtsParser.TILDE -> {
                i++;
                return ~unary();
            }
            case DtsParser.BANG -> {
                i++;
                return unary() == 0 ? 1 : 0;
            }
            default -> {
                return prim();
            }
        }
    }

    private static int binding(int op) {
        return switch (op) {
            case DtsParser.STAR, DtsParser.SLASH, DtsParser.PERCENT -> MUL;
            case DtsParser.PLUS, DtsParser.MINUS -> 10;
            case DtsParser.LSHIFT, DtsParser.RSHIFT -> 9;
            case DtsParser.LT, DtsParser.GT, DtsParser.LE, DtsParser.GE -> 8;
            case DtsParser.EQ, DtsParser.NE -> 7;
            case DtsParser.AMP -> 6;
            case DtsParser.CARET -> 5;
            case DtsParser.PIPE -> 4;
            case DtsParser.ANDAND -> 3;
            case DtsParser.OROR -> 2;
            case DtsParser.QUESTION -> COND;
            default -> 0;
        };
    }
}
