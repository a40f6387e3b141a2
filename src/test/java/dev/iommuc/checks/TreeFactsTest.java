package dev.iommuc.checks;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.model.Data;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Node;
import dev.iommuc.model.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.iommuc.checks.TestTrees.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-run facts the checks read instead of the model: live properties and children, look-ups by
 * name (through the name-hash summary), unit/base names, the nodes carrying a key property and the
 * label table; and the allocation-free paths of the duplicate checks against their map-based ones.
 */
class TreeFactsTest {

    private static NodeFacts facts(TreeFacts t, String path) {
        for (NodeFacts n : t.preorder()) {
            if (n.path().equals(path)) {
                return n;
            }
        }
        throw new AssertionError(path);
    }

    @Test
    void propertyLookUpFindsTheFirstLivePropertyAndIgnoresTombstones() {
        Property gone = prop("reg", raw(9));
        Property first = prop("reg", raw(1));
        Property second = prop("reg", raw(2));
        Node a = node("a", gone, first, second, prop("status", str("okay")));
        gone.setDeleted(true);
        TreeFacts t = new TreeFacts(tree(root(a)));
        NodeFacts n = facts(t, "/a");
        assertSame(first, n.prop("reg"));
        assertEquals(3, n.propCount());
        assertNull(n.prop("ranges"));
        assertSame(first, n.firstOf(1), "the second reg resolves to the first, as dtc's get_property");
        assertSame(first, n.firstOf(0));
        assertNull(facts(t, "/").prop("reg"));
    }

    /** Two names with the same summary bit must still be told apart by the string comparison. */
    @Test
    void namesSharingASummaryBitAreStillDistinguished() {
        String a = "clocks";
        String b = null;
        for (int i = 0; b == null; i++) {
            if (bitOf("x" + i) == bitOf(a)) {
                b = "x" + i;
            }
        }
        NodeFacts n = new TreeFacts(tree(root(node("n", prop(a))))).preorder().get(1);
        assertNull(n.prop(b), b + " shares the summary bit of " + a + " but is not there");
        assertEquals(a, n.prop(a).name());
    }

    private static int bitOf(String name) {
        int h = name.hashCode();
        return (h ^ (h >>> 6) ^ (h >>> 12)) & 63;
    }

    @Test
    void liveChildrenParentsAndPreorder() {
        Node gone = node("gone", node("under"));
        Node r = root(node("a", node("a1"), gone, node("a2")), node("b"));
        gone.delete();
        TreeFacts t = new TreeFacts(tree(r));
        assertEquals(List.of("/", "/a", "/a/a1", "/a/a2", "/b"), t.preorder().stream().map(NodeFacts::path).toList());
        NodeFacts a = facts(t, "/a");
        assertEquals(2, a.childCount());
        assertSame(a, a.childAt(1).parent());
        assertNull(a.child("gone"));
        assertSame(a.childAt(0), a.child("a1"));
        assertTrue(t.root().isRoot());
        assertSame(t.root(), a.parent());
    }

    @Test
    void unitAndBaseNames() {
        TreeFacts t = new TreeFacts(tree(root(node("i2c@10"), node("i2c"), node("x@"), node("@1"), node("a@1@2"))));
        NodeFacts i2c = facts(t, "/i2c@10");
        assertTrue(i2c.baseIs("i2c"));
        assertFalse(i2c.baseIs("i2c@10"));
        assertFalse(i2c.baseIs("i2"));
        assertEquals("10", i2c.unit());
        assertTrue(i2c.hasUnit());
        assertTrue(facts(t, "/i2c").baseIs("i2c"));
        assertFalse(facts(t, "/i2c").hasUnit());
        assertEquals("", facts(t, "/i2c").unit());
        assertFalse(facts(t, "/x@").hasUnit(), "an empty unit is no unit (dtc get_unitname)");
        assertEquals("", facts(t, "/x@").unit());
        assertTrue(facts(t, "/@1").baseIs(""));
        assertEquals("1@2", facts(t, "/a@1@2").unit());
        assertEquals("a", facts(t, "/a@1@2").baseName());
    }

