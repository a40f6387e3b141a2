package dev.iommuc.dts;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.dtb.DtbReader;
import dev.iommuc.dtb.DtbWriter;
import dev.iommuc.dtb.Dtc;
import dev.iommuc.model.Data;
import dev.iommuc.model.DataBuilder;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Marker;
import dev.iommuc.model.MemReserve;
import dev.iommuc.model.Node;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import static dev.iommuc.dtb.Trees.bytes;
import static dev.iommuc.dtb.Trees.cells;
import static dev.iommuc.dtb.Trees.child;
import static dev.iommuc.dtb.Trees.node;
import static dev.iommuc.dtb.Trees.prop;
import static dev.iommuc.dtb.Trees.strings;
import static dev.iommuc.dtb.Trees.tree;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DtsWriterTest {

    /** The hard requirement: dtc compiles our text to the blob DtbWriter makes of the same tree. */
    private static void assertDtcAgrees(DeviceTree t) {
        Dtc.assume();
        String dts = DtsWriter.write(t);
        assertArrayEquals(DtbWriter.write(t), Dtc.dtsToDtb(dts), dts);
    }

    private static DeviceTree sample() {
        Node root = node("");
        prop(root, "compatible", strings("x"));
        Node n1 = child(root, "n1");
        prop(n1, "linux,phandle-x", cells(1));
        prop(n1, "phandle-x", cells(2));
        prop(n1, "x,cells", cells());
        prop(n1, "cells", cells());
        return tree(root, new MemReserve(0x1000, 0x2000, List.of()));
    }

    @Test
    void layoutIsDtcs() {
        String expected = "/dts-v1/;\n\n/memreserve/\t0x0000000000001000 0x0000000000002000;\n/ {\n"
                + "\tcompatible = \"x\";\n\n\tn1 {\n\t\tlinux,phandle-x = <0x01>;\n\t\tphandle-x = <0x02>;\n"
                + "\t\tx,cells;\n\t\tcells;\n\t};\n};\n";
        assertEquals(expected, DtsWriter.write(sample()));
        assertDtcAgrees(sample());
    }

    @Test
    void sameTextAsDtcDecompiling() {
        Dtc.assume();
        byte[] blob = DtbWriter.write(sample());
        DeviceTree t = DtbReader.read(blob, "s.dtb", new Diagnostics());
        assertEquals(dtcDecompile(blob), DtsWriter.write(t));
    }

    private static String dtcDecompile(byte[] blob) {
        try {
            java.nio.file.Path in = java.nio.file.Files.createTempFile("iommuc", ".dtb");
            java.nio.file.Files.write(in, blob);
            Process p = new ProcessBuilder("dtc", "-q", "-I", "dtb", "-O", "dts", in.toString()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            p.waitFor();
            java.nio.file.Files.delete(in);
            return out;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void labelsAndDeletedItems() {
        DeviceTree t = sample();
        Node n1 = t.root().child("n1");
        n1.labels().add("b");
        n1.labels().add("a");
        n1.property("cells").labels().add("pl");
        Node gone = child(t.root(), "gone");
        gone.labels().add("g");
        prop(gone, "x", cells(1));
        gone.delete();
        prop(n1, "dead", cells(3)).setDeleted(true);
        String dts = DtsWriter.write(t);
        assertTrue(dts.contains("\ta: b: n1 {\n"), dts);
        assertTrue(dts.contains("\t\tpl: cells;\n"), dts);
        assertTrue(!dts.contains("gone") && !dts.contains("dead"), dts);
        assertDtcAgrees(t);
    }

    /** Values from source keep their syntax: the type markers cut the bytes into chunks. */
    @Test
    void typeMarkersChooseChunks() {
        Node root = node("");
        Data d = new DataBuilder()
                .marker(Marker.Kind.TYPE_U16, null).integer(1, 16).integer(0xffff, 16)
                .marker(Marker.Kind.TYPE_STRING, null).bytes("a".getBytes()).u8(0)
                .marker(Marker.Kind.TYPE_U8, null).u8(1).marker(Marker.Kind.LABEL, "mid").u8(0xab)
                .marker(Marker.Kind.TYPE_U64, null).integer(0x100000000L, 64)
                .marker(Marker.Kind.TYPE_U32, null).marker(Marker.Kind.REF_PHANDLE, "ph").cell(3)
                .marker(Marker.Kind.LABEL, "in").cell(5)
                .marker(Marker.Kind.LABEL, "end").build();
        prop(root, "mixed", d);
        prop(root, "nine", new DataBuilder().marker(Marker.Kind.TYPE_STRING, null).bytes("nine".getBytes())
                .u8(0).marker(Marker.Kind.TYPE_U32, null).cell(9).build());
        DeviceTree t = tree(root);
        String dts = DtsWriter.write(t);
        assertTrue(dts.contains("\tmixed = /bits/ 16 <0x01 0xffff>, \"a\", [01 mid: ab], "
                + "/bits/ 64 <0x100000000>, <0x03 in: 0x05> end:;\n"), dts);
        assertTrue(dts.contains("\tnine = \"nine\", <0x09>;\n"), dts);
        assertDtcAgrees(t);
    }

    /** A marker whose type does not suit its bytes (e.g. an /incbin/ tail) falls back to a guess. */
    @Test
    void unsuitableMarkersFallBack() {
        Node root = node("");
        prop(root, "five", new DataBuilder().marker(Marker.Kind.TYPE_U32, null).cell(1).u8(2).build());
        prop(root, "nonul", new DataBuilder().marker(Marker.Kind.TYPE_STRING, null).bytes("ab".getBytes()).build());
        prop(root, "odd16", new DataBuilder().marker(Marker.Kind.TYPE_U16, null).u8(1).build());
        prop(root, "past", new Data(new byte[] {0, 0, 0, 1}, List.of(new Marker(Marker.Kind.TYPE_U8, 9, null),
                new Marker(Marker.Kind.LABEL, 2, "inside"))));
        DeviceTree t = tree(root);
        String dts = DtsWriter.write(t);
        assertTrue(dts.contains("\tfive = [00 00 00 01 02];\n"), dts);
        assertTrue(dts.contains("\tnonul = [61 62];\n"), dts);
        assertTrue(dts.contains("\tpast = [00 00 inside: 00 01];\n"), dts);
        assertDtcAgrees(t);
    }

    @Test
    void stringsEscapeEverythingExactly() {
        Node root = node("");
        byte[] nasty = {'a', '"', '\\', 0, '1', '7', 0, 7, 8, 9, 10, 11, 12, 13, 0x1b, (byte) 0x80, (byte) 0xff,
                '?', '\'', 0, 0};
        prop(root, "nasty", new DataBuilder().marker(Marker.Kind.TYPE_STRING, null).bytes(nasty).build());
        prop(root, "guessed", strings("tab\there", "nl\n", "x"));
        DeviceTree t = tree(root);
        String dts = DtsWriter.write(t);
        assertTrue(dts.contains("\tnasty = \"a\\\"\\\\\", \"17\", \"\\a\\b\\t\\n\\v\\f\\r\\x1b\\x80\\xff?'\", \"\";"),
                dts);
        assertTrue(dts.contains("\tguessed = \"tab\\there\", \"nl\\n\", \"x\";"), dts);
        assertDtcAgrees(t);
    }

    @Test
    void guessesLikeDtc() {
        Node root = node("");
        prop(root, "cells", cells(0x12345678, 0));
        prop(root, "mostly-nul", bytes('a', 0, 0, 0));
        prop(root, "three", bytes(1, 2, 3));
        prop(root, "empty-strings", bytes(0, 0));
        DeviceTree t = tree(root);
        String dts = DtsWriter.write(t);
        assertTrue(dts.contains("\tcells = <0x12345678 0x00>;"), dts);
        assertTrue(dts.contains("\tmostly-nul = <0x61000000>;"), dts);
        assertTrue(dts.contains("\tthree = [01 02 03];"), dts);
        assertTrue(dts.contains("\tempty-strings = [00 00];"), dts);
        assertDtcAgrees(t);
    }

    /** Random bytes under random (often unsuitable) type markers must still compile back exactly. */
    @Test
    void arbitraryBytesRoundTripThroughDtc() {
        SplittableRandom rnd = new SplittableRandom(7);
        Node root = node("");
        Marker.Kind[] kinds = {Marker.Kind.TYPE_U8, Marker.Kind.TYPE_U16, Marker.Kind.TYPE_U32,
                Marker.Kind.TYPE_U64, Marker.Kind.TYPE_STRING, Marker.Kind.LABEL, Marker.Kind.REF_PHANDLE};
        for (int i = 0; i < 300; i++) {
            DataBuilder b = new DataBuilder();
            int n = rnd.nextInt(40);
            for (int k = 0; k < n; k++) {
                if (rnd.nextInt(6) == 0) {
                    Marker.Kind kind = kinds[rnd.nextInt(kinds.length)];
                    b.marker(kind, kind == Marker.Kind.LABEL ? "l" + i + "_" + k : null);
                }
                int r = rnd.nextInt(10);
                b.u8(r < 3 ? 0 : r < 7 ? 0x20 + rnd.nextInt(0x5f) : rnd.nextInt(256));
            }
            prop(root, "p" + i, b.build());
        }
        assertDtcAgrees(tree(root));
    }

    @Test
    void deepTreesDoNotOverflowTheStack() {
        Node root = node("");
        Node cur = root;
        for (int i = 0; i < 20_000; i++) {
            cur = child(cur, "n");
        }
        prop(cur, "leaf", cells(1));
        DeviceTree t = tree(root);
        String dts = DtsWriter.write(t);
        assertTrue(dts.endsWith("\t};\n};\n"));
        byte[] blob = DtbWriter.write(t);
        assertEquals(blob.length, DtbWriter.write(t).length);
    }

    @Test
    void pluginHeader() {
        DeviceTree t = new DeviceTree(node(""), List.of(), true, 0);
        assertEquals("/dts-v1/;\n/plugin/;\n\n/ {\n};\n", DtsWriter.write(t));
    }

    @Test
    void memreserveLabels() {
        DeviceTree t = tree(node(""), new MemReserve(-1L, 0x10, List.of("r")));
        assertTrue(DtsWriter.write(t).contains("r: /memreserve/\t0xffffffffffffffff 0x0000000000000010;\n"));
        assertDtcAgrees(t);
    }
}
