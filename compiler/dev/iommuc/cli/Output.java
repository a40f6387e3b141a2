package dev.iommuc.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Atomic output (SPEC §6): written to a temporary file beside the target, then renamed over it; a
 * target that is not a regular file (a device such as /dev/null, a pipe) is written to directly.
 */
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
        if (Files.exists(target)) {
            // replace the file a symbolic link points to, not the link
            target = target.toRealPath();
            if (!Files.isRegularFile(target)) {
                // a device, a pipe or a terminal (-o /dev/null, /dev/stdout, a FIFO) has no file to swap
                // atomically, and renaming over it would replace the device itself: write to it as it is
                Files.write(target, bytes);
                return;
            }
        }
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
