package dev.iommuc.cpp;

/** Integer and character constants as GNU cpp reads them in {@code #if} (x86-64: 64-bit intmax, signed char). */
final class CppLiterals {

    private CppLiterals() {
    }

    /** An integer constant: {@code {value, 1 if unsigned else 0}}. */
    static long[] number(Tok t) throws IfExpr.Failure {
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
                throw new IfExpr.Failure(t, "floating constant in preprocessor expression");
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
                throw new IfExpr.Failure(t, "invalid digit \"" + c + "\" in octal constant");
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
            throw new IfExpr.Failure(t, "invalid suffix \"" + s.substring(base == 10 ? 0 : 1) + "\" on integer constant");
        }
        boolean u;
        switch (suffix) {
            case "", "l", "L", "ll", "LL" -> u = false;
            case "u", "U", "ul", "uL", "Ul", "UL", "lu", "lU", "Lu", "LU", "ull", "uLL", "Ull", "ULL", "llu",
                    "llU", "LLu", "LLU" -> u = true;
            default -> throw new IfExpr.Failure(t, "invalid suffix \"" + suffix + "\" on integer constant");
        }
        return new long[] {v, u || overflow || v < 0 ? 1 : 0};
    }

    /** A character constant's value (plain {@code char} is signed; multi-char constants are {@code int}). */
    static long charValue(Tok t) throws IfExpr.Failure {
        String s = t.text;
        boolean wide = s.charAt(0) == 'L';
        int i = wide ? 2 : 1;
        int end = s.length() - 1;
        if (i >= end) {
            throw new IfExpr.Failure(t, "empty character constant");
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
