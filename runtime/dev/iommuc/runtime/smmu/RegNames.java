package dev.iommuc.runtime.smmu;

/** Register names for write logs and reports (reference/arm-smmu-v2.md §8.1). */
final class RegNames {

    private RegNames() {
    }

    static String gr0(int off) {
        return switch (off) {
            case Reg.SCR0 -> "sCR0";
            case Reg.SACR -> "sACR";
            case Reg.IDR0 -> "IDR0";
            case Reg.IDR1 -> "IDR1";
            case Reg.IDR2 -> "IDR2";
            case Reg.IDR7 -> "IDR7";
            case Reg.SGFSR -> "sGFSR";
            case Reg.SGFSYNR0 -> "sGFSYNR0";
            case Reg.SGFSYNR1 -> "sGFSYNR1";
            case Reg.SGFSYNR2 -> "sGFSYNR2";
            case Reg.TLBIVMID -> "TLBIVMID";
            case Reg.TLBIALLNSNH -> "TLBIALLNSNH";
            case Reg.TLBIALLH -> "TLBIALLH";
            case Reg.STLBGSYNC -> "sTLBGSYNC";
            case Reg.STLBGSTATUS -> "sTLBGSTATUS";
            default -> String.format("0x%x", off);
        };
    }

    static String cb(int off) {
        return switch (off) {
            case Reg.CB_SCTLR -> "SCTLR";
            case Reg.CB_ACTLR -> "ACTLR";
            case Reg.CB_RESUME -> "RESUME";
            case Reg.CB_TCR2 -> "TCR2";
            case Reg.CB_TTBR0 -> "TTBR0";
            case Reg.CB_TTBR0 + 4 -> "TTBR0_HI";
            case Reg.CB_TTBR1 -> "TTBR1";
            case Reg.CB_TTBR1 + 4 -> "TTBR1_HI";
            case Reg.CB_TCR -> "TCR";
            case Reg.CB_CONTEXTIDR -> "CONTEXTIDR";
            case Reg.CB_MAIR0 -> "MAIR0";
            case Reg.CB_MAIR1 -> "MAIR1";
            case Reg.CB_PAR -> "PAR";
            case Reg.CB_FSR -> "FSR";
            case Reg.CB_FAR -> "FAR";
            case Reg.CB_FSYNR0 -> "FSYNR0";
            case Reg.CB_FSYNR1 -> "FSYNR1";
            case Reg.CB_TLBIVA -> "TLBIVA";
            case Reg.CB_TLBIASID -> "TLBIASID";
            case Reg.CB_TLBIVAL -> "TLBIVAL";
            case Reg.CB_TLBIIPAS2 -> "TLBIIPAS2";
            case Reg.CB_TLBIIPAS2L -> "TLBIIPAS2L";
            case Reg.CB_TLBSYNC -> "TLBSYNC";
            case Reg.CB_TLBSTATUS -> "TLBSTATUS";
            default -> String.format("0x%x", off);
        };
    }
}
