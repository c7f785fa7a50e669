package uk.npq.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The exceptions constructed (in any thread of the test JVM) while some work runs, seen by an in-process JFR recording of
 * {@code jdk.JavaExceptionThrow}: for tests that an exception thrown and caught inside a library on every request (a cost
 * that shows only in a profile, never in a response) does not come back. Filter by type or message: other threads of the
 * JVM (Kafka, the relay) run meanwhile.
 */
public final class ThrownExceptions {
    /** One exception: its class, message and the top frames of the stack that made it. */
    public record Thrown(String type, String message, List<String> frames) {
        @Override
        public String toString() {
            return type + ": " + message + " at " + frames;
        }
    }

    private ThrownExceptions() {}

    /** Runs {@code work} and returns every exception constructed meanwhile. */
    public static List<Thrown> during(Runnable work) {
        Path file = null;
        try (Recording recording = new Recording()) {
            recording.enable("jdk.JavaExceptionThrow").withStackTrace();
            recording.setToDisk(true);
            recording.start();
            try {
                work.run();
            } finally {
                recording.stop();
            }
            file = Files.createTempFile("thrown-exceptions", ".jfr");
            recording.dump(file);
            List<Thrown> thrown = new ArrayList<>();
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                if (!e.getEventType().getName().equals("jdk.JavaExceptionThrow")) continue;
                RecordedClass type = e.getValue("thrownClass");
                List<String> frames = e.getStackTrace() == null ? List.of() : e.getStackTrace().getFrames().stream().limit(48)
                        .map(ThrownExceptions::frame).toList();
                thrown.add(new Thrown(type == null ? "?" : type.getName(), e.getString("message"), frames));
            }
            return thrown;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) file.toFile().delete();
        }
    }

    private static String frame(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName() + ":" + f.getLineNumber();
    }
}
