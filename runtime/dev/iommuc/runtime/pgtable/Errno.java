package dev.iommuc.runtime.pgtable;

/** The kernel error codes io-pgtable and the IOMMU drivers return, by name (values as in Linux). */
public enum Errno {
    OK(0), EIO(5), EINVAL(22), ERANGE(34), EEXIST(17), ENOMEM(12), ENOSPC(28), ENODEV(19), EBUSY(16), ENOENT(2), ENXIO(6),
    EOPNOTSUPP(95);

    private final int value;

    Errno(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }
}