    @Test
    void keyedNodesAreThoseCarryingAnyNameInPreorderOnce() {
        Property deadReg = prop("reg", raw(1));
        Node r = root(node("a", prop("ranges"), prop("reg", raw(1)), node("a1", prop("reg", raw(1)))),
                node("b", deadReg), node("c", prop("ranges"), prop("ranges")));
        deadReg.setDeleted(true);
        DeviceTree dt = tree(r);
        TreeFacts keyed = new TreeFacts(dt, Map.of("reg", 0, "ranges", 1));
        TreeFacts scanned = new TreeFacts(dt, Map.of());
        for (TreeFacts t : List.of(keyed, scanned)) {
            assertEquals(List.of("/a", "/a/a1"), paths(t.withAnyProp(List.of("reg"))));
            assertEquals(List.of("/a", "/c"), paths(t.withAnyProp(List.of("ranges"))));
            assertEquals(List.of("/a", "/a/a1", "/c"), paths(t.withAnyProp(List.of("ranges", "reg"))));
            assertEquals(List.of(), paths(t.withAnyProp(List.of("dma-ranges"))));
        }
    }

    private static List<String> paths(NodeFacts[] ns) {
        return Arrays.stream(ns).map(NodeFacts::path).toList();
    }

    @Test
    void labelRepeatsOnlyWhenOneLabelHasTwoSites() {
        assertFalse(new TreeFacts(tree(root(node("a", lbl("x")), node("b", lbl("y"), prop("p", cells("z:", 1))))))
                .labelRepeats());
        assertTrue(new TreeFacts(tree(root(node("a", lbl("x")), node("b", prop("p", cells("x:", 1))))))
                .labelRepeats());
        assertTrue(new TreeFacts(tree(root(node("a", prop("p", raw(1), "x")), node("b", prop("q", raw(1), "x")))))
                .labelRepeats());
        Node gone = node("b", lbl("x"));
        Node r = root(node("a", lbl("x")), gone);
        gone.delete();
        assertFalse(new TreeFacts(tree(r)).labelRepeats(), "a deleted label is no site");
    }

    @Test
    void charClassesAndSpan() {
        assertEquals(2, NameChecks.span("ab#c", 0, NameChecks.STRICT_CHARS));
        assertEquals(4, NameChecks.span("ab#c", 0, NameChecks.PROP_CHARS));
        assertEquals(1, NameChecks.span("a\u00e9", 0, NameChecks.PROP_CHARS), "non-ASCII is never allowed");
        assertEquals(1, NameChecks.span("@x", 1, NameChecks.PROP_CHARS), "from an offset");
        assertFalse(NameChecks.NODE_CHARS.has('\u0140'), "'@' + 256 must not alias '@'");
        assertTrue(NameChecks.NODE_CHARS.has('@'));
    }

    @Test
    void stringListMembership() {
        assertTrue(CheckRun.listHasString(str("vendor,bus", "simple-bus"), "simple-bus"));
        assertFalse(CheckRun.listHasString(str("simple-bus-x"), "simple-bus"));
        assertFalse(CheckRun.listHasString(str("xsimple-bus"), "simple-bus"));
        assertFalse(CheckRun.listHasString(Data.EMPTY, "simple-bus"));
        assertFalse(CheckRun.listHasString(bytes('s', 'i'), "si"), "not NUL-terminated: not a string list");
        assertTrue(CheckRun.listHasString(str("", "simple-bus"), "simple-bus"));
    }

    /** Beyond 16 siblings the duplicate checks switch from comparing pairs to maps; both report alike. */
    @Test
    void duplicateChecksAgreeOnFewAndManySiblings() {
        for (String check : List.of("duplicate_node_names", "duplicate_property_names", "unique_unit_address")) {
            List<String> few = duplicates(check, 0);
            List<String> many = duplicates(check, 20);
            assertFalse(few.isEmpty(), check);
            assertEquals(few, many, check);
        }
    }

    /** Duplicates a@1, a@1, b@2, a@1, b@2 (as children and as properties), padded with unique names. */
    private static List<String> duplicates(String check, int padding) {
        List<Object> kids = new ArrayList<>(List.of(prop("#address-cells", raw(1)), prop("#size-cells", raw(0))));
        for (String name : List.of("a@1", "a@1", "b@2", "a@1", "b@2")) {
            kids.add(node(name, prop("reg", raw(name.charAt(2) - '0'))));
            kids.add(prop(name.replace('@', '-'), raw(1)));
        }
        for (int i = 0; i < padding; i++) {
            kids.add(node("pad@" + (100 + i), prop("reg", raw(100 + i))));
            kids.add(prop("pad-" + i, raw(1)));
        }
        List<Diagnostic> ds = check(tree(root(node("bus", kids.toArray()))));
        List<String> out = new ArrayList<>();
        for (Diagnostic d : of(ds, check)) {
            out.add(d.subject() + " " + d.message());
        }
        assertNotEquals(0, out.size());
        return out;
    }
}
