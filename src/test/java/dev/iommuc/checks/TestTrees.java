package dev.iommuc.checks;

import dev.iommuc.diag.CheckLevels;
import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.Severity;
import dev.iommuc.diag.SourcePos;
import dev.iommuc.model.Data;
import dev.iommuc.model.DataBuilder;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Marker;
import dev.iommuc.model.MemReserve;
import dev.iommuc.model.Node;
import dev.iommuc.model.Property;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Builds small trees in code, as the parser and resolve stage would leave them: values with type
 * markers, phandle cells resolved and marked, positions laid out like a printed DTS file (line 1
 * {@code /dts-v1/;}, then one line per node header and property, one per closing brace).
 */
final class TestTrees {

    static final String FILE = "t.dts";

    private TestTrees() {
    }

    /** A label to attach to the node being built. */
    record Lbl(String name) {
    }

    static Lbl lbl(String name) {
        return new Lbl(name);
    }

    static Node node(String name, Object... items) {
        Node n = new Node(name, SourcePos.of(FILE, 0, 1));
        for (Object o : items) {
            if (o instanceof Node c) {
                n.addChild(c);
            } else if (o instanceof Property p) {
                n.addProperty(p);
            } else if (o instanceof Lbl l) {
                n.labels().add(l.name());
            } else {
                throw new IllegalArgumentException(String.valueOf(o));
            }
        }
        return n;
    }

    static Node root(Object... items) {
        return node("", items);
    }

    static Property prop(String name, Data value, String... labels) {
        Property p = new Property(name, value, SourcePos.of(FILE, 0, 1));
        for (String l : labels) {
            p.labels().add(l);
        }
        return p;
    }

    static Property prop(String name) {
        return prop(name, Data.EMPTY);
    }

    /**
     * A {@code < >} value: Integer/Long are cells, "&label" a phandle reference (resolved by
     * {@link #tree}), "label:" a label inside the value.
     */
    static Data cells(Object... items) {
        DataBuilder b = new DataBuilder().marker(Marker.Kind.TYPE_U32, null);
        for (Object o : items) {
            if (o instanceof String s && s.startsWith("&")) {
                b.marker(Marker.Kind.REF_PHANDLE, s.substring(1)).cell(0);
            } else if (o instanceof String s && s.endsWith(":")) {
                b.marker(Marker.Kind.LABEL, s.substring(0, s.length() - 1));
            } else {
                b.cell((int) ((Number) o).longValue());
            }
        }
        return b.build();
    }

    /** The same cells without any markers, as a value read from a DTB. */
    static Data raw(long... cells) {
        DataBuilder b = new DataBuilder();
        for (long c : cells) {
            b.cell((int) c);
        }
        return b.build();
    }

    /** A string list value: each string NUL-terminated. */
    static Data str(String... strings) {
        DataBuilder b = new DataBuilder().marker(Marker.Kind.TYPE_STRING, null);
        for (String s : strings) {
            b.bytes(s.getBytes(StandardCharsets.ISO_8859_1)).u8(0);
        }
        return b.build();
    }

    static Data bytes(int... bs) {
        DataBuilder b = new DataBuilder().marker(Marker.Kind.TYPE_U8, null);
        for (int x : bs) {
            b.u8(x);
        }
        return b.build();
    }

    static DeviceTree tree(Node root) {
        return tree(root, false);
    }

    /** Lays out positions, then resolves phandle references the way dtc's fixup does. */
    static DeviceTree tree(Node root, boolean plugin, MemReserve... reserves) {
        DeviceTree dt = new DeviceTree(root, List.of(reserves), plugin, 0);
        layout(root, new int[] {2});
        int[] next = {1};
        resolve(dt, root, next);
        return dt;
    }

    private static void layout(Node n, int[] line) {
        n.positions().set(0, SourcePos.of(FILE, line[0]++, 1));
        for (Property p : n.allProperties()) {
            p.setPos(SourcePos.of(FILE, line[0]++, 2));
        }
        for (Node c : n.allChildren()) {
            layout(c, line);
        }
        line[0]++;
    }

    private static void resolve(DeviceTree dt, Node n, int[] next) {
        for (Property p : n.properties()) {
            Data v = p.value();
            for (Marker m : v.markers()) {
                if (m.kind() == Marker.Kind.REF_PHANDLE) {
                    Node target = dt.nodeByRef(m.ref());
                    if (target == null) {
                        continue;
                    }
                    if (target.phandle() == 0) {
                        target.setPhandle(next[0]++);
                    }
                    v = v.withCell(m.offset(), target.phandle());
                }
            }
            p.setValue(v);
        }
        for (Node c : n.children()) {
            resolve(dt, c, next);
        }
    }

    /** Runs the checks with {@code -W}/{@code -E} options ("W:name", "E:no-name") applied as dtc does. */
    static List<Diagnostic> check(DeviceTree dt, String... options) {
        return check(dt, TreeChecks.Options.DEFAULT, options);
    }

    static List<Diagnostic> check(DeviceTree dt, TreeChecks.Options opts, String... options) {
        CheckLevels levels = new CheckLevels();
        for (String o : options) {
            assertTrue(CheckRegistry.applyOption(levels, o.substring(2), o.startsWith("E:")), o);
        }
        Diagnostics d = new Diagnostics(levels);
        TreeChecks.run(dt, d, opts);
        return d.all();
    }

    /** The diagnostics of one check. */
    static List<Diagnostic> of(List<Diagnostic> all, String check) {
        return all.stream().filter(d -> d.check().equals(check)).collect(Collectors.toList());
    }

    /** "severity check subject: message" lines, compact for assertEquals. */
    static List<String> lines(List<Diagnostic> ds) {
        List<String> out = new ArrayList<>();
        for (Diagnostic d : ds) {
            out.add(d.severity().label() + " " + d.check() + " " + d.subject() + ": " + d.message());
        }
        return out;
    }

    static List<String> lines(List<Diagnostic> all, String check) {
        return lines(of(all, check));
    }

    /** Exactly one diagnostic of that check, with this severity, subject and message. */
    static Diagnostic one(List<Diagnostic> all, String check, Severity sev, String subject, String message) {
        List<Diagnostic> ds = of(all, check);
        assertEquals(1, ds.size(), () -> "expected one " + check + " in " + lines(all));
        Diagnostic d = ds.get(0);
        assertEquals(sev, d.severity());
        assertEquals(subject, d.subject());
        assertEquals(message, d.message());
        return d;
    }

    static void none(List<Diagnostic> all, String check) {
        assertEquals(List.of(), lines(all, check), check);
    }

    static void clean(List<Diagnostic> all) {
        assertEquals(List.of(), lines(all));
    }
}
