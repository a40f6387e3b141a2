package dev.iommuc.model;

import java.util.List;

/** One {@code /memreserve/} entry (address, size) with its labels. */
public record MemReserve(long address, long size, List<String> labels) {
    public MemReserve {
        labels = List.copyOf(labels);
    }
}
