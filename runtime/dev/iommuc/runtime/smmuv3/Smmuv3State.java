package dev.iommuc.runtime.smmuv3;

import dev.iommuc.runtime.pgtable.TableLayout;
import dev.iommuc.runtime.plan.DomainType;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One SMMUv3's state for reports (reference/dart-smmuv3-of.md B.2–B.7): the driver's configuration, the
 * registers, the stream table's shape and size, the STEs and CDs in use read back from memory, domains
 * and groups.
 */
public record Smmuv3State(String iommu, boolean probed, String probeError, Smmuv3Cfg config,
                          Map<String, Long> registers, StreamTableInfo streamTable, List<Ste> stes, List<Cd> cds,
                          List<CdTableInfo> cdTables, List<Domain> domains, List<Group> groups,
                          Map<String, String> deviceErrors, List<String> log) {

    public Smmuv3State {
        registers = Collections.unmodifiableMap(new LinkedHashMap<>(registers));
        stes = List.copyOf(stes);
        cds = List.copyOf(cds);
        cdTables = List.copyOf(cdTables);
        domains = List.copyOf(domains);
        groups = List.copyOf(groups);
        deviceErrors = Collections.unmodifiableMap(new LinkedHashMap<>(deviceErrors));
        log = List.copyOf(log);
    }

    /**
     * @param format        {@code linear} or {@code 2-level}
     * @param entries       SIDs the table covers
     * @param l1Entries     L1 descriptors (2-level), else 0
     * @param l2Indices     L1 indices with an L2 table, in allocation order
     * @param l1Descriptors the L1 descriptor at each of {@code l2Indices}, read from memory
     * @param bytes         all stream-table memory
     */
    public record StreamTableInfo(String format, long base, long entries, long l1Entries, List<Integer> l2Indices,
                                  List<Long> l1Descriptors, long bytes, long strtabBase, long strtabBaseCfg) {

        public StreamTableInfo {
            l2Indices = List.copyOf(l2Indices);
            l1Descriptors = List.copyOf(l1Descriptors);
        }
    }

    /**
     * A master's CD table (B.5).
     *
     * @param format     {@code linear} (S1Fmt 0) or {@code 2-level} (S1Fmt 2, 1024-CD leaves)
     * @param s1cdmax    log2 of the CDs it holds
     * @param leafTables 2-level: leaf tables allocated, else 0
     * @param bytes      the L1 or linear table plus every leaf
     */
    public record CdTableInfo(String master, long base, String format, int s1cdmax, int leafTables, long bytes) {
    }

    /**
     * An STE owned by a master, as the SMMU reads it.
     *
     * @param config {@code abort}, {@code bypass}, {@code s1-trans}, {@code s2-trans} (or {@code config-N})
     * @param words  the eight 64-bit words
     */
    public record Ste(long sid, long address, String config, List<Long> words, String master, String group,
                      String domain) {

        public Ste {
            words = List.copyOf(words);
        }
    }

    /** A valid CD of a master's table: SSID, ASID and the TCR-side words. */
    public record Cd(String master, int ssid, long address, int asid, long ttbr0, long tcr, long mair, List<Long> words,
                     String domain) {

        public Cd {
            words = List.copyOf(words);
        }
    }

    /**
     * A domain in use here; {@code contexts} are the SSIDs of its per-process context domains, whose own
     * entries name them {@code <domain>/pasidN}.
     */
    public record Domain(String name, DomainType type, V3Domain.Stage stage, Integer asid, Integer vmid,
                         List<String> devices, TableLayout pagetable, List<String> contexts) {

        public Domain {
            devices = List.copyOf(devices);
            contexts = List.copyOf(contexts);
        }
    }

    /** A group: its devices, default and current domain. */
    public record Group(String id, List<String> devices, String defaultDomain, String domain) {

        public Group {
            devices = List.copyOf(devices);
        }
    }
}
