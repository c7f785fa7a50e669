package uk.npq.platform.outbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro's binary encoding of generated event records: what the outbox stores at publish time and the relay sends, behind
 * the registry's frame ({@link OutboxFrames}), without decoding it again.
 */
public final class AvroBinary {
    private AvroBinary() {}

    public static byte[] encode(SpecificRecord event) {
        Schema schema = event.getSchema();
        var out = new ByteArrayOutputStream(256);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new SpecificDatumWriter<SpecificRecord>(schema, SpecificData.getForSchema(schema)).write(event, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + schema.getFullName(), e);
        }
        return out.toByteArray();
    }

    /** Decodes bytes written by {@link #encode} into the generated class named by {@code type}. */
    public static SpecificRecord decode(String type, byte[] bytes) {
        Schema schema = AvroJson.schemaOf(type);
        try {
            var reader = new SpecificDatumReader<SpecificRecord>(schema, schema, SpecificData.getForSchema(schema));
            return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode " + type, e);
        }
    }
}
