package uk.npq.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Schemas evolve only compatibly: each schema in avro/ must read data written with every version of it
 * ever committed (git history), so a consumer upgraded first never breaks on old events.
 */
class SchemaCompatibilityTest {
    static final Path AVRO = Path.of("avro");
    static final List<String> ENVELOPE = List.of("eventId", "occurredAt", "aggregateId", "schemaVersion", "correlationId");

    static List<Path> schemaFiles() throws IOException {
        try (Stream<Path> s = Files.walk(AVRO)) {
            return s.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everySchemaReadsEveryCommittedVersionOfItself() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        boolean hasHistory = new ProcessBuilder("git", "-C", "..", "rev-parse", "--verify", "-q", "HEAD").start().waitFor() == 0;
        for (Path file : schemaFiles()) {
            if (!hasHistory) break; // a repository before its first commit: no version to stay compatible with
            Schema current = new Schema.Parser().parse(file.toFile());
            for (String commit : git("log", "--format=%H", "--", "contracts/" + file)) {
                if (commit.isBlank()) continue;
                tests.add(DynamicTest.dynamicTest(file + " reads " + commit.substring(0, 8), () -> {
                    String old = String.join("\n", git("show", commit + ":contracts/" + file));
                    Schema writer = new Schema.Parser().parse(old);
                    var result = SchemaCompatibility.checkReaderWriterCompatibility(current, writer);
                    assertThat(result.getType())
                            .as("%s is not backward compatible with %s: %s", file, commit, result.getDescription())
                            .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void theCheckRefusesARequiredFieldWithoutDefault() {
        Schema v1 = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"E\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
        Schema v2 = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"E\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"string\"}]}");
        Schema v2WithDefault = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"E\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(v2, v1).getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(v2WithDefault, v1).getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }

    @TestFactory
    Stream<DynamicTest> everyEventCarriesTheEnvelopeAndLivesInItsContextFolder() throws IOException {
        return schemaFiles().stream().map(file -> DynamicTest.dynamicTest(file.toString(), () -> {
            Schema s = new Schema.Parser().parse(file.toFile());
            assertThat(s.getFields().stream().map(Schema.Field::name).limit(ENVELOPE.size())).containsExactlyElementsOf(ENVELOPE);
            String context = file.getParent().getFileName().toString();
            assertThat(s.getNamespace()).isEqualTo("uk.npq.contracts." + context);
            assertThat(file.getFileName().toString()).isEqualTo(s.getName() + ".avsc");
        }));
    }

    private static List<String> git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", ".."));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + err);
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
}
