package dev.iommuc.resolve;

import java.util.List;

/**
 * Every IOMMU fact of a board before any policy decision: the providers (in DT pre-order) and
 * the masters (in DT pre-order of the node that states the stream, the order Linux probes them).
 */
public record Topology(List<Provider> providers, List<Master> masters) {

    public Topology {
        providers = List.copyOf(providers);
        masters = List.copyOf(masters);
    }

    public Provider provider(String path) {
        for (Provider p : providers) {
            if (p.path().equals(path)) {
                return p;
            }
        }
        return null;
    }
}
