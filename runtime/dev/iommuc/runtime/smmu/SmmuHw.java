package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.plan.PlanIommu;

import java.util.List;

/**
 * One SMMU's hardware as data (house-style Anchor 3): what its ID registers read and which SMR bits
 * exist, built from the plan's parameters with the encodings of reference/arm-smmu-v2.md §1.4. The
 * driver never sees this record; it reads the registers built from it.
 *
 * <p>Missing parameters take the values of §9 Example 1 (generic MMU-500: S1+S2+nested, stream
 * matching, NUMSIDB 15, 16 SMRs, NUMCB 8, NUMS2CB 0, 48-bit IAS/OAS/UBS, 4K+64K, NUMPAGENDXB 3).
 * Parameters the resolver does not produce but the emulator accepts: {@code stage1}, {@code stage2},
 * {@code nested} (IDR0.S1TS/S2TS/NTS), {@code num-page-ndxb}, {@code page-size-64k}, {@code idr7-major};
 * the driver side also reads {@code force-stage} (the module parameter, §1.4) and {@code reg-size}
 * (the DT reg size, for the §1.4 size warning).
 *
 * @param smrIdBits          SMR.ID bits that are implemented (the rest are RAZ/WI, §1.4 test_smr_masks)
 * @param smrMaskBits        SMR.MASK bits that are implemented
 * @param s2crBypassToFault  firmware turns S2CR TYPE=BYPASS writes into FAULT (the Qualcomm bypass
 *                           quirk's cause, §7.4)
 * @param mmu500             MMU-500 specifics: ACTLR resets with CPRE set, sACR.CACHE_LOCK guards ACTLR
 */
public record SmmuHw(SmmuVersion version, boolean s1, boolean s2, boolean nested, boolean streamMatch, int numSidb,
                     boolean exids, int numSmrg, boolean cttw, boolean page64k, int numPageNdxb, int numS2Cb,
                     int numCb, int ias, int oas, int ubs, boolean ptfs4k, boolean ptfs16k, boolean ptfs64k,
                     boolean vmid16, int idr7Major, int smrIdBits, int smrMaskBits, boolean s2crBypassToFault,
                     boolean mmu500) {

    /** §9 Example 1 NUMPAGENDXB (NUMPAGE 16), raised until NUMPAGE ≥ NUMCB. */
    static final int DEFAULT_NUMPAGENDXB = 3;

    /** Builds the hardware of {@code iommu}; {@code notes} receives every lossy encoding. */
    static SmmuHw fromPlan(PlanIommu iommu, SmmuVersion version, boolean s2crBypassToFault, boolean mmu500,
                           List<String> notes) {
        boolean exids = iommu.param("exids", 0) != 0 && version == SmmuVersion.V2;
        int sidBits = (int) iommu.param("sid-bits", 15);
        int numSidb = Math.min(Math.max(sidBits, 0), 15);
        if (sidBits != numSidb && !exids) {
            notes.add("sid-bits " + sidBits + " does not fit IDR0.NUMSIDB; using " + numSidb);
        }
        int idWidth = exids ? 16 : 15;
        int smrIdBits = Math.min(exids ? Math.max(sidBits, 16) : numSidb, idWidth);
        int smrMaskBits = (int) Math.min(Math.max(iommu.param("smr-mask-bits", smrIdBits), 0), idWidth);
        int numCb = (int) iommu.param("num-context-banks", 8);
        int ndxb = (int) iommu.param("num-page-ndxb", DEFAULT_NUMPAGENDXB);
        while (ndxb < 7 && (1 << (ndxb + 1)) < numCb) {
            ndxb++;
        }
        long granules = iommu.param("granules", (1L << 12) | (1L << 16));
        return new SmmuHw(version,
                iommu.param("stage1", 1) != 0, iommu.param("stage2", 1) != 0, iommu.param("nested", 1) != 0,
                iommu.param("stream-matching", 1) != 0, numSidb, exids, (int) iommu.param("num-smrs", 16),
                iommu.param("coherent-walk", 0) != 0, iommu.param("page-size-64k", 0) != 0, ndxb,
                (int) iommu.param("num-s2-context-banks", 0), numCb,
                encodable(iommu, "ias", notes), encodable(iommu, "oas", notes), encodable(iommu, "ubs", notes),
                (granules & (1L << 12)) != 0, (granules & (1L << 14)) != 0, (granules & (1L << 16)) != 0,
                iommu.param("vmid16", 0) != 0, (int) iommu.param("idr7-major", mmu500 ? 2 : 0),
                smrIdBits, smrMaskBits, s2crBypassToFault, mmu500);
    }

    /** §1.4 size_to_bits, inverted: 32→0, 36→1, 40→2, 42→3, 44→4, 48→5. */
    private static final int[] SIZES = {32, 36, 40, 42, 44, 48};

    static int sizeToBits(int field) {
        return SIZES[Math.min(field, 5)];
    }

    /** The largest size the 4-bit field can state that is not above {@code bits}. */
    static int encode(int bits) {
        int enc = 0;
        for (int i = 0; i < SIZES.length; i++) {
            if (SIZES[i] <= bits) {
                enc = i;
            }
        }
        return enc;
    }

    private static int encodable(PlanIommu iommu, String name, List<String> notes) {
        int bits = (int) iommu.param(name, 48);
        int enc = encode(bits);
        if (sizeToBits(enc) != bits) {
            notes.add(name + " " + bits + " is not an IDR2 size; the register says " + sizeToBits(enc));
        }
        return sizeToBits(enc);
    }

    /** NUMPAGE = 2^(NUMPAGENDXB+1) (§1.4). */
    int numPage() {
        return 1 << (numPageNdxb + 1);
    }

    int pgshift() {
        return page64k ? 16 : 12;
    }

    /** Number of S2CRs: NUMSMRG with stream matching, else 2^NUMSIDB (65536 with EXIDS) (§1.4). */
    int numS2crs() {
        if (streamMatch) {
            return numSmrg;
        }
        return exids ? 1 << 16 : 1 << numSidb;
    }

    int idr0() {
        int v = 0;
        v |= s1 ? Reg.IDR0_S1TS : 0;
        v |= s2 ? Reg.IDR0_S2TS : 0;
        v |= nested ? Reg.IDR0_NTS : 0;
        v |= streamMatch ? Reg.IDR0_SMS : 0;
        // ATOSNS = 0 (ATS1PR supported), AArch32 LPAE supported, AArch32 short descriptor not (§9 Example 1)
        v |= Reg.IDR0_PTFS_NO_AARCH32S;
        v |= cttw ? Reg.IDR0_CTTW : 0;
        v |= numSidb << Reg.IDR0_NUMSIDB_SHIFT;
        v |= exids ? Reg.IDR0_EXIDS : 0;
        v |= streamMatch ? numSmrg & 0xff : 0;
        return v;
    }

    int idr1() {
        return (page64k ? Reg.IDR1_PAGESIZE : 0) | numPageNdxb << Reg.IDR1_NUMPAGENDXB_SHIFT
                | (numS2Cb & 0xff) << Reg.IDR1_NUMS2CB_SHIFT | numCb & 0xff;
    }

    int idr2() {
        return encode(ias) | encode(oas) << 4 | encode(ubs) << 8 | (ptfs4k ? Reg.IDR2_PTFS_4K : 0)
                | (ptfs16k ? Reg.IDR2_PTFS_16K : 0) | (ptfs64k ? Reg.IDR2_PTFS_64K : 0)
                | (vmid16 ? Reg.IDR2_VMID16 : 0);
    }

    int idr7() {
        return (idr7Major & 0xf) << 4;
    }
}
