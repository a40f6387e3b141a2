package dev.iommuc.runtime.exec;

import java.util.List;

/**
 * A domain after the run. {@code contextBank} is the SMMUv2 bank (null for identity/blocked domains
 * and other families); {@code pagetable} null when the domain has none.
 */
public record DomainState(String id, String type, List<String> iommus, Integer contextBank, PageTableState pagetable) {

    public DomainState {
        iommus = List.copyOf(iommus);
    }

    /** The layout of a domain's page table (SPEC §5 {@code pagetable}). */
    public record PageTableState(String format, long granule, int ias, int oas, int levels, int startLevel,
                                 long pgdBytes, List<String> ranges, List<Integer> tablesPerLevel, long tableBytes) {

        public PageTableState {
            ranges = List.copyOf(ranges);
            tablesPerLevel = List.copyOf(tablesPerLevel);
        }
    }
}
