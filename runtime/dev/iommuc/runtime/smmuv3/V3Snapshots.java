package dev.iommuc.runtime.smmuv3;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.iommuc.runtime.smmuv3.Fields.*;

/** Builds {@link Smmuv3State}: STEs and CDs are read back from memory, not from the driver's objects. */
final class V3Snapshots {

    /** CD dword 0 bits that come from the TCR: T0SZ..SH0, EPD0, ENDI, EPD1, IPS, TBI0. */
    private static final long TCR_BITS = genmask(15, 0) | bit(CD_EPD1) | genmask(CD_IPS_HI, CD_IPS_LO) | bit(38);

    private V3Snapshots() {
    }

    static Smmuv3State of(Smmuv3 s) {
        Map<String, String> errors = new LinkedHashMap<>();
        s.deviceResults().forEach((k, v) -> {
            if (!v.isOk()) {
                errors.put(k, v.toString());
            }
        });
        if (!s.probed()) {
            String e = s.probeResult() == null ? "not probed" : s.probeResult().message();
            return new Smmuv3State(s.id(), false, e, s.cfg, s.regs.named(), null, List.of(), List.of(), List.of(),
                    List.of(), List.of(), errors, s.log());
        }
        StreamTable t = s.strtab;
        List<Long> l1 = new ArrayList<>();
        t.l2Indices().forEach(i -> l1.add(s.mem.read64(t.l1Address(i))));
        Smmuv3State.StreamTableInfo info = new Smmuv3State.StreamTableInfo(t.twoLevel() ? "2-level" : "linear",
                t.base(), t.twoLevel() ? t.l1Entries() << STRTAB_SPLIT : 1L << s.cfg.sidBits(), t.l1Entries(),
                t.l2Indices(), l1, t.bytes(), s.regs.read64(STRTAB_BASE), s.regs.read32(STRTAB_BASE_CFG) & 0xffffffffL);
        return new Smmuv3State(s.id(), true, null, s.cfg, s.regs.named(), info, stes(s), cds(s), cdTables(s),
                domains(s), groups(s), errors, s.log());
    }

    private static List<Smmuv3State.CdTableInfo> cdTables(Smmuv3 s) {
        List<Smmuv3State.CdTableInfo> out = new ArrayList<>();
        for (V3Master m : s.masters.values()) {
            CdTable c = m.cdTable;
            if (c != null) {
                out.add(new Smmuv3State.CdTableInfo(m.id(), c.base(), c.twoLevel() ? "2-level" : "linear",
                        c.s1cdmax(), c.leafTables(), c.bytes()));
            }
        }
        return out;
    }

    private static List<Smmuv3State.Ste> stes(Smmuv3 s) {
        List<Smmuv3State.Ste> out = new ArrayList<>();
        s.streams.forEach((sid, m) -> {
            long[] w = s.strtab.readSte(sid);
            out.add(new Smmuv3State.Ste(sid, s.strtab.steAddress(sid), configName(w[0]), list(w), m.id(),
                    m.group.id, m.domain == null ? null : m.domain.name()));
        });
        return out;
    }

    static String configName(long dword0) {
        if ((dword0 & bit(STE_V)) == 0) {
            return "invalid";
        }
        return switch (Descriptors.config(dword0)) {
            case CFG_ABORT -> "abort";
            case CFG_BYPASS -> "bypass";
            case CFG_S1 -> "s1-trans";
            case CFG_S2 -> "s2-trans";
            default -> "config-" + Descriptors.config(dword0);
        };
    }

    private static List<Smmuv3State.Cd> cds(Smmuv3 s) {
        List<Smmuv3State.Cd> out = new ArrayList<>();
        for (V3Master m : s.masters.values()) {
            if (m.cdTable == null) {
                continue;
            }
            List<Integer> ssids = new ArrayList<>();
            ssids.add(0);
            ssids.addAll(m.pasids.keySet());
            for (int ssid : ssids) {
                long[] w = m.cdTable.read(ssid);
                if ((w[0] & bit(CD_V)) == 0) {
                    continue;
                }
                V3Domain d = ssid == 0 ? m.domain : m.pasids.get(ssid);
                out.add(new Smmuv3State.Cd(m.id(), ssid, m.cdTable.cdAddress(ssid),
                        (int) get(w[0], CD_ASID_HI, CD_ASID_LO), w[1] & TTB_MASK, w[0] & TCR_BITS, w[3], list(w),
                        d == null ? null : d.name()));
            }
        }
        return out;
    }

    private static List<Smmuv3State.Domain> domains(Smmuv3 s) {
        List<Smmuv3State.Domain> out = new ArrayList<>();
        for (V3Domain d : s.domains) {
            List<String> devs = new ArrayList<>();
            for (V3Master m : s.masters.values()) {
                if (m.domain == d || m.pasids.containsValue(d)) {
                    devs.add(m.id());
                }
            }
            List<String> ctx = new ArrayList<>();
            d.contexts.forEach(c -> ctx.add(c.name()));
            out.add(new Smmuv3State.Domain(d.name(), d.type(), d.stage, d.asid(), d.vmid(), devs,
                    d.table == null ? null : d.table.layout(), ctx));
        }
        return out;
    }

    private static List<Smmuv3State.Group> groups(Smmuv3 s) {
        List<Smmuv3State.Group> out = new ArrayList<>();
        for (V3Group g : s.groups) {
            List<String> devs = new ArrayList<>();
            g.devices.forEach(m -> devs.add(m.id()));
            out.add(new Smmuv3State.Group(g.id, devs, g.defaultDomain == null ? null : g.defaultDomain.name(),
                    g.domain == null ? null : g.domain.name()));
        }
        return out;
    }

    private static List<Long> list(long[] w) {
        List<Long> out = new ArrayList<>();
        for (long v : w) {
            out.add(v);
        }
        return out;
    }
}
