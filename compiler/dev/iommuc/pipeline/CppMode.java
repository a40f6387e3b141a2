package dev.iommuc.pipeline;

/** Which preprocessor runs before the DTS parser ({@code --cpp=java|system|none}). */
public enum CppMode {
    /** Our own cpp-compatible preprocessor (no gcc needed): the default. */
    JAVA,
    /** The host's {@code cpp -nostdinc -undef -D__DTS__ -x assembler-with-cpp}. */
    SYSTEM,
    /** Input is already preprocessed (e.g. a kernel {@code .pre.dts}) or plain DTS. */
    NONE
}
