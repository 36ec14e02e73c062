package dev.whisker.hotpatch;

import java.util.Arrays;

/**
 * One patch library built for every client whose anchor has the runtime address {@code aslrReference}.
 * The fields match the wire protocol's patch frame.
 *
 * @param id the patch number, the same for every artifact of one build, increasing per build
 * @param libName the library's unique file name; clients must not reuse a name, because glibc's
 *     {@code dlopen} returns an already loaded library for a path it has seen
 * @param map pairs {@code {old, new}}: a function's static address in the host executable and the static
 *     address of its new copy in the library; unsigned 64-bit values stored in {@code long}
 * @param aslrReference the anchor's static address in the host (subsecond's {@code aslr_reference})
 * @param newBaseAddress the anchor's static address in the patch library
 * @param library the shared library's bytes
 */
public record PatchArtifact(
        long id, String libName, long[][] map, long aslrReference, long newBaseAddress, byte[] library) {

    @Override
    public boolean equals(Object other) {
        return other instanceof PatchArtifact that
                && id == that.id
                && libName.equals(that.libName)
                && Arrays.deepEquals(map, that.map)
                && aslrReference == that.aslrReference
                && newBaseAddress == that.newBaseAddress
                && Arrays.equals(library, that.library);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + libName.hashCode();
    }

    @Override
    public String toString() {
        return "PatchArtifact[id=" + id + ", lib=" + libName + ", entries=" + map.length
                + ", aslrReference=0x" + Long.toHexString(aslrReference) + ", bytes=" + library.length + "]";
    }
}
