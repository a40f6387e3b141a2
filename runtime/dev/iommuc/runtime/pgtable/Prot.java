package dev.iommuc.runtime.pgtable;

/** IOMMU_* protection flags of the kernel, as bits. */
public final class Prot {
    public static final int READ = 1;
    public static final int WRITE = 2;
    public static final int CACHE = 4;
    public static final int NOEXEC = 8;
    public static final int MMIO = 16;
    public static final int PRIV = 32;

    private Prot() {
    }

    /** Parses "rw", "r", "rwx", "rw,cache", "rw,mmio", "rw,priv": without x the mapping is NOEXEC. */
    public static int parse(String s) {
        int p = NOEXEC;
        for (String part : s.split("[,+ ]")) {
            switch (part) {
                case "cache" -> p |= CACHE;
                case "mmio" -> p |= MMIO;
                case "priv" -> p |= PRIV;
                case "" -> { }
                default -> {
                    for (char c : part.toCharArray()) {
                        if (c == 'r') p |= READ;
                        else if (c == 'w') p |= WRITE;
                        else if (c == 'x') p &= ~NOEXEC;
                        else throw new IllegalArgumentException("bad prot '" + s + "'");
                    }
                }
            }
        }
        return p;
    }
}
