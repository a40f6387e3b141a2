package dev.iommuc.checks;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Severity;
import dev.iommuc.model.MemReserve;
import dev.iommuc.model.Node;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.iommuc.checks.TestTrees.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NameChecksTest {

    @Test
    void cleanTreeHasNoFindings() {
        clean(check(tree(root(prop("model", str("m")), lbl("r"), node("a", lbl("a"), prop("x", cells(1)))))));
    }

    @Test
    void duplicateNodeNamesReportsTheLaterNodes() {
        List<Diagnostic> ds = check(tree(root(node("a"), node("b"), node("a"), node("a"))));
        assertEquals(List.of(
                "error duplicate_node_names /a: Duplicate node name",
                "error duplicate_node_names /a: Duplicate node name",
                "error duplicate_node_names /a: Duplicate node name"), lines(ds, "duplicate_node_names"));
        // the second a (line 7) first, then the third one (line 9) twice: dtc's nested loops
        assertEquals(List.of(7, 9, 9), of(ds, "duplicate_node_names").stream().map(d -> d.pos().line()).toList());
    }

    @Test
    void duplicateNodeNamesIgnoresTombstonesAndDifferentUnits() {
        Node gone = node("a");
        Node r = root(gone, node("a"), node("a@1"), node("a@2"));
        gone.delete();
        none(check(tree(r)), "duplicate_node_names");
    }

    @Test
    void duplicatePropertyNamesPointsAtTheFirstDefinition() {
        List<Diagnostic> ds = check(tree(root(node("n", prop("x", cells(1)), prop("y"), prop("x", cells(2))))));
        Diagnostic d = one(ds, "duplicate_property_names", Severity.ERROR, "/n:x", "Duplicate property name");
        assertEquals(4, d.pos().line());
    }

    @Test
    void duplicatePropertyNamesSkipsDeletedOnes() {
        Node n = node("n", prop("x", cells(1)), prop("x", cells(2)));
        n.allProperties().get(1).setDeleted(true);
        none(check(tree(root(n))), "duplicate_property_names");
    }

    @Test
    void nodeNameChars() {
        one(check(tree(root(node("a$b")))), "node_name_chars", Severity.ERROR, "/a$b",
                "Bad character '$' in node name");
        none(check(tree(root(node("Ab,c._+-@1,2")))), "node_name_chars");
    }

    @Test
    void nodeNameFormat() {
        one(check(tree(root(node("a@1@2")))), "node_name_format", Severity.ERROR, "/a@1@2",
                "multiple '@' characters in node name");
        none(check(tree(root(node("a@1")))), "node_name_format");
    }

    @Test
    void nodeNameFormatNeedsNodeNameChars() {
        List<Diagnostic> ds = check(tree(root(node("a@1@2"), node("b!"))));
        assertEquals(List.of("error node_name_format : Failed prerequisite 'node_name_chars'",
                        "error node_name_not_empty : Failed prerequisite 'node_name_chars'",
                        "warning node_name_vs_property_name : Failed prerequisite 'node_name_chars'",
                        // and on down the chain
                        "warning unit_address_format : Failed prerequisite 'node_name_format'"),
                lines(ds).stream().filter(l -> l.contains("prerequisite")).toList());
    }

    @Test
    void nodeNameNotEmpty() {
        one(check(tree(root(node("@10", prop("reg", cells(0, 0x10))), node("a@10", prop("reg", cells(0, 0x10)))))),
                "node_name_not_empty", Severity.ERROR, "/@10", "Empty node name");
        none(check(tree(root(node("a")))), "node_name_not_empty");
    }

    @Test
    void propertyNameChars() {
        one(check(tree(root(node("n", prop("foo@1", cells(1)))))), "property_name_chars", Severity.ERROR,
                "/n:foo@1", "Bad character '@' in property name");
        none(check(tree(root(node("n", prop("#a,b.c_d+e*f?-g", cells(1)))))), "property_name_chars");
    }

    @Test
    void strictCharsAreOffUnlessAsked() {
        Node r = root(node("My_node", prop("vendor,#x", cells(1)), prop("a_b"), prop("device_type", str("x"))));
        none(check(tree(r)), "node_name_chars_strict");
        List<Diagnostic> ds = check(tree(r), "W:node_name_chars_strict", "W:property_name_chars_strict");
        one(ds, "node_name_chars_strict", Severity.WARNING, "/My_node", "Character '_' not recommended in node name");
        one(ds, "property_name_chars_strict", Severity.WARNING, "/My_node:a_b",
                "Character '_' not recommended in property name");
    }

    @Test
    void nameIsString() {
        one(check(tree(root(node("n", prop("name", cells(1)))))), "name_is_string", Severity.ERROR,
                "/n:name", "property is not a string");
    }

    @Test
    void namePropertiesReportsOnlyAnIncorrectName() {
        List<Diagnostic> ds = check(tree(root(node("n@1", prop("reg", cells(0, 1)), prop("name", str("x"))))));
        Diagnostic d = one(ds, "name_properties", Severity.ERROR, "/n@1",
                "\"name\" property is incorrect (\"x\" instead of base node name)");
        assertEquals(2 + 1, d.pos().line()); // the node's line: dtc's FAIL, not FAIL_PROP
        none(check(tree(root(node("n@1", prop("reg", cells(0, 1)), prop("name", str("n")))))), "name_properties");
    }

    @Test
    void nodeNameVsPropertyName() {
        one(check(tree(root(node("p", prop("c")), prop("c"), node("c")))), "node_name_vs_property_name",
                Severity.WARNING, "/c", "node name and property name conflict");
        none(check(tree(root(node("c@1", prop("reg", cells(0, 1))), prop("c")))), "node_name_vs_property_name");
    }

    @Test
    void duplicateLabelOnTwoNodes() {
        List<Diagnostic> ds = check(tree(root(node("a", lbl("x")), node("b", lbl("x")))));
        Diagnostic d = one(ds, "duplicate_label", Severity.ERROR, "/b", "Duplicate label 'x' on /b and /a");
        assertEquals(5, d.pos().line());
    }

    @Test
    void duplicateLabelOnPropertiesAndValuesReportsTheNode() {
        List<Diagnostic> ds = check(tree(root(
                node("a", prop("p", cells(1), "x")),
                node("b", prop("q", cells(1), "x"), prop("r", cells("v:", 1, "v:", 2))))));
        assertEquals(List.of(
                "error duplicate_label /b: Duplicate label 'x' on 'q' in /b and 'p' in /a",
                "error duplicate_label /b: Duplicate label 'v' on value of 'r' in /b and value of 'r' in /b"),
                lines(ds, "duplicate_label"));
        assertEquals(6, of(ds, "duplicate_label").get(0).pos().line()); // node b, not property q
    }

    @Test
    void nodeLabelWinsOverPropertyLabel() {
        List<Diagnostic> ds = check(tree(root(node("a", prop("p", cells(1), "x")), node("b", lbl("x")))));
        one(ds, "duplicate_label", Severity.ERROR, "/a", "Duplicate label 'x' on 'p' in /a and /b");
    }

    @Test
    void sameLabelTwiceOnOneNodeIsFine() {
        Node a = node("a", lbl("x"));
        a.labels().add("x"); // a later "x: &a { };" revives the same label
        none(check(tree(root(a))), "duplicate_label");
    }

    @Test
    void deletedLabelsAndMemreserveLabelsAreIgnored() {
        Node a = node("a", lbl("x"));
        a.labels().deleteAll();
        Node r = root(a, node("b", lbl("x")), node("c", lbl("m")));
        // dtc never looks at /memreserve/ labels, so "m" on both is accepted (verified with dtc 1.6.1)
        none(check(tree(r, false, new MemReserve(0x1000, 0x10, List.of("m")))), "duplicate_label");
    }
}
