package dev.iommuc.policy;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Integer and size literals of a policy. YAML 1.1 (SnakeYAML's resolver) reads {@code 010} as 8 and
 * {@code 1:30} as 90; both surprise people writing addresses, so they are refused rather than
 * guessed. Underscores group digits ({@code 0x8_1000_0000}).
 */
final class Numbers {

    /** A parsed value, or why the text is not one. */
    record Parsed(BigInteger value, String error) {
        static Parsed ok(BigInteger v) {
            return new Parsed(v, null);
        }

        static Parsed bad(String why) {
            return new Parsed(null, why);
        }
    }

    static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private static final Pattern INT = Pattern.compile(
            "([-+]?)(?:0x([0-9a-fA-F_]+)|0b([01_]+)|0o([0-7_]+)|([0-9][0-9_]*))");
    private static final Pattern SIZE = Pattern.compile("([-+]?(?:0x[0-9a-fA-F_]+|[0-9][0-9_]*))([KMG])");

    private Numbers() {
    }

    /** An integer literal: decimal, {@code 0x}, {@code 0o} or {@code 0b}, optional sign. */
    static Parsed integer(String text) {
        String t = text.trim();
        if (t.matches("[-+]?[0-9_]+(:[0-5]?[0-9])+")) {
            return Parsed.bad("'" + text + "' is a YAML 1.1 base-60 number; write it in decimal or hex");
        }
        Matcher m = INT.matcher(t);
        if (!m.matches()) {
            return Parsed.bad("'" + text + "' is not an integer");
        }
        String digits;
        int radix;
        if (m.group(2) != null) {
            digits = m.group(2);
            radix = 16;
        } else if (m.group(3) != null) {
            digits = m.group(3);
            radix = 2;
        } else if (m.group(4) != null) {
            digits = m.group(4);
            radix = 8;
        } else {
            digits = m.group(5);
            radix = 10;
        }
        digits = digits.replace("_", "");
        if (digits.isEmpty()) {
            return Parsed.bad("'" + text + "' has no digits");
        }
        if (radix == 10 && digits.length() > 1 && digits.charAt(0) == '0') {
            return Parsed.bad("'" + text + "' has a leading zero (YAML 1.1 would read it as octal); "
                    + "write 0o" + digits.substring(1) + " or drop the zero");
        }
        if (digits.length() > 80) {
            return Parsed.bad("'" + abbreviate(text) + "' does not fit in 64 bits");
        }
        BigInteger v = new BigInteger(digits, radix);
        return Parsed.ok("-".equals(m.group(1)) ? v.negate() : v);
    }

    /** A size: an integer literal, or decimal/hex digits with a K, M or G (binary) suffix. */
    static Parsed size(String text) {
        String t = text.trim();
        Matcher m = SIZE.matcher(t);
        if (m.matches()) {
            Parsed base = integer(m.group(1));
            if (base.error() != null) {
                return base;
            }
            int shift = switch (m.group(2)) {
                case "K" -> 10;
                case "M" -> 20;
                default -> 30;
            };
            return Parsed.ok(base.value().shiftLeft(shift));
        }
        Parsed p = integer(t);
        if (p.error() != null && t.matches("[-+]?[0-9][0-9_]*\\s*[A-Za-z]+")) {
            return Parsed.bad("'" + text + "' has an unknown size suffix; use K, M or G (powers of 1024)");
        }
        return p.error() != null ? Parsed.bad("'" + abbreviate(text) + "' is not a size (an integer, or with K/M/G)")
                : p;
    }

    /** Why {@code v} is not an unsigned 64-bit value, or null. */
    static String u64Problem(BigInteger v, String text) {
        if (v.signum() < 0) {
            return "must not be negative (" + abbreviate(text) + ")";
        }
        if (v.compareTo(U64_MAX) > 0) {
            return "'" + abbreviate(text) + "' does not fit in 64 bits";
        }
        return null;
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }

    /** {@code 0x…} spelling of an unsigned 64-bit value, for messages. */
    static String hex(long v) {
        return "0x" + Long.toUnsignedString(v, 16);
    }
}
