package dev.iommuc.runtime.mem;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Sparse simulated physical memory: a window {@code [base, base + size)} handed out by a
 * size-aligned allocator, backed lazily by 4 KiB pages of {@code long[512]}.
 *
 * <p><b>Allocator.</b> A block of 2^k bytes (k ≥ 3) is taken from the free list of its size, else by
 * splitting the smallest larger free block (the halves not used go to the smaller lists), else from a
 * bump pointer aligned up to the size; the gap the alignment skips is cut into aligned blocks that go
 * to the free lists, so a 64-byte pgd does not waste the rest of a page. Freed blocks return to their
 * list; blocks are never merged again. Every block returned is zero.
 *
 * <p><b>Reads and writes.</b> Any 8-byte-aligned address can be read (memory that was never written
 * reads as zero, like RAM the emulator does not model) and written (a write backs its page), inside
 * the window or outside it, so a descriptor pointing anywhere can be walked. The allocated part of
 * the window, up to 256 MiB from its base, is one flat {@code long[]} grown by doubling with the bump
 * pointer, so a word access there is one bounds check and one array load (the page-table walk's hot
 * path); the rest of the window lives in 4 KiB pages in a directory indexed by page number, and
 * memory outside the window in a hash map of pages. Freeing a block zeroes it (pages it covers whole
 * outside the flat part are dropped).
 *
 * <p><b>Counts.</b> {@link #bytesAllocated()} and {@link #blocksAllocated()} count live allocations
 * (what reports call "table bytes"), {@link #peakBytesAllocated()} the high-water mark.
 *
 * <p><b>Threads.</b> Not thread-safe: an instance is confined to one thread at a time (the runtime
 * executes a plan on one thread; hand an instance to another thread only through a safe publication).
 * Misuse of the API (a size that is not a power of two ≥ 8, a misaligned word, freeing a block that
 * is not allocated) throws {@link IllegalArgumentException}; running out of the window throws
 * {@link OutOfPhysMemoryException}.
 */
public final class SimulatedMemory implements PhysMemory {

    /** Default start of the window: where DRAM starts on most arm64 boards. */
    public static final long DEFAULT_BASE = 0x8000_0000L;
    /** Default window size: 64 GiB of address space (only what is written is backed). */
    public static final long DEFAULT_SIZE = 1L << 36;

    /** The flat part of the window grows up to this many bytes by default. */
    static final long FLAT_MAX = 1L << 28;
    private static final int PAGE_SHIFT = 12;
    private static final long PAGE = 1L << PAGE_SHIFT;
    private static final int WORD_MASK = (int) (PAGE / 8) - 1;

    private final long base;
    private final long end;
    private final long flatMax;
    /** Words of [base, base + flatBytes). */
    private long[] flat = new long[(int) (PAGE / 8)];
    private long flatBytes = PAGE;
    /** Pages of the rest of the window by index {@code (pa - base) >> 12}; grown on demand. */
    private long[][] pages = new long[256][];
    /** {@code pages.length << 12}: word accesses with {@code pa - base} below it hit the directory. */
    private long directoryBytes = 256L << PAGE_SHIFT;
    private final Map<Long, long[]> outside = new HashMap<>();

    private long top;
    private final long[][] freeLists = new long[64][];
    private final int[] freeCounts = new int[64];
    /** Live blocks: PA → log2(size). */
    private final Map<Long, Integer> live = new HashMap<>();
    private long bytes;
    private long blocks;
    private long peakBytes;

    public SimulatedMemory() {
        this(DEFAULT_BASE, DEFAULT_SIZE);
    }

    /** A window of {@code size} bytes at {@code base}; both multiples of 4 KiB. */
    public SimulatedMemory(long base, long size) {
        this(base, size, FLAT_MAX);
    }

    /** As {@link #SimulatedMemory(long, long)}, with the flat part limited to {@code flatMax} bytes (tests). */
    SimulatedMemory(long base, long size, long flatMax) {
        if (base < 0 || size <= 0 || (base & (PAGE - 1)) != 0 || (size & (PAGE - 1)) != 0
                || base + size < base || flatMax < PAGE || flatMax > FLAT_MAX || (flatMax & (flatMax - 1)) != 0) {
            throw new IllegalArgumentException(String.format("bad memory window 0x%x + 0x%x", base, size));
        }
        this.flatMax = flatMax;
        this.base = base;
        this.end = base + size;
        this.top = base;
    }

    @Override
    public long alloc(long size) {
        if (size < 8 || (size & (size - 1)) != 0) {
            throw new IllegalArgumentException("allocation size must be a power of two >= 8: " + size);
        }
        int k = Long.numberOfTrailingZeros(size);
        long pa = takeFree(k);
        if (pa < 0) {
            pa = bump(size);
        }
        zero(pa, size);
        live.put(pa, k);
        bytes += size;
        blocks++;
        peakBytes = Math.max(peakBytes, bytes);
        return pa;
    }

    @Override
    public void free(long pa, long size) {
        Integer k = live.get(pa);
        if (k == null) {
            throw new IllegalArgumentException(String.format("free of 0x%x: not an allocated block", pa));
        }
        if (size != 1L << k) {
            throw new IllegalArgumentException(String.format(
                    "free of 0x%x with size 0x%x: the block has size 0x%x", pa, size, 1L << k));
        }
        live.remove(pa);
        scrub(pa, size);
        push(k, pa);
        bytes -= size;
        blocks--;
    }

    @Override
    public long read64(long pa) {
        long off = pa - base;
        if (off >= 0 && off < flatBytes && (off & 7) == 0) {
            return flat[(int) (off >>> 3)];
        }
        return slowRead(pa);
    }

    @Override
    public void write64(long pa, long value) {
        long off = pa - base;
        if (off >= 0 && off < flatBytes && (off & 7) == 0) {
            flat[(int) (off >>> 3)] = value;
            return;
        }
        slowWrite(pa, value);
    }

    @Override
    public long bytesAllocated() {
        return bytes;
    }

    @Override
    public long blocksAllocated() {
        return blocks;
    }

    /** The highest {@link #bytesAllocated()} so far. */
    public long peakBytesAllocated() {
        return peakBytes;
    }

    public long base() {
        return base;
    }

    /** First address after the window. */
    public long end() {
        return end;
    }

    /** Whether {@code pa} is the start of a live block. */
    public boolean isAllocated(long pa) {
        return live.containsKey(pa);
    }

    private long slowRead(long pa) {
        checkAligned(pa);
        long[] page = page(pa, false);
        return page == null ? 0 : page[(int) (pa >>> 3) & WORD_MASK];
    }

    private void slowWrite(long pa, long value) {
        checkAligned(pa);
        page(pa, true)[(int) (pa >>> 3) & WORD_MASK] = value;
    }

    /** Grows the flat part to cover [base, limit) (up to flatMax), moving directory pages into it. */
    private void growFlat(long limit) {
        long want = Math.min(flatMax, Math.min(end - base, limit - base));
        if (want <= flatBytes) {
            return;
        }
        long bytes = flatBytes;
        while (bytes < want) {
            bytes <<= 1;
        }
        bytes = Math.min(bytes, Math.min(flatMax, end - base));
        long[] grown = Arrays.copyOf(flat, (int) (bytes >>> 3));
        for (long off = flatBytes; off < bytes && off < directoryBytes; off += PAGE) {
            int index = (int) (off >>> PAGE_SHIFT);
            if (pages[index] != null) {
                System.arraycopy(pages[index], 0, grown, (int) (off >>> 3), WORD_MASK + 1);
                pages[index] = null;
            }
        }
        flat = grown;
        flatBytes = bytes;
    }

    private static void checkAligned(long pa) {
        if ((pa & 7) != 0) {
            throw new IllegalArgumentException(String.format("unaligned 64-bit access at 0x%x", pa));
        }
    }

    /** The backing page of {@code pa}, created when {@code create}; null when absent. */
    private long[] page(long pa, boolean create) {
        long off = pa - base;
        if (pa >= base && pa < end) {
            int index = (int) (off >>> PAGE_SHIFT);
            if (index >= pages.length) {
                if (!create) {
                    return null;
                }
                int n = pages.length;
                while (n <= index) {
                    n <<= 1;
                }
                pages = Arrays.copyOf(pages, n);
                directoryBytes = (long) n << PAGE_SHIFT;
            }
            long[] page = pages[index];
            if (page == null && create) {
                page = new long[WORD_MASK + 1];
                pages[index] = page;
            }
            return page;
        }
        long key = pa >>> PAGE_SHIFT;
        long[] page = outside.get(key);
        if (page == null && create) {
            page = new long[WORD_MASK + 1];
            outside.put(key, page);
        }
        return page;
    }

    /** Zeroes whatever backing [pa, pa + size) has. */
    private void zero(long pa, long size) {
        clear(pa, size, false);
    }

    /** Zeroes [pa, pa + size), dropping the pages outside the flat part that it covers whole. */
    private void scrub(long pa, long size) {
        clear(pa, size, size >= PAGE);
    }

    private void clear(long pa, long size, boolean drop) {
        long off = pa - base;
        long from = Math.max(off, 0);
        long to = Math.min(off + size, flatBytes);
        if (from < to) {
            Arrays.fill(flat, (int) (from >>> 3), (int) (to >>> 3), 0L);
        }
        for (long p = pa; p < pa + size; p = (p | (PAGE - 1)) + 1) {
            long poff = p - base;
            if (poff >= 0 && poff < flatBytes) {
                continue;
            }
            long[] page = page(p, false);
            if (page == null) {
                continue;
            }
            if (drop) {
                if (poff >= 0 && p < end) {
                    pages[(int) (poff >>> PAGE_SHIFT)] = null;
                } else {
                    outside.remove(p >>> PAGE_SHIFT);
                }
            } else {
                int first = (int) (p >>> 3) & WORD_MASK;
                int last = (int) Math.min(PAGE / 8, first + (pa + size - p) / 8);
                Arrays.fill(page, first, last, 0L);
            }
        }
    }

    /** A free block of 2^k bytes, splitting a larger one if needed; -1 if none. */
    private long takeFree(int k) {
        for (int j = k; j < 64; j++) {
            if (freeCounts[j] > 0) {
                long pa = freeLists[j][--freeCounts[j]];
                for (int m = j - 1; m >= k; m--) {
                    push(m, pa + (1L << m));
                }
                return pa;
            }
        }
        return -1;
    }

    private long bump(long size) {
        long aligned = (top + size - 1) & -size;
        if (aligned < top || aligned > end - size) {
            throw new OutOfPhysMemoryException(size, String.format(
                    "simulated memory [0x%x, 0x%x) has no free block of 0x%x bytes (0x%x allocated)",
                    base, end, size, bytes));
        }
        // the skipped gap becomes free blocks, each as large as its alignment allows
        for (long p = top; p < aligned; ) {
            long piece = Long.lowestOneBit(p);
            while (p + piece > aligned) {
                piece >>>= 1;
            }
            push(Long.numberOfTrailingZeros(piece), p);
            p += piece;
        }
        top = aligned + size;
        growFlat(top);
        return aligned;
    }

    private void push(int k, long pa) {
        long[] list = freeLists[k];
        if (list == null) {
            list = new long[16];
            freeLists[k] = list;
        } else if (freeCounts[k] == list.length) {
            list = Arrays.copyOf(list, list.length * 2);
            freeLists[k] = list;
        }
        list[freeCounts[k]++] = pa;
    }
}
