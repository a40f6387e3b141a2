package dev.iommuc.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Atomic output (SPEC §6): written to a temporary file beside the target, then renamed over it. */
final class Output {

    private Output() {
    }

    /** Writes to {@code file}, or to standard output when it is null or "-". */
    static void write(String file, byte[] bytes) throws IOException {
        if (file == null || file.equals("-")) {
            System.out.write(bytes);
            System.out.flush();
            return;
        }
        Path target = Path.of(file).toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
