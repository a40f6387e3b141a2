package dev.iommuc.pipeline;

import dev.iommuc.model.Fixups;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How a board is read: include dirs ({@code -I}, used by cpp and by dtc's /include/ and /incbin/),
 * macro definitions ({@code -D}, insertion-ordered, null value = 1), preprocessor, fixup options
 * ({@code -@}, {@code -H}) and the boot CPU id written to a DTB header ({@code -b}; the kernel's
 * kbuild passes {@code -b 0}, which is our default too).
 */
public record LoadOptions(List<Path> includeDirs, Map<String, String> defines, CppMode cpp,
                          Fixups.Options fixups, int bootCpuid) {

    public LoadOptions {
        includeDirs = List.copyOf(includeDirs);
        defines = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(defines));
    }

    public static LoadOptions defaults() {
        return new LoadOptions(List.of(), Map.of(), CppMode.JAVA, Fixups.Options.DEFAULT, 0);
    }
}
