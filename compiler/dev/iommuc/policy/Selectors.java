package dev.iommuc.policy;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads selector maps: exactly one of {@code compatible}, {@code path}, {@code label}, a string or a list. */
final class Selectors {

    static final List<String> KINDS = List.of("compatible", "path", "label");

    private final NodeReader r;

    Selectors(NodeReader r) {
        this.r = r;
    }

    /** One selector map; null after reporting. */
    List<Selector> one(Node n, String path) {
        MappingNode m = r.map(n, path);
        if (m == null) {
            return null;
        }
        Map<String, Node> f = r.fields(m, path, KINDS);
        if (f.isEmpty()) {
            if (m.getValue().isEmpty()) {
                r.error(PolicyChecks.MISSING_KEY, m, path, "empty selector: needs one of compatible, path, label");
            }
            return null;
        }
        if (f.size() > 1) {
            List<String> keys = new ArrayList<>(f.keySet());
            Node second = keyNode(m, keys.get(1));
            r.error(PolicyChecks.VALUE, second, path, "a selector takes exactly one of compatible, path, label; "
                    + "this one has both '" + keys.get(0) + "' and '" + keys.get(1) + "'");
            return null;
        }
        String kind = f.keySet().iterator().next();
        String vpath = NodeReader.child(path, kind);
        List<ScalarNode> values = r.strings(f.get(kind), vpath);
        if (values == null) {
            return null;
        }
        List<Selector> out = new ArrayList<>();
        for (ScalarNode v : values) {
            Selector s = make(kind, v, values.size() == 1 ? vpath : NodeReader.item(vpath, values.indexOf(v)));
            if (s != null) {
                out.add(s);
            }
        }
        return out.size() == values.size() ? out : null;
    }

    /** A non-empty list of selector maps, flattened; null after reporting. */
    List<Selector> many(Node n, String path) {
        List<Node> items = r.list(n, path, true);
        if (items == null) {
            return null;
        }
        List<Selector> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            List<Selector> s = one(items.get(i), NodeReader.item(path, i));
            if (s == null) {
                ok = false;
            } else {
                out.addAll(s);
            }
        }
        return ok ? out : null;
    }

    private Selector make(String kind, ScalarNode v, String path) {
        String value = v.getValue();
        switch (kind) {
            case "path" -> {
                if (!value.startsWith("/")) {
                    r.error(PolicyChecks.VALUE, v, path, "'" + Numbers.abbreviate(value) + "' is not a full node path "
                            + "(it must start with /; use label: for a label)");
                    return null;
                }
                return new Selector.ByPath(value, r.pos(v));
            }
            case "label" -> {
                String name = value.startsWith("&") ? value.substring(1) : value;
                if (!name.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                    r.error(PolicyChecks.VALUE, v, path, "'" + Numbers.abbreviate(value) + "' is not a DTS label");
                    return null;
                }
                return new Selector.ByLabel(name, r.pos(v));
            }
            default -> {
                if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                    r.error(PolicyChecks.VALUE, v, path, "'" + Numbers.abbreviate(value)
                            + "' is not a compatible string (printable ASCII without spaces)");
                    return null;
                }
                return new Selector.ByCompatible(value, r.pos(v));
            }
        }
    }

    /** The key node of {@code key} in a mapping (for pointing at it). */
    static Node keyNode(MappingNode m, String key) {
        return m.getValue().stream().map(t -> t.getKeyNode())
                .filter(k -> k instanceof ScalarNode s && s.getValue().equals(key))
                .findFirst().orElse(m);
    }

    /** Layering identity of a selector list. */
    static String key(List<Selector> selectors) {
        StringBuilder sb = new StringBuilder();
        for (Selector s : selectors) {
            sb.append(s.key()).append(';');
        }
        return sb.toString();
    }
}
