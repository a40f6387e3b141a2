package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.Errno;

/**
 * The driver's stream-map software state and its algorithms (reference/arm-smmu-v2.md §2): SMRs
 * (stream matching only) and S2CRs, {@code find_sme}, SME allocation and release, and the writes of
 * §2.4 (S2CR, then SMR), through the impl's {@code write_s2cr} hook.
 */
final class StreamMap {

    static final class Smr {
        int id;
        int mask;
        boolean valid;
    }

    static final class S2cr {
        IommuGroup group;
        int count;
        S2crType type;
        int privcfg;
        int cbndx;
    }

    private final ArmSmmu smmu;
    private final Smr[] smrs;
    private final S2cr[] s2crs;
    private int size;
    /** §2.1 s2cr_init_val: FAULT with disable_bypass, else BYPASS. */
    final S2crType initType;

    StreamMap(ArmSmmu smmu, int numMappingGroups, boolean matching, boolean disableBypass) {
        this.smmu = smmu;
        this.size = numMappingGroups;
        this.initType = disableBypass ? S2crType.FAULT : S2crType.BYPASS;
        this.smrs = matching ? new Smr[numMappingGroups] : null;
        this.s2crs = new S2cr[numMappingGroups];
        for (int i = 0; i < numMappingGroups; i++) {
            if (smrs != null) {
                smrs[i] = new Smr();
            }
            s2crs[i] = new S2cr();
            reset(s2crs[i]);
        }
    }

    private void reset(S2cr s) {
        s.group = null;
        s.count = 0;
        s.type = initType;
        s.privcfg = 0;
        s.cbndx = 0;
    }

    boolean matching() {
        return smrs != null;
    }

    int size() {
        return size;
    }

    /** qcom_smmu_cfg_probe's NUMSMRG limit (§7.4). */
    void limit(int n) {
        size = Math.min(size, n);
    }

    Smr smr(int i) {
        return smrs == null ? null : smrs[i];
    }

    S2cr s2cr(int i) {
        return s2crs[i];
    }

    /** §7.4 handoff: an SMR left valid by firmware, adopted as BYPASS (cbndx 0xff) with count 0. */
    void adopt(int i, int id, int mask) {
        smrs[i].id = id;
        smrs[i].mask = mask;
        smrs[i].valid = true;
        S2cr s = s2crs[i];
        s.group = null;
        s.count = 0;
        s.type = S2crType.BYPASS;
        s.privcfg = 0;
        s.cbndx = 0xff;
    }

