package dev.iommuc.runtime.dart;

import dev.iommuc.runtime.pgtable.TableLayout;
import dev.iommuc.runtime.plan.DomainType;

import java.util.List;
import java.util.Map;

/**
 * One DART's state for reports: what the driver derived, the streams in use with the register words
 * the hardware holds, and the groups and domains that reach this DART (reference/dart-smmuv3-of.md A).
 *
 * @param streams streams bound by a master (and, on a locked DART, the firmware's), by SID
 * @param flushes TLB invalidations issued so far
 */
public record DartState(String iommu, String variant, boolean probed, String probeError, Config config,
                        Map<String, Long> globals, List<Stream> streams, List<Group> groups, List<Domain> domains,
                        Map<String, String> deviceErrors, int flushes, List<String> log) {

    public DartState {
        globals = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(globals));
        streams = List.copyOf(streams);
        groups = List.copyOf(groups);
        domains = List.copyOf(domains);
        deviceErrors = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(deviceErrors));
        log = List.copyOf(log);
    }

    /** What probe read (A.1): page size, streams, widths, bypass, lock. */
    public record Config(long pageSize, int numStreams, int ttbrsPerStream, int ias, int oas, String pteFormat,
                         boolean supportsBypass, boolean forceBypass, boolean locked) {
    }

    /**
     * One stream: {@code type} decoded from TCR (trans, bypass, blocked); registers {@code tcr},
     * {@code ttbr0}.. as the hardware holds them.
     */
    public record Stream(int sid, String type, String group, String domain, Map<String, Long> registers) {

        public Stream {
            registers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(registers));
        }
    }

    /** A group (A.3): its devices and their SIDs on this DART. */
    public record Group(String id, List<String> devices, List<Integer> sids, String defaultDomain, String domain) {

        public Group {
            devices = List.copyOf(devices);
            sids = List.copyOf(sids);
        }
    }

    /**
     * A domain programmed into this DART: type, all its DARTs, the shared table's roots and shape.
     *
     * @param ttbrs  root tables (PA), one per TTBR; on a locked DART the kernel's roots, copied into
     *               {@code firmwareRoots}
     */
    public record Domain(String name, DomainType type, List<String> devices, List<String> darts, List<Long> ttbrs,
                         List<Long> firmwareRoots, boolean fourLevel, String format, long apertureEnd,
                         TableLayout pagetable, List<String> warnings) {

        public Domain {
            devices = List.copyOf(devices);
            darts = List.copyOf(darts);
            ttbrs = List.copyOf(ttbrs);
            firmwareRoots = List.copyOf(firmwareRoots);
            warnings = List.copyOf(warnings);
        }
    }
}
