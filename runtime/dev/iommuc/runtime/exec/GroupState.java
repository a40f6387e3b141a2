package dev.iommuc.runtime.exec;

import java.util.List;

/** An IOMMU group: the masters that must share a domain, and its default domain. */
public record GroupState(String id, List<String> iommus, List<String> members, String defaultDomain) {

    public GroupState {
        iommus = List.copyOf(iommus);
        members = List.copyOf(members);
    }
}
