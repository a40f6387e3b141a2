package dev.iommuc.dtb;

import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.MemReserve;
import dev.iommuc.model.Node;
import dev.iommuc.model.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static dev.iommuc.dtb.Trees.cells;
import static dev.iommuc.dtb.Trees.child;
import static dev.iommuc.dtb.Trees.node;
import static dev.iommuc.dtb.Trees.prop;
import static dev.iommuc.dtb.Trees.strings;
import static dev.iommuc.dtb.Trees.tree;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DtbWriterTest {

    /** The tree of {@link #SAMPLE_DTS}, built in code. */
    static DeviceTree sample() {
        Node root = node("");
        prop(root, "compatible", strings("x"));
        Node n1 = child(root, "n1");
        prop(n1, "linux,phandle-x", cells(1));
        prop(n1, "phandle-x", cells(2));
        prop(n1, "x,cells", cells());
        prop(n1, "cells", cells());
        return tree(root, new MemReserve(0x1000, 0x2000, List.of()));
    }

    static final String SAMPLE_DTS = "/dts-v1/;\n/memreserve/ 0x1000 0x2000;\n/ {\n\tcompatible = \"x\";\n"
            + "\tn1 { linux,phandle-x = <1>; phandle-x = <2>; x,cells; cells; };\n};\n";

    private static int u32(byte[] b, int off) {
        return ByteBuffer.wrap(b).getInt(off);
    }

    @Test
    void stringsBlockSharesSuffixesAsDtcDoes() {
        byte[] blob = DtbWriter.write(sample());
        int off = u32(blob, 12);
        int size = u32(blob, 32);
        // phandle-x reuses linux,phandle-x + 6 and cells reuses x,cells + 2: only three names are stored.
        assertEquals("compatible\0linux,phandle-x\0x,cells\0",
                new String(blob, off, size, StandardCharsets.ISO_8859_1));
    }

    @Test
    void stringTableReusesTheFirstMatchingTail() {
        StringTable t = new StringTable();
        assertEquals(0, t.offsetOf("linux,phandle"));
        assertEquals(6, t.offsetOf("phandle"));
        assertEquals(13, t.offsetOf(""));
        assertEquals(14, t.offsetOf("a,phandle"));
        assertEquals(6, t.offsetOf("phandle"));
        assertEquals(24, t.size());
    }

    @Test
    void headerAndLayoutMatchReference() {
        byte[] blob = DtbWriter.write(sample());
        assertEquals(0xd00dfeed, u32(blob, 0));
        assertEquals(blob.length, u32(blob, 4));
        assertEquals(0x28 + 2 * 16, u32(blob, 8), "off_dt_struct after one entry and the terminator");
        assertEquals(0x28, u32(blob, 16));
        assertEquals(17, u32(blob, 20));
        assertEquals(16, u32(blob, 24));
        assertEquals(u32(blob, 8) + u32(blob, 36), u32(blob, 12), "strings follow the structure block");
    }

    @Test
    void sampleIsByteIdenticalToDtc() {
        Dtc.assume();
        assertArrayEquals(Dtc.dtsToDtb(SAMPLE_DTS), DtbWriter.write(sample()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-V 16", "-R 2", "-p 10", "-S 400", "-S 10", "-a 64", "-S 400 -a 64", "-p 5 -a 16",
            "-R 1 -V 16 -p 3"})
    void optionsMatchDtc(String args) {
        Dtc.assume();
        DtbOptions opt = DtbOptions.DEFAULT;
        String[] a = args.split(" ");
        for (int i = 0; i < a.length; i += 2) {
            int v = Integer.parseInt(a[i + 1]);
            switch (a[i]) {
                case "-V": opt = opt.withVersion(v); break;
                case "-R": opt = opt.withReserveExtra(v); break;
                case "-p": opt = opt.withPad(v); break;
                case "-S": opt = opt.withMinSize(v); break;
                case "-a": opt = opt.withAlign(v); break;
                default: throw new IllegalArgumentException(a[i]);
            }
        }
        assertArrayEquals(Dtc.dtsToDtb(SAMPLE_DTS, a), DtbWriter.write(sample(), opt), args);
    }

    @Test
    void optionsRejectWhatDtcRejects() {
        assertThrows(IllegalArgumentException.class, () -> DtbOptions.DEFAULT.withVersion(3));
        assertThrows(IllegalArgumentException.class, () -> DtbOptions.DEFAULT.withAlign(3));
        assertThrows(IllegalArgumentException.class, () -> DtbOptions.DEFAULT.withPad(4).withMinSize(8));
    }

    @Test
    void deletedNodesAndPropertiesAreLeftOut() {
        DeviceTree t = sample();
        Node n1 = t.root().child("n1");
        Node gone = child(t.root(), "gone");
        prop(gone, "only-here", cells(7));
        gone.delete();
        Property p = prop(n1, "deleted-prop", cells(9));
        p.setDeleted(true);
        assertArrayEquals(DtbWriter.write(sample()), DtbWriter.write(t));
    }

    @Test
    void bootCpuidComesFromTheTree() {
        DeviceTree t = sample();
        t.setBootCpuidPhys(0x101);
        assertEquals(0x101, u32(DtbWriter.write(t), 28));
        if (Dtc.available()) {
            byte[] ref = Dtc.dtsToDtb(SAMPLE_DTS, "-b", "0x101");
            assertArrayEquals(ref, DtbWriter.write(t));
        }
    }

    @Test
    void emptyRootAndOddNamesAndValues() {
        Dtc.assume();
        Node root = node("");
        Node a = child(root, "a@1,2");
        prop(a, "#size-cells", cells(0));
        prop(a, "odd", Trees.bytes(1, 2, 3));
        child(a, "b_c+d.e-f");
        child(root, "empty");
        String dts = "/dts-v1/;\n/ { a@1,2 { #size-cells = <0>; odd = [01 02 03]; b_c+d.e-f { }; }; empty { }; };\n";
        byte[] ours = DtbWriter.write(tree(root));
        assertArrayEquals(Dtc.dtsToDtb(dts), ours);
        assertEquals(-1, Arrays.mismatch(ours, DtbWriter.write(tree(root))), "deterministic");
    }
}
