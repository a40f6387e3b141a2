package dev.iommuc.dtb;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.Severity;
import dev.iommuc.model.DeviceTree;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Malformed blobs: each yields one {@code dtb-format} error at the byte offset of the bad field. */
class CorruptDtbTest {

    private static final byte[] GOOD = DtbWriter.write(DtbWriterTest.sample());

    /** Reads {@code blob}, expects failure, and checks the diagnostic's offset and wording. */
    private static Diagnostic expectError(byte[] blob, int offset, String words) {
        Diagnostics d = new Diagnostics();
        DeviceTree t = DtbReader.read(blob, "bad.dtb", d);
        assertNull(t, "corrupt blob must not produce a tree");
        assertEquals(1, d.errorCount(), d.all().toString());
        Diagnostic e = d.all().get(0);
        assertEquals(Severity.ERROR, e.severity());
        assertEquals("dtb-format", e.check());
        assertEquals("bad.dtb", e.pos().file());
        assertEquals(0, e.pos().line(), "line 0 marks a binary file");
        assertEquals(offset + 1, e.pos().col(), e.message());
        assertTrue(e.message().contains(words), e.message());
        return e;
    }

    @Test
    void emptyFile() {
        expectError(new byte[0], 0, "truncated header");
    }

    @Test
    void truncatedHeader() {
        expectError(Arrays.copyOf(GOOD, 20), 20, "truncated header");
        expectError(Arrays.copyOf(GOOD, 38), 38, "truncated header: file is 38 bytes, a v17 header needs 40");
    }

    @Test
    void badMagic() {
        expectError(RawBlob.setU32(GOOD, 0, 0xfeedd00d), 0, "bad magic 0xfeedd00d");
    }

    @Test
    void versionBelow16() {
        expectError(RawBlob.setU32(GOOD, 20, 15), 20, "unsupported version 15");
    }

    @Test
    void incompatibleLastCompVersion() {
        expectError(RawBlob.setU32(GOOD, 24, 18), 24, "last_comp_version 18");
    }

    @Test
    void totalsizeBeyondFile() {
        expectError(Arrays.copyOf(GOOD, GOOD.length - 1), 4,
                "truncated: totalsize 0x" + Integer.toHexString(GOOD.length) + " exceeds file size 0x"
                        + Integer.toHexString(GOOD.length - 1));
    }

    @Test
    void hugeDeclaredSizes() {
        expectError(RawBlob.setU32(GOOD, 4, 0xffffffff), 4, "totalsize 0xffffffff exceeds");
        expectError(RawBlob.setU32(GOOD, 32, 0xfffffff0), 32, "size_dt_strings");
        expectError(RawBlob.setU32(GOOD, 36, 0xfffffff0), 36, "size_dt_struct");
    }

    @Test
    void structBlockOutside() {
        expectError(RawBlob.setU32(GOOD, 8, GOOD.length + 8), 8, "off_dt_struct");
        expectError(RawBlob.setU32(GOOD, 8, 0x10), 8, "off_dt_struct 0x10 outside");
        expectError(RawBlob.setU32(GOOD, 8, 0x3a), 8, "not 4-byte aligned");
        expectError(RawBlob.setU32(GOOD, 12, GOOD.length + 1), 12, "off_dt_strings");
    }

    @Test
    void misalignedReservationMap() {
        expectError(RawBlob.setU32(GOOD, 16, 0x2c), 16, "off_mem_rsvmap 0x2c is not 8-byte aligned");
    }

    @Test
    void reservationMapWithoutTerminator() {
        // Point the map at the last 8 bytes: no room for a 16-byte entry.
        int at = (GOOD.length - 8) & ~7;
        expectError(RawBlob.setU32(GOOD, 16, at), at, "without a terminating entry");
    }

    @Test
    void badNameOffset() {
        RawBlob r = new RawBlob().begin("");
        int field = r.here() + 8;
        byte[] blob = r.prop(0x1000, new byte[4]).end().u32(Fdt.END).string("a\0").build();
        expectError(blob, field, "property name offset 0x1000 outside strings block");
    }

    @Test
    void unterminatedPropertyName() {
        RawBlob r = new RawBlob().begin("");
        int field = r.here() + 8;
        byte[] blob = r.prop(0, new byte[0]).end().u32(Fdt.END).string("abc").build();
        expectError(blob, field, "not NUL-terminated inside the strings block");
    }

    @Test
    void unterminatedNodeName() {
        RawBlob r = new RawBlob().begin("").u32(Fdt.BEGIN_NODE);
        int name = r.here();
        byte[] blob = r.raw("abcdefgh".getBytes()).build();
        expectError(blob, name, "node name at 0x" + Integer.toHexString(name) + " is not NUL-terminated");
    }

