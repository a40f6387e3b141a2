package dev.iommuc.model;

import dev.iommuc.diag.SourcePos;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A copy keeps everything tree building left behind, moves every position, and shares nothing mutable. */
class TreeCopyTest {

    private static SourcePos at(int line) {
        return new SourcePos("soc.dtsi", line, 1, line, 4, SourcePos.of("board.dts", 3, 1));
    }

    @Test
    void copiesTombstonesLabelsFlagsAndPositions() {
        Node root = new Node("", at(1));
        Node soc = new Node("soc", at(2));
        soc.positions().add(at(20));
        soc.labels().add("soc");
        soc.labels().add("old");
        soc.labels().all().get(0).setDeleted(true);   // "old" (labels are prepended)
        soc.setOmitIfUnused(true);
        soc.markReferenced();
        soc.setPhandle(7);
        Property reg = new Property("reg", new DataBuilder().cell(0x1000).build(), at(3));
        reg.labels().add("r");
        Property gone = new Property("gone", Data.EMPTY, at(4));
        gone.setDeleted(true);
        soc.addProperty(reg);
        soc.addProperty(gone);
        Node tomb = new Node("dead@0", at(5));
        tomb.setDeleted(true);
        root.addChild(soc);
        root.addChild(tomb);

        TreeCopy.Result r = TreeCopy.copy(root, p -> new SourcePos(p.file(), p.line() + 100, p.col(), p.endLine() + 100,
                p.endCol(), p.from()));
        assertEquals(5, r.weight(), "3 nodes and 2 properties, tombstones included");
        Node c = r.root().allChildren().get(0);
        assertSame(r.root(), c.parent());
        assertEquals(List.of(102, 120), c.positions().stream().map(SourcePos::line).toList());
        assertEquals(List.of("old", "soc"), c.labels().all().stream().map(Label::name).toList());
        assertTrue(c.labels().all().get(0).deleted(), "a deleted label stays a tombstone");
        assertTrue(c.labels().has("soc"));
        assertFalse(c.labels().has("old"));
        assertTrue(c.omitIfUnused() && c.referenced());
        assertEquals(7, c.phandle());
        assertEquals(103, c.allProperties().get(0).pos().line());
        assertSame(reg.value(), c.allProperties().get(0).value(), "values are immutable and shared");
        assertTrue(c.allProperties().get(1).deleted());
        assertTrue(r.root().allChildren().get(1).deleted());

        // nothing mutable is shared: changing the copy leaves the original alone
        assertNotSame(reg, c.allProperties().get(0));
        c.allProperties().get(0).setDeleted(true);
        c.labels().deleteAll();
        c.addChild(new Node("new", at(9)));
        assertFalse(reg.deleted());
        assertTrue(soc.labels().has("soc"));
        assertEquals(0, soc.allChildren().size());
    }
}
