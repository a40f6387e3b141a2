package dev.iommuc.runtime.mem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedMemoryTest {

    @ParameterizedTest
    @ValueSource(longs = {8, 16, 64, 4096, 16384, 65536, 1 << 18})
    void allocationsAreSizeAlignedAndInTheWindow(long size) {
        SimulatedMemory mem = new SimulatedMemory();
        for (int i = 0; i < 5; i++) {
            long pa = mem.alloc(size);
            assertEquals(0, pa & (size - 1), "aligned");
            assertTrue(pa >= SimulatedMemory.DEFAULT_BASE && pa + size <= mem.end());
        }
        assertEquals(5 * size, mem.bytesAllocated());
        assertEquals(5, mem.blocksAllocated());
    }

    @Test
    void firstBlockIsAtTheBase() {
        assertEquals(0x8000_0000L, new SimulatedMemory().alloc(4096));
        assertEquals(0x4000_0000L, new SimulatedMemory(0x4000_0000L, 1 << 20).alloc(64));
    }

    @Test
    void theAlignmentGapIsReusedForSmallerBlocks() {
        SimulatedMemory mem = new SimulatedMemory();
        long pgd = mem.alloc(64);
        long table = mem.alloc(4096);
        assertEquals(0x8000_0000L, pgd);
        assertEquals(0x8000_1000L, table);
        // the 4032 bytes between them are handed out before the bump pointer moves on
        long small = mem.alloc(64);
        assertTrue(small > pgd && small < table, Long.toHexString(small));
        assertEquals(0x8000_2000L, mem.alloc(4096));
    }

    @Test
    void blocksDoNotOverlap() {
        SimulatedMemory mem = new SimulatedMemory();
        SplittableRandom rnd = new SplittableRandom(7);
        List<long[]> live = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            if (!live.isEmpty() && rnd.nextInt(3) == 0) {
                long[] b = live.remove(rnd.nextInt(live.size()));
                mem.free(b[0], b[1]);
            } else {
                long size = 8L << rnd.nextInt(14);
                live.add(new long[] {mem.alloc(size), size});
            }
        }
        live.sort((a, b) -> Long.compare(a[0], b[0]));
        long bytes = 0;
        for (int i = 0; i < live.size(); i++) {
            bytes += live.get(i)[1];
            if (i > 0) {
                long[] prev = live.get(i - 1);
                assertTrue(prev[0] + prev[1] <= live.get(i)[0], "overlap");
            }
        }
        assertEquals(bytes, mem.bytesAllocated());
        assertEquals(live.size(), mem.blocksAllocated());
    }

    @Test
    void freedBlocksComeBackZeroed() {
        SimulatedMemory mem = new SimulatedMemory();
        long a = mem.alloc(4096);
        long b = mem.alloc(64);
        for (long pa = a; pa < a + 4096; pa += 8) {
            mem.write64(pa, ~pa);
        }
        mem.write64(b + 56, 42);
        mem.free(a, 4096);
        mem.free(b, 64);
        assertEquals(0, mem.bytesAllocated());
        assertEquals(0, mem.blocksAllocated());
        assertEquals(a, mem.alloc(4096), "reused");
        assertEquals(b, mem.alloc(64), "reused");
        for (long pa = a; pa < a + 4096; pa += 8) {
            assertEquals(0, mem.read64(pa));
        }
        assertEquals(0, mem.read64(b + 56));
        assertEquals(4096 + 64, mem.peakBytesAllocated());
    }

    @Test
    void aLargeFreeBlockIsSplitForSmallerOnes() {
        SimulatedMemory mem = new SimulatedMemory();
        long big = mem.alloc(1 << 16);
        mem.free(big, 1 << 16);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 16; i++) {
            long pa = mem.alloc(4096);
            assertTrue(pa >= big && pa < big + (1 << 16), "from the freed block");
            assertTrue(seen.add(pa));
        }
    }

    @Test
    void readsAndWrites() {
        SimulatedMemory mem = new SimulatedMemory();
        long pa = mem.alloc(4096);
        mem.write64(pa + 8, 0x0123_4567_89AB_CDEFL);
        assertEquals(0x0123_4567_89AB_CDEFL, mem.read64(pa + 8));
        assertEquals(0, mem.read64(pa));
        // unallocated memory reads as zero and can be written, inside the window and outside it
        assertEquals(0, mem.read64(0x1_0000_0000L));
        assertEquals(0, mem.read64(0x1000));
        mem.write64(0x1000, 5);
        mem.write64(0x7_0000_0000L, 6);
        assertEquals(5, mem.read64(0x1000));
        assertEquals(6, mem.read64(0x7_0000_0000L));
        assertEquals(4096, mem.bytesAllocated(), "writes allocate nothing");
        // a stray write into memory that is allocated later does not leak into the block
        long next = mem.alloc(4096);
        mem.free(next, 4096);
        mem.write64(next, 99);
        assertEquals(0, mem.read64(mem.alloc(4096)));
    }

    /** Blocks past the flat part, and across its end, behave the same (a 16 KiB flat part here). */
    @Test
    void pastTheFlatPart() {
        SimulatedMemory mem = new SimulatedMemory(0x8000_1000L, 1 << 20, 16384);
        List<Long> blocks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long pa = mem.alloc(8192);
            blocks.add(pa);
            for (long w = pa; w < pa + 8192; w += 8) {
                assertEquals(0, mem.read64(w));
                mem.write64(w, w);
            }
        }
        mem.write64(mem.end() - 8, 77); // unallocated, in the window, past the flat part
        for (long pa : blocks) {
            assertEquals(pa + 4096, mem.read64(pa + 4096));
            mem.free(pa, 8192);
        }
        for (int i = 0; i < 12; i++) {
            long pa = mem.alloc(8192);
            for (long w = pa; w < pa + 8192; w += 8) {
                assertEquals(0, mem.read64(w), "zeroed");
            }
        }
        assertEquals(77, mem.read64(mem.end() - 8));
        assertEquals(12 * 8192, mem.bytesAllocated());
    }

    @Test
    void programmingErrorsAreIllegalArguments() {
        SimulatedMemory mem = new SimulatedMemory();
        assertThrows(IllegalArgumentException.class, () -> mem.alloc(0));
        assertThrows(IllegalArgumentException.class, () -> mem.alloc(4));
        assertThrows(IllegalArgumentException.class, () -> mem.alloc(24));
        assertThrows(IllegalArgumentException.class, () -> mem.alloc(-4096));
        long pa = mem.alloc(4096);
        assertThrows(IllegalArgumentException.class, () -> mem.read64(pa + 4));
        assertThrows(IllegalArgumentException.class, () -> mem.write64(pa + 1, 0));
        assertThrows(IllegalArgumentException.class, () -> mem.free(pa, 64), "wrong size");
        assertThrows(IllegalArgumentException.class, () -> mem.free(pa + 64, 64), "not a block");
        mem.free(pa, 4096);
        assertThrows(IllegalArgumentException.class, () -> mem.free(pa, 4096), "double free");
        assertFalse(mem.isAllocated(pa));
        assertThrows(IllegalArgumentException.class, () -> new SimulatedMemory(0x123, 4096));
        assertThrows(IllegalArgumentException.class, () -> new SimulatedMemory(0, 0));
    }

    @Test
    void runningOutIsNotAProgrammingError() {
        SimulatedMemory mem = new SimulatedMemory(0x8000_0000L, 16384);
        mem.alloc(8192);
        mem.alloc(4096);
        mem.alloc(4096);
        OutOfPhysMemoryException e = assertThrows(OutOfPhysMemoryException.class, () -> mem.alloc(8));
        assertEquals(8, e.size());
        assertThrows(OutOfPhysMemoryException.class, () -> new SimulatedMemory(0, 4096).alloc(8192));
        assertEquals(16384, mem.bytesAllocated());
    }
}
