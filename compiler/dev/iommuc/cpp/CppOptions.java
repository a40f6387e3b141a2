package dev.iommuc.cpp;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Preprocessor options: {@code -I} directories in search order, and {@code -D} definitions in
 * command-line order ({@code NAME -> VALUE}; a null value means {@code 1}; a key may carry a
 * parameter list, {@code "F(x)" -> "x+1"}).
 */
public record CppOptions(List<Path> includeDirs, Map<String, String> defines) {

    public CppOptions {
        includeDirs = List.copyOf(includeDirs);
        defines = Collections.unmodifiableMap(new LinkedHashMap<>(defines));
    }

    public static CppOptions of(Path... includeDirs) {
        return new CppOptions(List.of(includeDirs), Map.of());
    }
}
