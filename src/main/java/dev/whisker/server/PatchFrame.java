package dev.whisker.server;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One server-to-client patch: the jump table header and the bytes of the patch library.
 *
 * <p>Addresses are unsigned 64-bit values stored in {@code long}: a negative {@code long} stands for a value at or above
 * 2^63, and the codec writes it with {@link Long#toUnsignedString(long)}. {@code map} holds pairs
 * {@code [old, new]}: {@code old} is a static address in the original binary, {@code new} a static address in the
 * patch library. {@code aslrReference} is the anchor's static address in the original binary and
 * {@code newBaseAddress} the anchor's static address in the patch.
 *
 * <p>The record copies {@code map} and {@code library} on construction and on access, so a frame stays unchanged
 * after it is queued to several clients. Equality compares contents.
 *
 * @param id patch id, echoed by the client in its {@code applied} reply
 * @param lib name of the patch library, for the client's logs and for naming the file it writes
 * @param map pairs {@code [old, new]}, each array of length 2
 * @param aslrReference static address of the anchor in the original binary
 * @param newBaseAddress static address of the anchor in the patch library
 * @param library bytes of the patch library
 */
public record PatchFrame(long id, String lib, List<long[]> map, long aslrReference, long newBaseAddress,
                         byte[] library) {

    /**
     * Validates and copies the arguments.
     *
     * @throws IllegalArgumentException if a map entry is not a pair
     * @throws NullPointerException if {@code lib}, {@code map}, a map entry or {@code library} is null
     */
    public PatchFrame {
        Objects.requireNonNull(lib, "lib");
        Objects.requireNonNull(library, "library");
        map = copyPairs(map);
        library = library.clone();
    }

    @Override
    public List<long[]> map() {
        return copyPairs(map);
    }

    @Override
    public byte[] library() {
        return library.clone();
    }

    /** Number of library bytes, without copying them. */
    public int libraryLength() {
        return library.length;
    }

    /** Writes the library bytes to {@code target} without an intermediate copy. */
    void copyLibraryTo(ByteBuffer target) {
        target.put(library);
    }

    private static List<long[]> copyPairs(List<long[]> pairs) {
        Objects.requireNonNull(pairs, "map");
        List<long[]> copy = new ArrayList<>(pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            long[] pair = Objects.requireNonNull(pairs.get(i), "map[" + i + "]");
            if (pair.length != 2) {
                throw new IllegalArgumentException(
                        "map[" + i + "] has " + pair.length + " elements; expected a pair [old, new]");
            }
            copy.add(pair.clone());
        }
        return List.copyOf(copy);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof PatchFrame that)) {
            return false;
        }
        return id == that.id && aslrReference == that.aslrReference && newBaseAddress == that.newBaseAddress
                && lib.equals(that.lib) && pairsEqual(map, that.map) && Arrays.equals(library, that.library);
    }

    private static boolean pairsEqual(List<long[]> a, List<long[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = Objects.hash(id, lib, aslrReference, newBaseAddress);
        for (long[] pair : map) {
            hash = 31 * hash + Arrays.hashCode(pair);
        }
        return 31 * hash + Arrays.hashCode(library);
    }

    /** Summarizes the frame; the map and library are given as sizes, because a table can have thousands of entries. */
    @Override
    public String toString() {
        return "PatchFrame[id=" + Long.toUnsignedString(id) + ", lib=" + lib + ", map=" + map.size() + " pairs"
                + ", aslrReference=0x" + Long.toHexString(aslrReference)
                + ", newBaseAddress=0x" + Long.toHexString(newBaseAddress)
                + ", library=" + library.length + " bytes]";
    }
}