    @Test
    void missingEnd() {
        RawBlob r = new RawBlob().begin("").end();
        int at = r.here();
        expectError(r.build(), at, "missing FDT_END");
    }

    @Test
    void missingEndNode() {
        RawBlob r = new RawBlob().begin("").begin("child").end();
        int at = r.here();
        expectError(r.u32(Fdt.END).build(), at, "FDT_END before the root node was closed (1 FDT_END_NODE missing)");
        RawBlob s = new RawBlob().begin("").begin("child");
        int end = s.here();
        expectError(s.build(), end, "structure block ends inside node /child (2 FDT_END_NODE missing)");
    }

    @Test
    void unbalancedEndNode() {
        RawBlob r = new RawBlob().begin("").end();
        int at = r.here();
        expectError(r.end().u32(Fdt.END).build(), at, "FDT_END_NODE without a matching FDT_BEGIN_NODE");
    }

    @Test
    void propertyLengthOverflow() {
        RawBlob r = new RawBlob().begin("").u32(Fdt.PROP);
        int len = r.here();
        byte[] blob = r.u32(0x7fffffff).u32(0).end().u32(Fdt.END).string("a\0").build();
        expectError(blob, len, "property length 0x7fffffff runs past the end of the structure block");
        RawBlob s = new RawBlob().begin("").u32(Fdt.PROP);
        int len2 = s.here();
        expectError(s.u32(0xffffffff).u32(0).build(), len2, "property length 0xffffffff");
    }

    @Test
    void unknownTokenAndStrayTokens() {
        RawBlob r = new RawBlob().begin("");
        int at = r.here();
        expectError(r.u32(7).end().u32(Fdt.END).build(), at, "unknown structure block token 0x7");
        RawBlob s = new RawBlob();
        expectError(s.u32(Fdt.PROP).u32(0).u32(0).u32(Fdt.END).string("a\0").build(), RawBlob.STRUCT,
                "FDT_PROP outside any node");
        RawBlob t = new RawBlob().begin("").end();
        int second = t.here();
        expectError(t.begin("").end().u32(Fdt.END).build(), second, "after the root node was closed");
    }

    @Test
    void noRootNode() {
        expectError(new RawBlob().u32(Fdt.NOP).build(), RawBlob.STRUCT + 4,
                "structure block ends before the root node");
        expectError(new RawBlob().u32(Fdt.END).build(), RawBlob.STRUCT, "FDT_END before the root node");
    }

    @Test
    void nestingTooDeep() {
        RawBlob r = new RawBlob();
        for (int i = 0; i < DtbReader.MAX_DEPTH; i++) {
            r.begin("");
        }
        int at = r.here();
        expectError(r.begin("").build(), at, "nested deeper than 1024");
    }

    @Test
    void deepButLegalNestingReads() {
        RawBlob r = new RawBlob();
        for (int i = 0; i < DtbReader.MAX_DEPTH; i++) {
            r.begin(i == 0 ? "" : "n");
        }
        for (int i = 0; i < DtbReader.MAX_DEPTH; i++) {
            r.end();
        }
        byte[] blob = r.u32(Fdt.END).build();
        Diagnostics d = new Diagnostics();
        DeviceTree t = DtbReader.read(blob, "deep.dtb", d);
        assertNotNull(t, d.all().toString());
        assertEquals(-1, Arrays.mismatch(blob, DtbWriter.write(t)));
    }

    /**
     * A cheap stand-in for the Jazzer target between fuzzing runs: random byte and field mutations of a
     * real blob must either read or produce a dtb-format error, never throw.
     */
    @Test
    void randomMutationsNeverThrow() {
        SplittableRandom rnd = new SplittableRandom(42);
        int failures = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b = GOOD.clone();
            int edits = 1 + rnd.nextInt(4);
            for (int k = 0; k < edits; k++) {
                int off = rnd.nextInt(b.length);
                if (rnd.nextBoolean()) {
                    b[off] = (byte) rnd.nextInt(256);
                } else if (off + 4 <= b.length) {
                    int[] interesting = {0, 1, 2, 3, 4, 9, -1, 0x7fffffff, 0x80000000, b.length, b.length + 1};
                    b = RawBlob.setU32(b, off & ~3, interesting[rnd.nextInt(interesting.length)]);
                }
            }
            if (rnd.nextInt(8) == 0) {
                b = Arrays.copyOf(b, rnd.nextInt(b.length + 1));
            }
            Diagnostics d = new Diagnostics();
            DeviceTree t = DtbReader.read(b, "fuzz.dtb", d);
            if (t == null) {
                failures++;
                assertTrue(d.hasErrors());
                assertEquals("dtb-format", d.all().get(0).check());
            } else {
                DtbWriter.write(t);
            }
        }
        assertTrue(failures > 1000, "mutations should mostly break the blob: " + failures);
    }
}
