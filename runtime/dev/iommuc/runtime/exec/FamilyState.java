package dev.iommuc.runtime.exec;

import java.util.List;
import java.util.Map;

/**
 * What one family hands {@link ResultBuilder} after a run. Groups and domains are named by keys the
 * family chooses (unique within the run: prefix them with the family and instance); a domain key equal
 * to a plan domain's name is that driver domain. ResultBuilder renames the rest {@code g0}, {@code d0}, …
 * in the order the plan's masters reach them, so report names do not depend on the families.
 *
 * @param iommus       per IOMMU id this family owns: its emulated state
 * @param masterGroup  master id → group key, for every master added
 * @param masterDomain master id → key of the domain it is attached to now (null entry: none)
 * @param groups       group key → group
 * @param domains      domain key → domain, in allocation order
 */
public record FamilyState(Map<String, Iommu> iommus, Map<String, String> masterGroup,
                          Map<String, String> masterDomain, Map<String, Group> groups,
                          Map<String, Domain> domains) {

    public FamilyState {
        iommus = copy(iommus);
        masterGroup = copy(masterGroup);
        masterDomain = copy(masterDomain);
        groups = copy(groups);
        domains = copy(domains);
    }

    private static <K, V> Map<K, V> copy(Map<K, V> m) {
        return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(m));
    }

    /**
     * One IOMMU instance. Stream entries carry group keys and context banks domain keys.
     *
     * @param emulation {@code register} or {@code generic}
     * @param probed    the driver's probe succeeded
     * @param registers global registers and in-memory structures the driver set up (SMMUv2 sCR0/IDRs,
     *                  SMMUv3 STRTAB_BASE/_CFG and the stream table's shape, …), by name
     */
    public record Iommu(String emulation, boolean probed, List<IommuState.StreamEntry> streamMap,
                        List<IommuState.ContextBank> contextBanks, Map<String, Long> registers) {

        public Iommu {
            streamMap = List.copyOf(streamMap);
            contextBanks = List.copyOf(contextBanks);
            registers = copy(registers);
        }

        public Iommu(String emulation, boolean probed, List<IommuState.StreamEntry> streamMap,
                     List<IommuState.ContextBank> contextBanks) {
            this(emulation, probed, streamMap, contextBanks, Map.of());
        }
    }

    /** A group: the IOMMUs it spans, its members in join order, its default domain key. */
    public record Group(List<String> iommus, List<String> members, String defaultDomain) {

        public Group {
            iommus = List.copyOf(iommus);
            members = List.copyOf(members);
        }
    }

    /** A domain: type name, IOMMUs it is attached through, SMMUv2 bank (or null), table layout (or null). */
    public record Domain(String type, List<String> iommus, Integer contextBank, DomainState.PageTableState pagetable) {

        public Domain {
            iommus = List.copyOf(iommus);
        }
    }
}
