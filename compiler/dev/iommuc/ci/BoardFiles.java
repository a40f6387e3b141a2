package dev.iommuc.ci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The boards named on {@code check}'s command line: a file is taken as it is, a directory gives every
 * {@code *.dts} and {@code *.dtb} below it (recursively; {@code *.dtsi} are includes, not boards), and
 * anything else with a glob character is a {@code glob:} pattern matched against the regular files
 * under its fixed leading directories. The result is sorted and without duplicates, so the order of
 * the output depends neither on the order of the arguments nor on the file system.
 */
public final class BoardFiles {

    private BoardFiles() {
    }

    /** An argument that names no board: a usage problem (exit 2). */
    public static final class NoBoards extends Exception {
        NoBoards(String msg) {
            super(msg);
        }
    }

    public static List<Path> expand(List<String> args) throws NoBoards {
        TreeSet<Path> boards = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
        for (String arg : args) {
            Path p = Path.of(arg).normalize();
            List<Path> found;
            if (Files.isDirectory(p)) {
                found = walk(p, f -> isBoard(f));
                if (found.isEmpty()) {
                    throw new NoBoards(arg + ": no .dts or .dtb files in this directory");
                }
            } else if (Files.exists(p)) {
                found = List.of(p);
            } else if (isGlob(arg)) {
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + arg);
                found = walk(base(arg), m::matches);
                if (found.isEmpty()) {
                    throw new NoBoards(arg + ": matches no file");
                }
            } else {
                throw new NoBoards(arg + ": no such file or directory");
            }
            boards.addAll(found);
        }
        return new ArrayList<>(boards);
    }

    static boolean isBoard(Path f) {
        String n = f.getFileName().toString();
        return n.endsWith(".dts") || n.endsWith(".dtb");
    }

    private static boolean isGlob(String arg) {
        return arg.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /** The directories before the first segment with a glob character ("" for a relative pattern). */
    private static Path base(String glob) {
        String[] parts = glob.split("/", -1);
        StringBuilder dir = new StringBuilder();
        for (int i = 0; i < parts.length - 1 && !isGlob(parts[i]); i++) {
            dir.append(parts[i]).append('/');
        }
        return dir.length() == 0 ? Path.of("") : Path.of(dir.toString());
    }

    private static List<Path> walk(Path dir, java.util.function.Predicate<Path> keep) {
        Path start = dir.toString().isEmpty() ? Path.of(".") : dir;
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(start)) {
            // paths under "." are given back relative ("x.dts", not "./x.dts") so a relative glob matches them
            return s.filter(Files::isRegularFile)
                    .map(f -> dir.toString().isEmpty() ? start.relativize(f) : f)
                    .map(Path::normalize)
                    .filter(keep)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
