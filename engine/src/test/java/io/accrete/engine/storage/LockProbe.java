package io.accrete.engine.storage;

import io.accrete.engine.error.AccreteException;

import java.nio.file.Path;

/** Run in a child JVM: tries to hold the folder given and prints what happened. */
public final class LockProbe {
    private LockProbe() {}

    public static void main(String[] args) {
        try (FolderLock ignored = FolderLock.acquire(Path.of(args[0]))) {
            System.out.println("acquired");
        } catch (AccreteException e) {
            System.out.println("refused " + e.category());
        }
    }

    /** What a child JVM gets when it tries to hold {@code dir}. */
    public static String probe(Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockProbe.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        String[] lines = out.split("\n");
        return lines[lines.length - 1];
    }
}
