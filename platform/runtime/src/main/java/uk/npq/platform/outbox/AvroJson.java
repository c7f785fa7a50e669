package uk.npq.platform.outbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** Avro's JSON encoding of generated event records: how the outbox stores an event until it is sent. */
public final class AvroJson {
    private AvroJson() {}

    public static String encode(SpecificRecord event) {
        Schema schema = event.getSchema();
        var out = new ByteArrayOutputStream();
        try {
            Encoder encoder = EncoderFactory.get().jsonEncoder(schema, out);
            new SpecificDatumWriter<SpecificRecord>(schema, SpecificData.getForSchema(schema)).write(event, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + schema.getFullName(), e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Decodes JSON written by {@link #encode} into the generated class named by {@code type}. */
    public static SpecificRecord decode(String type, String json) {
        Schema schema = schemaOf(type);
        try {
            var reader = new SpecificDatumReader<SpecificRecord>(schema, schema, SpecificData.getForSchema(schema));
            return reader.read(null, DecoderFactory.get().jsonDecoder(schema, json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode " + type, e);
        }
    }

    static Schema schemaOf(String type) {
        try {
            Class<?> c = Class.forName(type, true, Thread.currentThread().getContextClassLoader());
            return (Schema) c.getMethod("getClassSchema").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("no generated Avro class " + type, e);
        }
    }
}
