package dev.iommuc.plan;

import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

import java.util.List;
import java.util.Map;

/**
 * Writes the documents plans and reports are made of — maps with string or integer keys, lists,
 * strings, integers, {@link Hex}, booleans and nulls — exactly as {@link YamlOut}'s SnakeYAML set-up
 * would, without its event and node layers. A cold single-board {@code report} spent a sixth of its
 * time in SnakeYAML's representer, serializer and emitter (docs/performance.md); this writes the same
 * bytes in one pass. Anything outside that subset (another value type, a string with a line break,
 * tab or other special character, an empty key or one too long to be a simple key) answers null, and the caller falls back
 * to SnakeYAML for the whole document; {@code YamlBlockWriterTest} compares the two on the example
 * boards, the corpus and random documents.
 *
 * <p>The rules are SnakeYAML's emitter rules (PyYAML's, YAML 1.1) for block style, indent 2 and
 * indicator indent 0: a list under a map key is "indentless" (its dashes at the key's column), a map
 * in a list item starts on the dash's line, empty collections are written in flow style ({@code []},
 * {@code {}}). A string is plain when the emitter's scalar analysis allows a block plain scalar and
 * the resolver reads it back as a string; otherwise single-quoted (double quotes are only needed for
 * characters this writer does not take).
 */
final class YamlBlockWriter {

    /** SnakeYAML writes a key longer than this as an explicit {@code ? key} (Emitter.checkSimpleKey). */
    private static final int MAX_SIMPLE_KEY = 128;

    private final StringBuilder out = new StringBuilder(1 << 16);
    private final Resolver resolver = new Resolver();

    private YamlBlockWriter() {
    }

    /** The document as YAML, or null when it holds anything this writer does not handle. */
    static String write(Object document) {
        YamlBlockWriter w = new YamlBlockWriter();
        boolean ok;
        if (document instanceof Map<?, ?> m && !m.isEmpty()) {
            ok = w.map(m, 0, false);
        } else if (document instanceof List<?> l && !l.isEmpty()) {
            ok = w.list(l, 0, false);
        } else {
            ok = false; // a scalar or empty document: rare, and SnakeYAML adds document markers to some
        }
        return ok ? w.out.toString() : null;
    }

    /** The entries of {@code m} at column {@code indent}; the first on the current line if {@code inline}. */
    private boolean map(Map<?, ?> m, int indent, boolean inline) {
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(inline && first)) {
                pad(indent);
            }
            first = false;
            if (!key(e.getKey())) {
                return false;
            }
            out.append(':');
            Object v = e.getValue();
            if (v instanceof Map<?, ?> sub && !sub.isEmpty()) {
                out.append('\n');
                if (!map(sub, indent + 2, false)) {
                    return false;
                }
            } else if (v instanceof List<?> sub && !sub.isEmpty()) {
                out.append('\n');
                if (!list(sub, indent, false)) { // indentless: dashes at the key's column
                    return false;
                }
            } else {
                out.append(' ');
                if (!leaf(v, false)) {
                    return false;
                }
                out.append('\n');
            }
        }
        return true;
    }

    /** The items of {@code l} with their dashes at column {@code indent}; the first on the current line if {@code inline}. */
    private boolean list(List<?> l, int indent, boolean inline) {
        boolean first = true;
        for (Object v : l) {
            if (!(inline && first)) {
                pad(indent);
            }
            first = false;
            out.append("- ");
            if (v instanceof Map<?, ?> sub && !sub.isEmpty()) {
                if (!map(sub, indent + 2, true)) {
                    return false;
                }
            } else if (v instanceof List<?> sub && !sub.isEmpty()) {
                if (!list(sub, indent + 2, true)) {
                    return false;
                }
            } else {
                if (!leaf(v, false)) {
                    return false;
                }
                out.append('\n');
            }
        }
        return true;
    }

    private boolean key(Object k) {
        if (k instanceof String s) {
            return !s.isEmpty() && s.length() < MAX_SIMPLE_KEY && string(s); // else an explicit "? key"
        }
        return (k instanceof Integer || k instanceof Long || k instanceof Hex) && leaf(k, true);
    }

    /** A scalar or an empty collection. */
    private boolean leaf(Object v, boolean key) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            return string(s);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Hex || v instanceof Boolean) {
            out.append(v);
        } else if (!key && v instanceof List<?> l && l.isEmpty()) {
            out.append("[]");
        } else if (!key && v instanceof Map<?, ?> m && m.isEmpty()) {
            out.append("{}");
        } else {
            return false;
        }
        return true;
    }

    private boolean string(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!printableOnOneLine(c)) {
                return false; // breaks, tabs, controls, surrogates: double quotes or a block scalar
            }
        }
        if (n > 0 && plainAllowed(s) && resolver.resolve(NodeId.scalar, s, true).equals(Tag.STR)) {
            out.append(s);
        } else {
            // single quotes, a quote doubled; never split, as splitLines is off (YamlOut)
            out.append('\'');
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c == '\'') {
                    out.append('\'');
                }
                out.append(c);
            }
            out.append('\'');
        }
        return true;
    }

    /**
     * A character SnakeYAML writes as itself (with allowUnicode on, its default) that is not a line
     * break: printable ASCII, and the printable BMP ranges except NEL, U+2028, U+2029 (YAML 1.1 line
     * breaks) and the byte-order mark.
     */
    private static boolean printableOnOneLine(char c) {
        if (c >= 0x20 && c <= 0x7e) {
            return true;
        }
        return (c >= 0xa0 && c <= 0xd7ff && c != 0x2028 && c != 0x2029) || (c >= 0xe000 && c <= 0xfffd && c != 0xfeff);
    }

    /**
     * SnakeYAML's Emitter.analyzeScalar, reduced to printable characters on one line: may {@code s} be a
     * plain scalar in block context? Not with a leading or trailing space, a document marker, an
     * indicator first ({@code # , [ ] { } & * ! | > ' " % @ `}, or {@code ? : -} before a space), a
     * {@code :} before a space or at the end, or a {@code #} after a space; and not digits after a
     * leading zero ({@code 08}, {@code 0_9}: SnakeYAML 2 quotes them although they read back as
     * strings, for readers that take them as octal).
     */
    private static boolean plainAllowed(String s) {
        int n = s.length();
        if (s.charAt(0) == ' ' || s.charAt(n - 1) == ' ' || s.startsWith("---") || s.startsWith("...")
                || leadingZero(s)) {
            return false;
        }
        char c0 = s.charAt(0);
        boolean spaceAfter0 = n == 1 || s.charAt(1) == ' ';
        if ("#,[]{}&*!|>'\"%@`".indexOf(c0) >= 0 || ((c0 == '?' || c0 == ':' || c0 == '-') && spaceAfter0)) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (c == ':' && (i + 1 == n || s.charAt(i + 1) == ' ')) {
                return false;
            }
            if (c == '#' && s.charAt(i - 1) == ' ') {
                return false;
            }
        }
        return true;
    }

    /** SnakeYAML's Emitter.hasLeadingZero: "0" and then only digits and underscores. */
    private static boolean leadingZero(String s) {
        if (s.length() < 2 || s.charAt(0) != '0') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && c != '_') {
                return false;
            }
        }
        return true;
    }

    private void pad(int indent) {
        for (int i = 0; i < indent; i++) {
            out.append(' ');
        }
    }
}
