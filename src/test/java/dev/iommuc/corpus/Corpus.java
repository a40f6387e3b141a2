package dev.iommuc.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real-world corpus made by {@code shared/corpus/kernel-dts.sh}: Linux 6.12's arm64 boards with
 * dtc 1.6.1's reference DTBs. Located by {@code $IOMMUC_CORPUS}, else {@code ~/.cache/iommuc/corpus}.
 */
public final class Corpus {

    private Corpus() {
    }

    public static Path dir() {
        String env = System.getenv("IOMMUC_CORPUS");
        return env != null && !env.isEmpty() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache/iommuc/corpus");
    }

    public static boolean present() {
        return Files.isRegularFile(dir().resolve("arm64/boards.txt"));
    }

    /** One board: its source .dts, the kernel's preprocessed text and dtc's reference DTB. */
    public record Board(String name, Path dts, Path pre, Path dtb) {
    }

    public static List<Board> boards() throws IOException {
        Path d = dir();
        return Files.readAllLines(d.resolve("arm64/boards.txt")).stream()
                .filter(l -> !l.isBlank())
                .map(src -> {
                    String name = src.replaceFirst("^arch/arm64/boot/dts/", "").replace("/", "__").replaceFirst("\\.dts$", "");
                    return new Board(name, d.resolve("linux").resolve(src), d.resolve("arm64/" + name + ".pre.dts"),
                            d.resolve("arm64/" + name + ".dtb"));
                })
                .toList();
    }

    public static Path includePrefixes() {
        return dir().resolve("linux/scripts/dtc/include-prefixes");
    }
}
