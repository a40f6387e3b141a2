package dev.iommuc.policy;

import dev.iommuc.diag.SourcePos;

import java.util.List;

/** Masters that share one default domain, possibly across several IOMMU instances of one type. */
public record Herd(String name, List<Selector> masters, SourcePos pos) {

    public Herd {
        masters = List.copyOf(masters);
    }
}