    /** The first SMR whose software state is invalid, or -1 ({@code test_smr_masks}, §1.4). */
    int firstInvalidSmr() {
        if (smrs != null) {
            for (int i = 0; i < size; i++) {
                if (!smrs[i].valid) {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * {@code arm_smmu_find_sme} (§2.2): with stream indexing the SID itself; with stream matching the
     * lowest valid entry that entirely contains the pattern (reuse) or overlaps it in any other way
     * (-EINVAL), else the first free index, else -ENOSPC.
     */
    int findSme(int id, int mask) {
        if (smrs == null) {
            return id;
        }
        int free = -Errno.ENOSPC.value();
        for (int i = 0; i < size; i++) {
            Smr smr = smrs[i];
            if (!smr.valid) {
                if (free < 0) {
                    free = i;
                }
                continue;
            }
            if ((mask & smr.mask) == mask && ((id ^ smr.id) & ~smr.mask) == 0) {
                return i;
            }
            if (((id ^ smr.id) & ~(smr.mask | mask)) == 0) {
                return -Errno.EINVAL.value();
            }
        }
        return free;
    }

    /**
     * {@code arm_smmu_master_alloc_smes} (§2.3): one SME per fwid in fwspec order; on error every
     * fwid already processed is released in reverse order and nothing is written; on success every
     * SME is written (S2CR, then SMR).
     */
    Result allocSmes(MasterCfg m) {
        for (int i = 0; i < m.fwids.length; i++) {
            Errno err = null;
            int idx = 0;
            if (m.smendx[i] != MasterCfg.INVALID_SMENDX) {
                err = Errno.EEXIST;
            } else {
                idx = findSme(MasterCfg.sid(m.fwids[i]), MasterCfg.mask(m.fwids[i]));
                if (idx < 0) {
                    err = idx == -Errno.EINVAL.value() ? Errno.EINVAL : Errno.ENOSPC;
                }
            }
            if (err != null) {
                for (int j = i - 1; j >= 0; j--) {
                    freeSme(m.smendx[j]);
                    m.smendx[j] = MasterCfg.INVALID_SMENDX;
                }
                return Result.error(err, allocError(err, m.fwids[i]));
            }
            if (smrs != null && s2crs[idx].count == 0) {
                smrs[idx].id = MasterCfg.sid(m.fwids[i]);
                smrs[idx].mask = MasterCfg.mask(m.fwids[i]);
                smrs[idx].valid = true;
            }
            s2crs[idx].count++;
            m.smendx[i] = idx;
        }
        for (int idx : m.smendx) {
            writeSme(idx);
        }
        return Result.ok();
    }

    private static String allocError(Errno err, int fwid) {
        String what = String.format("stream 0x%x mask 0x%x", MasterCfg.sid(fwid), MasterCfg.mask(fwid));
        return switch (err) {
            case EINVAL -> what + " partially overlaps a stream-map entry in use";
            case ENOSPC -> what + ": no free stream-map entry";
            default -> what + ": stream-map entry already assigned";
        };
    }

    /** {@code arm_smmu_free_sme} (§2.3): true when the entry's last user left and it was reset (caller writes it). */
    boolean freeSme(int idx) {
        if (--s2crs[idx].count != 0) {
            return false;
        }
        reset(s2crs[idx]);
        if (smrs != null) {
            smrs[idx].valid = false;
        }
        return true;
    }

    /** {@code release_device}: every SME of the master released, the ones now unused written (§2.3). */
    void freeSmes(MasterCfg m) {
        for (int i = 0; i < m.smendx.length; i++) {
            int idx = m.smendx[i];
            if (idx == MasterCfg.INVALID_SMENDX) {
                continue;
            }
            if (freeSme(idx)) {
                writeSme(idx);
            }
            m.smendx[i] = MasterCfg.INVALID_SMENDX;
        }
    }

    /**
     * {@code arm_smmu_master_install_s2crs} (§6.1): (type, cbndx, privcfg DEFAULT) into each of the
     * master's SMEs, skipping those whose type and cbndx already match.
     */
    void installS2crs(MasterCfg m, S2crType type, int cbndx) {
        for (int idx : m.smendx) {
            S2cr s = s2crs[idx];
            if (s.type == type && s.cbndx == cbndx) {
                continue;
            }
            s.type = type;
            s.privcfg = 0;
            s.cbndx = cbndx;
            writeS2cr(idx);
        }
    }

    /** {@code arm_smmu_write_sme}: S2CR, then SMR (§2.4). */
    void writeSme(int idx) {
        writeS2cr(idx);
        if (smrs != null) {
            writeSmr(idx);
        }
    }

    /** §2.4 S2CR: TYPE, CBNDX, PRIVCFG; EXIDVALID with EXIDS for a valid SMR; through the impl hook (§7.4). */
    void writeS2cr(int idx) {
        S2cr s = s2crs[idx];
        SmmuImpl.S2crFields f = smmu.impl.writeS2cr(s.type, s.cbndx);
        int reg = f.type().field() << Reg.S2CR_TYPE_SHIFT | (f.cbndx() & 0xff) | (s.privcfg & 3) << Reg.S2CR_PRIVCFG_SHIFT;
        if (smmu.cfg.exids && smrs != null && smrs[idx].valid) {
            reg |= Reg.S2CR_EXIDVALID;
        }
        smmu.gr0Write(Reg.s2cr(idx), reg);
    }

    /** §2.4 SMR: ID [15:0], MASK [31:16], VALID (bit 31) only without EXIDS. */
    void writeSmr(int idx) {
        Smr smr = smrs[idx];
        int reg = (smr.id & 0xffff) | (smr.mask & 0xffff) << 16;
        if (!smmu.cfg.exids && smr.valid) {
            reg |= Reg.SMR_VALID;
        }
        smmu.gr0Write(Reg.smr(idx), reg);
    }
}
