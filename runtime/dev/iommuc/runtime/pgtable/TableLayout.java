package dev.iommuc.runtime.pgtable;

import java.util.List;

/**
 * The shape of one page table, for reports (SPEC §5 {@code pagetable}).
 *
 * @param granule      bytes
 * @param levels       number of levels walked
 * @param startLevel   first level (0–3 for LPAE)
 * @param pgdBytes     size of the top table
 * @param tablesPerLevel tables currently allocated at each level, from the start level down
 * @param tableBytes   all table memory currently allocated
 * @param pgsizeBitmap page and block sizes after the granule restriction
 */
public record TableLayout(long granule, int levels, int startLevel, long pgdBytes, List<Integer> tablesPerLevel,
                          long tableBytes, long pgsizeBitmap, int ias, int oas) {

    public TableLayout {
        tablesPerLevel = List.copyOf(tablesPerLevel);
    }
}
