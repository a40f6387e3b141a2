package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.TableLayout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds {@link SmmuState} from the driver's software state and the register file. */
final class Snapshots {

    private Snapshots() {
    }

    static SmmuState of(ArmSmmu s) {
        SmmuCfg c = s.cfg;
        Map<String, Long> globals = new LinkedHashMap<>();
        for (int off : new int[] {Reg.SCR0, Reg.SACR, Reg.IDR0, Reg.IDR1, Reg.IDR2, Reg.IDR7, Reg.SGFSR}) {
            globals.put(RegNames.gr0(off), s.gr0Read(off) & 0xffffffffL);
        }
        Result pr = s.probeResult();
        if (pr == null || !pr.isOk()) {
            String error = pr == null ? "not probed" : pr.message();
            return new SmmuState(s.id(), s.implName(), s.hw.version().name(), false, error, null, globals,
                    List.of(), List.of(), List.of(), List.of(), errors(s), s.log());
        }
        SmmuState.Config config = new SmmuState.Config(c.streamMatch, c.exids, c.numMappingGroups, c.streamidMask,
                c.smrMaskMask, c.numCb, c.numS2Cb, c.vaSize, c.ipaSize, c.paSize, c.pgsizeBitmap, c.coherentWalk,
                c.vmid16, c.transS1, c.transS2);
        return new SmmuState(s.id(), s.implName(), s.hw.version().name(), true, null, config, globals, smes(s),
                banks(s), groups(s), domains(s), errors(s), s.log());
    }

    private static Map<String, String> errors(ArmSmmu s) {
        Map<String, String> out = new LinkedHashMap<>();
        s.deviceResults().forEach((k, v) -> {
            if (!v.isOk()) {
                out.put(k, v.toString());
            }
        });
        return out;
    }

    private static List<SmmuState.Sme> smes(ArmSmmu s) {
        StreamMap m = s.streamMap;
        List<SmmuState.Sme> out = new ArrayList<>();
        for (int i = 0; i < m.size(); i++) {
            StreamMap.Smr smr = m.smr(i);
            StreamMap.S2cr s2cr = m.s2cr(i);
            boolean valid = smr != null ? smr.valid : s2cr.count > 0;
            if (!valid && s2cr.count == 0 && s2cr.type == m.initType) {
                continue;
            }
            out.add(new SmmuState.Sme(i, smr != null ? smr.id : i, smr != null ? smr.mask : 0, valid, s2cr.type,
                    s2cr.cbndx, s2cr.count, s2cr.group == null ? null : s2cr.group.id,
                    smr != null ? s.gr0Read(Reg.smr(i)) & 0xffffffffL : 0,
                    s.gr0Read(Reg.s2cr(i)) & 0xffffffffL));
        }
        return out;
    }

    private static final int[] CB_REGS = {Reg.CB_TCR2, Reg.CB_TCR, Reg.CB_MAIR0, Reg.CB_MAIR1, Reg.CB_SCTLR,
        Reg.CB_ACTLR, Reg.CB_FSR};

    private static List<SmmuState.ContextBank> banks(ArmSmmu s) {
        List<SmmuState.ContextBank> out = new ArrayList<>();
        for (int i = 0; i < s.cfg.numCb; i++) {
            ContextBanks.Cb cb = s.banks.cb(i);
            if (!s.banks.allocated(i) && cb.domain == null) {
                continue;
            }
            Map<String, Long> regs = new LinkedHashMap<>();
            if (s.cfg.version.aboveV1()) {
                regs.put("CBA2R", s.gr1Read(Reg.cba2r(i)) & 0xffffffffL);
            }
            regs.put("CBAR", s.gr1Read(Reg.cbar(i)) & 0xffffffffL);
            regs.put("TTBR0", s.cbRead64(i, Reg.CB_TTBR0));
            regs.put("TTBR1", s.cbRead64(i, Reg.CB_TTBR1));
            for (int off : CB_REGS) {
                regs.put(RegNames.cb(off), s.cbRead(i, off) & 0xffffffffL);
            }
            SmmuDomain d = cb.domain;
            out.add(new SmmuState.ContextBank(i, d == null ? null : d.name(), d == null ? null : d.stage(),
                    d == null ? null : d.format(), d == null ? null : d.asid(), d == null ? null : d.vmid(),
                    d == null, regs));
        }
        return out;
    }

    private static List<SmmuState.Group> groups(ArmSmmu s) {
        List<SmmuState.Group> out = new ArrayList<>();
        for (IommuGroup g : s.groups) {
            List<String> devices = new ArrayList<>();
            Set<Integer> smes = new LinkedHashSet<>();
            for (MasterCfg m : g.devices) {
                devices.add(m.id());
                for (int idx : m.smendx) {
                    smes.add(idx);
                }
            }
            out.add(new SmmuState.Group(g.id, devices, new ArrayList<>(smes),
                    g.defaultDomain == null ? null : g.defaultDomain.name(), g.domain == null ? null : g.domain.name()));
        }
        return out;
    }

    private static List<SmmuState.Domain> domains(ArmSmmu s) {
        List<SmmuState.Domain> out = new ArrayList<>();
        for (SmmuDomain d : s.domains) {
            List<String> devices = new ArrayList<>();
            for (MasterCfg m : s.masters.values()) {
                if (m.domain == d) {
                    devices.add(m.id());
                }
            }
            boolean here = d.smmu == s;
            TableLayout layout = here && d.pgtable != null ? d.pgtable.ops().layout() : null;
            List<TableLayout> procs = new ArrayList<>();
            d.processTables.forEach(t -> procs.add(t.ops().layout()));
            out.add(new SmmuState.Domain(d.name(), d.type(), here ? d.cbndx : null, here ? d.stage() : null,
                    here ? d.format() : null, here ? d.asid() : null, here ? d.vmid() : null, devices,
                    d.apertureStart(), d.apertureEnd(), d.pgsizeBitmap(), layout, procs, d.activeProcess()));
        }
        return out;
    }
}
