package dev.iommuc.runtime.dart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Builds {@link DartState} from the driver's software state and the register file. */
final class DartSnapshots {

    private DartSnapshots() {
    }

    static DartState of(AppleDart d) {
        DartLayout l = d.layout;
        Map<String, Long> globals = new LinkedHashMap<>();
        globals.put("params1", u32(d.regs.read32(DartLayout.PARAMS1)));
        globals.put("params2", u32(d.regs.read32(DartLayout.PARAMS2)));
        if (l.t8110()) {
            globals.put("params3", u32(d.regs.read32(l.params3())));
            globals.put("params4", u32(d.regs.read32(l.params4())));
        }
        globals.put(l.t8110() ? "protect" : "config", u32(d.regs.read32(l.lockReg())));
        // the stream-enable words the reset wrote (A.2 step 4): BITS_TO_U32(num_streams) of them. On a
        // 64-stream T8020 DART (USB4) the second word is TCR(0) at 0x100 (A.2's note), so it shows TCR(0)
        String enable = l.t8110() ? "enable-streams" : "streams-enable";
        for (int i = 0; i < d.hw.streamWords(); i++) {
            globals.put(i == 0 ? enable : enable + i, u32(d.regs.read32(l.enableStreams() + 4 * i)));
        }
        int error = d.regs.read32(l.error());
        globals.put("error", u32(error));
        if (l.t8110()) {
            globals.put("error-mask", u32(d.regs.read32(l.errorMask())));
        }
        if ((error & DartLayout.ERROR_FLAG) != 0) {
            globals.put("error-addr", u32(d.regs.read32(l.errorAddrLo())) | u32(d.regs.read32(l.errorAddrHi())) << 32);
        }
        DartResult pr = d.probeResult();
        if (pr == null || !pr.isOk()) {
            return new DartState(d.id(), d.hw.variant().impl(), false, pr == null ? "not probed" : pr.message(),
                    null, globals, List.of(), List.of(), List.of(), errors(d), d.regs.flushes().size(), d.log());
        }
        DartState.Config config = new DartState.Config(d.pgsize, d.numStreams, d.hw.ttbrCount(), d.ias, d.oas,
                d.format().name(), d.supportsBypass, d.forceBypass, d.locked);
        return new DartState(d.id(), d.hw.variant().impl(), true, null, config, globals, streams(d), groups(d),
                domains(d), errors(d), d.regs.flushes().size(), d.log());
    }

    private static long u32(int v) {
        return v & 0xffffffffL;
    }

    private static Map<String, String> errors(AppleDart d) {
        Map<String, String> out = new LinkedHashMap<>();
        for (DartMaster m : masterCandidates(d)) {
            DartResult r = d.system.deviceResults().get(m.id());
            if (r != null && !r.isOk()) {
                out.put(m.id(), r.toString());
            }
        }
        d.system.deviceResults().forEach((id, r) -> {
            if (!r.isOk() && !d.system.masters.containsKey(id)) {
                out.putIfAbsent(id, r.toString());
            }
        });
        return out;
    }

    /** Masters with streams on this DART. */
    private static List<DartMaster> masterCandidates(AppleDart d) {
        List<DartMaster> out = new ArrayList<>();
        for (DartMaster m : d.system.masters.values()) {
            if (m.maps.stream().anyMatch(s -> s.dart == d)) {
                out.add(m);
            }
        }
        return out;
    }

    private static List<DartState.Stream> streams(AppleDart d) {
        Map<Integer, DartMaster> bySid = new TreeMap<>();
        for (DartMaster m : masterCandidates(d)) {
            for (StreamMap s : m.maps) {
                if (s.dart == d) {
                    s.sids.stream().forEach(sid -> bySid.putIfAbsent(sid, m));
                }
            }
        }
        DartLayout l = d.layout;
        List<DartState.Stream> out = new ArrayList<>();
        bySid.forEach((sid, m) -> {
            int tcr = d.regs.read32(l.tcr(sid));
            String type = (tcr & l.tcrBypassDart()) != 0 ? "bypass" : (tcr & l.tcrTranslate()) != 0 ? "trans"
                    : "blocked";
            Map<String, Long> regs = new LinkedHashMap<>();
            regs.put("tcr", u32(tcr));
            for (int i = 0; i < d.hw.ttbrCount(); i++) {
                regs.put("ttbr" + i, u32(d.regs.read32(d.hw.ttbr(sid, i))));
            }
            out.add(new DartState.Stream(sid, type, m.group == null ? null : m.group.id,
                    m.domain == null ? null : m.domain.name(), regs));
        });
        return out;
    }

    private static List<DartState.Group> groups(AppleDart d) {
        List<DartState.Group> out = new ArrayList<>();
        for (DartGroup g : d.system.groups) {
            List<String> devices = new ArrayList<>();
            TreeSet<Integer> sids = new TreeSet<>();
            for (DartMaster m : g.devices) {
                for (StreamMap s : m.maps) {
                    if (s.dart == d) {
                        s.sids.stream().forEach(sids::add);
                        if (!devices.contains(m.id())) {
                            devices.add(m.id());
                        }
                    }
                }
            }
            if (!devices.isEmpty()) {
                out.add(new DartState.Group(g.id, devices, new ArrayList<>(sids),
                        g.defaultDomain == null ? null : g.defaultDomain.name(),
                        g.domain == null ? null : g.domain.name()));
            }
        }
        return out;
    }

    private static List<DartState.Domain> domains(AppleDart d) {
        List<DartState.Domain> out = new ArrayList<>();
        for (DartDomain dom : d.system.domains) {
            List<String> devices = new ArrayList<>();
            boolean here = dom.maps.stream().anyMatch(s -> s.dart == d);
            for (DartMaster m : d.system.masters.values()) {
                if (m.domain == dom) {
                    devices.add(m.id());
                    here |= m.maps.stream().anyMatch(s -> s.dart == d);
                }
            }
            if (!here) {
                continue;
            }
            List<Long> ttbrs = new ArrayList<>();
            List<Long> fw = new ArrayList<>();
            boolean four = false;
            String format = null;
            if (dom.pgtable != null) {
                for (long r : dom.pgtable.ttbrs()) {
                    ttbrs.add(r);
                }
                long[] f = dom.firmwareRoots.get(d);
                if (f != null) {
                    for (long r : f) {
                        fw.add(r);
                    }
                }
                four = dom.pgtable.levels() == 3;
                format = dom.pgtable.geometry().format().name();
            }
            List<String> darts = dom.darts();
            if (darts.isEmpty()) {
                darts = List.of(d.id());
            }
            out.add(new DartState.Domain(dom.name(), dom.type(), devices, darts, ttbrs, fw, four, format,
                    dom.apertureEnd(), dom.layout(), dom.warnings()));
        }
        return out;
    }
}
