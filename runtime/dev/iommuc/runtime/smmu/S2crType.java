package dev.iommuc.runtime.smmu;

/** S2CR.TYPE (reference/arm-smmu-v2.md §2.4): TRANS = 0, BYPASS = 1, FAULT = 2. */
public enum S2crType {
    TRANS(0), BYPASS(1), FAULT(2);

    private final int field;

    S2crType(int field) {
        this.field = field;
    }

    int field() {
        return field;
    }

    /** The type a TYPE field value means; 3 is reserved and treated as FAULT. */
    static S2crType of(int field) {
        return switch (field & 3) {
            case 0 -> TRANS;
            case 1 -> BYPASS;
            default -> FAULT;
        };
    }
}
