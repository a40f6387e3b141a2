package dev.iommuc.dtb;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.MemReserve;
import dev.iommuc.model.Node;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DtbReaderTest {

    private static DeviceTree read(byte[] blob) {
        Diagnostics d = new Diagnostics();
        DeviceTree t = DtbReader.read(blob, "t.dtb", d);
        assertNotNull(t, d.all().toString());
        assertFalse(d.hasErrors(), d.all().toString());
        return t;
    }

    @Test
    void readsWhatTheWriterWrote() {
        byte[] blob = DtbWriter.write(DtbWriterTest.sample());
        DeviceTree t = read(blob);
        assertEquals(List.of(new MemReserve(0x1000, 0x2000, List.of())), t.reserves());
        assertEquals("x", t.root().property("compatible").value().asString());
        Node n1 = t.root().child("n1");
        assertEquals(List.of("linux,phandle-x", "phandle-x", "x,cells", "cells"),
                n1.properties().stream().map(p -> p.name()).toList());
        assertEquals(2, n1.property("phandle-x").value().cell(0));
        assertEquals(0, n1.property("cells").value().length());
        assertEquals("/n1", n1.path());
        assertArrayEquals(blob, DtbWriter.write(t));
    }

    @Test
    void readsDtcOutput() {
        Dtc.assume();
        byte[] blob = Dtc.dtsToDtb(DtbWriterTest.SAMPLE_DTS);
        assertArrayEquals(blob, DtbWriter.write(read(blob)));
    }

    @Test
    void positionsAreByteOffsets() {
        byte[] blob = DtbWriter.write(DtbWriterTest.sample());
        DeviceTree t = read(blob);
        assertEquals(0x48 + 1, t.root().pos().col(), "root FDT_BEGIN_NODE right after two reserve entries");
        assertEquals(0, t.root().pos().line());
    }

    @Test
    void skipsNopsAnywhere() {
        RawBlob r = new RawBlob().u32(Fdt.NOP).begin("").u32(Fdt.NOP).prop(0, new byte[] {0, 0, 0, 5})
                .u32(Fdt.NOP).begin("c").u32(Fdt.NOP).end().u32(Fdt.NOP).end().u32(Fdt.NOP).u32(Fdt.END)
                .string("phandle\0");
        DeviceTree t = read(r.build());
        assertEquals(5, t.root().phandle());
        assertNotNull(t.root().child("c"));
        byte[] clean = new RawBlob().begin("").prop(0, new byte[] {0, 0, 0, 5}).begin("c").end().end()
                .u32(Fdt.END).string("phandle\0").build();
        assertArrayEquals(clean, DtbWriter.write(t));
    }

    @Test
    void readsVersion16() {
        byte[] v16 = DtbWriter.write(DtbWriterTest.sample(), DtbOptions.DEFAULT.withVersion(16));
        assertEquals(16, ByteBuffer.wrap(v16).getInt(20));
        DeviceTree t = read(v16);
        assertArrayEquals(v16, DtbWriter.write(t, DtbOptions.DEFAULT.withVersion(16)));
        assertArrayEquals(DtbWriter.write(DtbWriterTest.sample()), DtbWriter.write(t));
    }

    @Test
    void phandlesFromEitherProperty() {
        byte[] blob = new RawBlob().begin("")
                .begin("a").prop(0, new byte[] {0, 0, 0, 7}).end()
                .begin("b").prop(6, new byte[] {0, 0, 0, 8}).end()
                .begin("c").prop(6, new byte[] {0, 0, 0, 9}).prop(0, new byte[] {0, 0, 0, 3}).end()
                .begin("d").prop(6, new byte[] {-1, -1, -1, -1}).end()
                .end().u32(Fdt.END).string("linux,phandle\0").build();
        DeviceTree t = read(blob);
        assertEquals(7, t.root().child("a").phandle());
        assertEquals(8, t.root().child("b").phandle());
        assertEquals(9, t.root().child("c").phandle(), "phandle wins over linux,phandle");
        assertEquals(0, t.root().child("d").phandle(), "0xffffffff is not a phandle");
        assertEquals(t.root().child("c"), t.nodeByPath("/c"));
    }

    @Test
    void keepsTrailingBytesOutOfTheTreeAndArbitraryNameBytes() {
        byte[] blob = new RawBlob().begin("").begin("n\u00e9").prop(0, new byte[] {1, 2, 3}).end().end()
                .u32(Fdt.END).string("w\u00ff\0").build();
        byte[] longer = java.util.Arrays.copyOf(blob, blob.length + 16);
        DeviceTree t = read(longer);
        Node n = t.root().child("n\u00e9");
        assertNotNull(n);
        assertEquals("w\u00ff", n.properties().get(0).name());
        assertArrayEquals(blob, DtbWriter.write(t));
        assertTrue(new String(blob, StandardCharsets.ISO_8859_1).contains("n\u00e9"));
    }

    @Test
    void namedRootIsAWarningOnly() {
        byte[] blob = new RawBlob().begin("root").end().u32(Fdt.END).build();
        Diagnostics d = new Diagnostics();
        DeviceTree t = DtbReader.read(blob, "t.dtb", d);
        assertNotNull(t);
        assertEquals(1, d.warningCount());
        assertEquals("dtb-format", d.all().get(0).check());
        assertArrayEquals(blob, DtbWriter.write(t));
    }
}
