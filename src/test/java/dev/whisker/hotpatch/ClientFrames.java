package dev.whisker.hotpatch;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Encodes artifacts as the wire protocol's patch frames, for test apps that apply them with the real client. */
final class ClientFrames {
    private ClientFrames() {}

    /** Encodes a frame as the server sends it: big-endian header length, JSON header, library. */
    static byte[] encode(PatchArtifact artifact) {
        StringBuilder map = new StringBuilder();
        for (long[] pair : artifact.map()) {
            map.append(map.length() == 0 ? "" : ",").append('[').append(Long.toUnsignedString(pair[0])).append(',')
                    .append(Long.toUnsignedString(pair[1])).append(']');
        }
        String header = "{\"kind\":\"patch\",\"id\":" + artifact.id() + ",\"table\":{\"lib\":\"" + artifact.libName()
                + "\",\"map\":[" + map + "],\"aslr_reference\":" + Long.toUnsignedString(artifact.aslrReference())
                + ",\"new_base_address\":" + Long.toUnsignedString(artifact.newBaseAddress()) + ",\"ifunc_count\":0}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(json.length).array());
        out.writeBytes(json);
        out.writeBytes(artifact.library());
        return out.toByteArray();
    }
}
