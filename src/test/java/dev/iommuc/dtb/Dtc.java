package dev.iommuc.dtb;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the host dtc (1.6.1 in CI) as the oracle for byte-identical output; tests skip when it is missing. */
public final class Dtc {

    private static Boolean available;

    private Dtc() {
    }

    public static synchronized boolean available() {
        if (available == null) {
            try {
                Process p = new ProcessBuilder("dtc", "--version").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                available = p.waitFor() == 0 && out.contains("DTC");
            } catch (IOException e) {
                available = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                available = false;
            }
        }
        return available;
    }

    public static void assume() {
        Assumptions.assumeTrue(available(), "dtc is not installed");
    }

    /** {@code dtc -q -I dts -O dtb -b 0 [args] -o - -} with {@code dts} on stdin; fails the test on a dtc error. */
    public static byte[] dtsToDtb(String dts, String... args) {
        Path in = null;
        Path err = null;
        try {
            in = Files.createTempFile("iommuc-dtc", ".dts");
            err = Files.createTempFile("iommuc-dtc", ".err");
            Files.writeString(in, dts, StandardCharsets.ISO_8859_1);
            List<String> cmd = new ArrayList<>(List.of("dtc", "-q", "-I", "dts", "-O", "dtb", "-b", "0"));
            cmd.addAll(List.of(args));
            cmd.addAll(List.of("-o", "-", "-"));
            // stdin and stderr are files, so a large input or a chatty dtc cannot deadlock the pipes.
            Process p = new ProcessBuilder(cmd).redirectInput(in.toFile()).redirectError(err.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                throw new AssertionError("dtc failed: " + Files.readString(err, StandardCharsets.ISO_8859_1));
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run dtc", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            delete(in);
            delete(err);
        }
    }

    private static void delete(Path p) {
        if (p != null) {
            new File(p.toString()).delete();
        }
    }
}
