package dev.iommuc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -o}: regular files are replaced atomically; links are followed; devices and pipes stay what they
 * are (a pipe stands in for /dev/null, which a regression would replace on the machine running the test).
 */
class OutputTest {

    @TempDir
    Path tmp;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRegularFileIsReplacedWithNoTemporaryLeft() throws IOException {
        Path f = tmp.resolve("out.yaml");
        Files.writeString(f, "old old old");
        Output.write(f.toString(), bytes("new"));
        assertEquals("new", Files.readString(f));
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "a temporary file was left behind");
        }
    }

    @Test
    void aSymbolicLinkStaysALinkAndItsTargetIsWritten() throws IOException {
        Path real = tmp.resolve("real.yaml");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(tmp.resolve("link.yaml"), real);
        Output.write(link.toString(), bytes("new"));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(real));
    }

    @Test
    void aNamedPipeIsWrittenToNotReplaced() throws Exception {
        Path fifo = tmp.resolve("pipe");
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            assumeTrue(false, "no mkfifo here");
            return;
        }
        assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo failed");
        CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllBytes(fifo);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Output.write(fifo.toString(), bytes("through the pipe"));
        assertArrayEquals(bytes("through the pipe"), reader.get(10, TimeUnit.SECONDS));
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "the pipe was replaced by a file");
    }

    @Test
    void aDirectoryIsAnErrorNotAReplacement() {
        assertThrows(IOException.class, () -> Output.write(tmp.toString(), bytes("x")));
        assertTrue(Files.isDirectory(tmp));
    }
}
