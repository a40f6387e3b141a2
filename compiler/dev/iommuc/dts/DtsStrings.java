package dev.iommuc.dts;

/**
 * Quotes one NUL-free run of value bytes as a DTS string literal that dtc's lexer decodes back to the
 * same bytes (reference §1.2 escapes). Non-printable and non-ASCII bytes become {@code \xNN} with
 * exactly two digits, which dtc never extends into a following hex character.
 */
final class DtsStrings {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private DtsStrings() {
    }

    static void quote(StringBuilder sb, byte[] v, int from, int to) {
        sb.append('"');
        for (int i = from; i < to; i++) {
            int c = v[i] & 0xff;
            switch (c) {
                case 7: sb.append("\\a"); break;
                case 8: sb.append("\\b"); break;
                case '\t': sb.append("\\t"); break;
                case '\n': sb.append("\\n"); break;
                case 11: sb.append("\\v"); break;
                case '\f': sb.append("\\f"); break;
                case '\r': sb.append("\\r"); break;
                case '\\': sb.append("\\\\"); break;
                case '"': sb.append("\\\""); break;
                default:
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append((char) c);
                    } else {
                        sb.append("\\x").append(HEX[c >> 4]).append(HEX[c & 15]);
                    }
            }
        }
        sb.append('"');
    }

    /** {@code 0x%02x} for an unsigned value: lowercase, at least two digits, as dtc prints cells. */
    static void hex(StringBuilder sb, long v) {
        sb.append("0x");
        if (v >= 0 && v < 16) {
            sb.append('0');
        }
        sb.append(Long.toHexString(v));
    }

    /** {@code %02x} for one byte of a {@code [ ]} byte string. */
    static void byteHex(StringBuilder sb, int b) {
        sb.append(HEX[(b >> 4) & 15]).append(HEX[b & 15]);
    }
}
