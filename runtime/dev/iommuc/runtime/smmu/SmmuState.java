package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.TableLayout;
import dev.iommuc.runtime.plan.DomainType;

import java.util.List;
import java.util.Map;

/**
 * One SMMU's state for reports: the driver's view next to the register words it wrote
 * (reference/arm-smmu-v2.md §2, §3, §4, §8). Lists hold only what is in use: stream-map entries that
 * are valid, referenced or not at their initial type; banks that are allocated or reserved.
 */
public record SmmuState(String iommu, String impl, String version, boolean probed, String probeError, Config config,
                        Map<String, Long> globals, List<Sme> streamMap, List<ContextBank> contextBanks,
                        List<Group> groups, List<Domain> domains, Map<String, String> deviceErrors,
                        List<String> log) {

    public SmmuState {
        globals = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(globals));
        streamMap = List.copyOf(streamMap);
        contextBanks = List.copyOf(contextBanks);
        groups = List.copyOf(groups);
        domains = List.copyOf(domains);
        deviceErrors = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(deviceErrors));
        log = List.copyOf(log);
    }

    /** What the driver derived at probe (§1.4). */
    public record Config(boolean streamMatch, boolean exids, int numMappingGroups, int streamidMask, int smrMaskMask,
                         int numContextBanks, int numS2ContextBanks, int vaSize, int ipaSize, int paSize,
                         long pgsizeBitmap, boolean coherentWalk, boolean vmid16, boolean stage1, boolean stage2) {
    }

    /** A stream-map entry: software SMR/S2CR state and the two register words (§2.4). */
    public record Sme(int index, int id, int mask, boolean valid, S2crType type, int cbndx, int count, String group,
                      long smr, long s2cr) {
    }

    /** A context bank and its registers by name (§8.2), read from the register file. */
    public record ContextBank(int index, String domain, SmmuDomain.Stage stage, SmmuDomain.Format format,
                              Integer asid, Integer vmid, boolean reserved, Map<String, Long> registers) {

        public ContextBank {
            registers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(registers));
        }
    }

    /** An IOMMU group (§3): its devices, SMEs, default and current domain. */
    public record Group(String id, List<String> devices, List<Integer> smes, String defaultDomain, String domain) {

        public Group {
            devices = List.copyOf(devices);
            smes = List.copyOf(smes);
        }
    }

    /** A domain attached here (§6.1): type, bank, table shape, and the devices attached to it now. */
    public record Domain(String name, DomainType type, Integer contextBank, SmmuDomain.Stage stage,
                         SmmuDomain.Format format, Integer asid, Integer vmid, List<String> devices,
                         long apertureStart, long apertureEnd, long pgsizeBitmap, TableLayout pagetable,
                         List<TableLayout> processTables, int activeProcess) {

        public Domain {
            devices = List.copyOf(devices);
            processTables = List.copyOf(processTables);
        }
    }
}
