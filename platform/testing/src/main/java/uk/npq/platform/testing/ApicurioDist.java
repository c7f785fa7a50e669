package uk.npq.platform.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The Apicurio Registry distribution (a Quarkus fast-jar), unpacked once into the project's ignored
 * .local/test-cache. The build fetches the archive into the local Maven repository (platform/testing)
 * and passes its path as the system property npq.apicurio.dist.
 */
final class ApicurioDist {
    private ApicurioDist() {}

    static synchronized Path unpacked() throws IOException, InterruptedException {
        String dist = System.getProperty("npq.apicurio.dist");
        if (dist == null || !Files.isRegularFile(Path.of(dist))) {
            throw new IllegalStateException("Apicurio Registry distribution not found at " + dist
                    + ": build with ./mvnw from the project root (platform/testing fetches it)");
        }
        String root = System.getProperty("npq.project.root", ".");
        String name = Path.of(dist).getFileName().toString().replace(".tar.gz", "");
        Path home = Path.of(root, ".local", "test-cache", name).toAbsolutePath();
        if (Files.isRegularFile(home.resolve("quarkus-run.jar"))) return home;
        Path tmp = Files.createTempDirectory(Files.createDirectories(home.getParent()), name + ".");
        Process tar = new ProcessBuilder("tar", "xzf", dist, "-C", tmp.toString()).inheritIO().start();
        if (tar.waitFor() != 0) throw new IllegalStateException("cannot unpack " + dist);
        Path unpacked = Files.isRegularFile(tmp.resolve("quarkus-run.jar")) ? tmp : findRunJarDir(tmp);
        try {
            Files.move(unpacked, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            if (!Files.isRegularFile(home.resolve("quarkus-run.jar"))) throw raced;
        }
        return home;
    }

    private static Path findRunJarDir(Path dir) throws IOException {
        try (var s = Files.walk(dir, 3)) {
            return s.filter(p -> p.getFileName().toString().equals("quarkus-run.jar")).findFirst()
                    .map(Path::getParent)
                    .orElseThrow(() -> new IllegalStateException("no quarkus-run.jar in " + dir));
        }
    }
}
