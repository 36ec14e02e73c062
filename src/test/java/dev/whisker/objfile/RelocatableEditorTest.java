package dev.whisker.objfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelocatableEditorTest {
  private static final Pattern MOV_IMMEDIATE = Pattern.compile("48 c7 c[0-7] (([0-9a-f]{2} ){4})");
  private static SymbolCache host;

  @TempDir
  Path dir;

  @BeforeAll
  static void buildHost() throws IOException {
    host = SymbolCache.load(ThinObjects.host());
  }

  private static Predicate<String> hostData() {
    return name -> host.lookup(name).stream().anyMatch(s -> s.defined()
        && (s.kind() == SymbolKind.OBJECT || s.kind() == SymbolKind.UNKNOWN));
  }

  private static Function<String, OptionalLong> hostTpoff() {
    return name -> host.lookup(name).stream().filter(s -> s.defined() && s.kind() == SymbolKind.TLS)
        .mapToLong(s -> host.tpoff(s.address())).findFirst();
  }

  private static Symbol symbolNamed(ObjectFile file, String fragment) {
    return file.symbols().stream().filter(s -> s.name().contains(fragment)).findFirst().orElseThrow();
  }

  @Test
  void hostStaticsBecomeUndefined() throws IOException {
    Path thin = ThinObjects.thin(dir);
    RelocatableEdit.Result result = RelocatableEditor.edit(thin, new RelocatableEdit(hostData(), hostTpoff(), false));
    assertTrue(result.staticsMadeUndefined().stream().anyMatch(n -> n.contains("7COUNTER")),
        result.staticsMadeUndefined().toString());
    assertTrue(result.staticsMadeUndefined().stream().anyMatch(n -> n.contains("6ZEROED")));
    assertFalse(result.staticsMadeUndefined().stream().anyMatch(n -> n.contains("5TABLE")), "read-only data stays");
    assertFalse(result.staticsMadeUndefined().stream().anyMatch(n -> n.startsWith("DW.ref.")));
    ObjectFile edited = ObjectFiles.read(thin);
    Symbol counter = symbolNamed(edited, "7COUNTER");
    assertFalse(counter.defined());
    assertEquals(SymbolKind.UNKNOWN, counter.kind());
    assertTrue(symbolNamed(edited, "5TABLE").defined());
    NmCrossCheck.assertMatchesGnuNm(thin, edited);
  }

  @Test
  void staticsUnknownToHostStayDefined() throws IOException {
    Path thin = ThinObjects.thin(dir);
    RelocatableEdit.Result result = RelocatableEditor.edit(thin,
        new RelocatableEdit(name -> false, hostTpoff(), false));
    assertEquals(List.of(), result.staticsMadeUndefined());
    assertTrue(symbolNamed(ObjectFiles.read(thin), "7COUNTER").defined());
  }

  @Test
  void tlsRelocationsResolvedToHostOffsets() throws IOException {
    Path thin = ThinObjects.thin(dir);
    List<long[]> tpoff32 = relocations(thin, "R_X86_64_TPOFF32");
    RelocatableEdit.Result result = RelocatableEditor.edit(thin, new RelocatableEdit(hostData(), hostTpoff(), false));
    assertTrue(result.linkable(), result.toString());
    assertEquals(tpoff32.size() + 1, result.tlsRelocationsResolved(), "TPOFF32 entries plus std's GOTTPOFF");
    String relocations = Tools.run(dir, "readelf", "-rW", thin.toString());
    assertFalse(relocations.contains("TPOFF"), relocations);
    ObjectFile edited = ObjectFiles.read(thin);
    Symbol local = edited.symbols().stream().filter(s -> s.kind() == SymbolKind.TLS && s.name().contains("5LOCAL"))
        .findFirst().orElseThrow();
    assertEquals(host.tpoff(host.lookup(local.name()).get(0).address()), readInt32At(thin, tpoff32, local.name()));
  }

  @Test
  void initialExecRelaxedToImmediateMove() throws IOException {
    Path thin = ThinObjects.thin(dir);
    RelocatableEditor.edit(thin, new RelocatableEdit(hostData(), hostTpoff(), false));
    String disassembly = Tools.run(dir, "objdump", "-d", thin.toString());
    Matcher matcher = MOV_IMMEDIATE.matcher(disassembly);
    assertTrue(matcher.find(), "no mov $imm32,%reg after relaxation");
    String keys = host.symbols().stream().filter(s -> s.kind() == SymbolKind.TLS && s.name().contains("4KEYS"))
        .findFirst().orElseThrow().name();
    long expected = host.tpoff(host.lookup(keys).get(0).address());
    assertEquals((int) expected, ByteBuffer.wrap(hex(matcher.group(1))).order(ByteOrder.LITTLE_ENDIAN).getInt());
  }

  @Test
  void tlsMissingFromHostIsReported() throws IOException {
    Path thin = ThinObjects.thin(dir);
    byte[] before = Files.readAllBytes(thin);
    RelocatableEdit.Result result = RelocatableEditor.edit(thin,
        new RelocatableEdit(name -> false, name -> OptionalLong.empty(), false));
    assertFalse(result.linkable());
    assertEquals(0, result.tlsRelocationsResolved());
    assertTrue(result.missingHostTls().stream().anyMatch(n -> n.contains("5LOCAL")), result.toString());
    assertTrue(result.missingHostTls().stream().anyMatch(n -> n.contains("4KEYS")), result.toString());
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(thin)), "nothing was edited");
  }

  @Test
  void ehFramePointersMadePcRelative() throws IOException {
    Path thin = ThinObjects.thin(dir);
    RelocatableEdit.Result result = RelocatableEditor.edit(thin, new RelocatableEdit(hostData(), hostTpoff(), true));
    assertTrue(result.ehFramePointersRewritten() > 0);
    String frames = Tools.run(dir, "readelf", "--debug-dump=frames", thin.toString());
    assertTrue(frames.contains("Augmentation data:     1c"), frames.substring(0, Math.min(frames.length(), 3000)));
    String relocations = Tools.run(dir, "readelf", "-rW", thin.toString());
    String ehFrameRelocations = relocations.substring(relocations.indexOf("'.rela.eh_frame'"));
    long pc64 = ehFrameRelocations.lines().filter(l -> l.contains("R_X86_64_PC64")).count();
    assertTrue(pc64 >= result.ehFramePointersRewritten());
  }

  @Test
  void rustLldLinksWithStubOnlyAfterEhFrameEdit() throws IOException {
    Path rustLld = Path.of(Tools.run(dir, "rustc", "--print", "target-libdir").trim()).resolveSibling("bin")
        .resolve("rust-lld");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(rustLld), "no rust-lld at " + rustLld);
    Path absolute = ThinObjects.thin(dir);
    Path relative = Files.copy(absolute, dir.resolve("relative.o"));
    RelocatableEditor.edit(absolute, new RelocatableEdit(hostData(), hostTpoff(), false));
    RelocatableEditor.edit(relative, new RelocatableEdit(hostData(), hostTpoff(), true));
    Path stub = dir.resolve("stub.o");
    writeStub(RelocatableSymbols.of(List.of(relative)), stub);

    Tools.Result rejected = Tools.runAllowingFailure(dir, rustLld.toString(), "-flavor", "gnu", "-shared", "-z",
        "notext", "-o",
        dir.resolve("absolute.so").toString(), stub.toString(), absolute.toString());
    assertNotEquals(0, rejected.exitCode(), "rust-lld accepted absolute .eh_frame pointers");
    assertTrue(rejected.stderr().contains("eh_frame"), rejected.stderr());
    Tools.Result linked = Tools.runAllowingFailure(dir, rustLld.toString(), "-flavor", "gnu", "-shared", "-z",
        "notext", "-o",
        dir.resolve("relative.so").toString(), stub.toString(), relative.toString());
    assertEquals(0, linked.exitCode(), linked.stderr());
  }

  /** Writes the stub the patch pipeline would: trampolines to host functions, absolute host data addresses. */
  private static void writeStub(RelocatableSymbols needed, Path out) throws IOException {
    StubObjectWriter stub = StubObjectWriter.create(ObjectFormat.ELF64, Architecture.X86_64);
    for (String name : needed.undefined()) {
      Symbol definition = host.lookup(name).stream().filter(Symbol::defined).findFirst().orElse(null);
      if (definition == null || definition.kind() == SymbolKind.TLS) {
        continue;
      }
      if (definition.kind() == SymbolKind.FUNCTION) {
        stub.trampoline(name, definition.address(), SymbolBinding.GLOBAL, SymbolVisibility.HIDDEN);
      } else {
        stub.absolute(name, definition.address(), SymbolBinding.GLOBAL, SymbolVisibility.HIDDEN);
      }
    }
    stub.write(out);
  }

  @Test
  void nonX86ObjectIsRejected() {
    Path object = Fixtures.assemble("elf-aarch64-linux-gnu", "aarch64-linux-gnu", ElfAssembly.SOURCE);
    assertThrows(IllegalArgumentException.class,
        () -> RelocatableEditor.edit(object, new RelocatableEdit(name -> true, hostTpoff(), true)));
  }

  @Test
  void summaryListsUndefinedAndFunctions() throws IOException {
    Path thin = ThinObjects.thin(dir);
    RelocatableEditor.edit(thin, new RelocatableEdit(hostData(), hostTpoff(), false));
    RelocatableSymbols symbols = RelocatableSymbols.of(List.of(thin, Fixtures.cObject()));
    assertTrue(symbols.undefined().stream().anyMatch(n -> n.contains("7COUNTER")));
    assertTrue(symbols.undefined().contains("external_function"));
    assertFalse(symbols.undefined().contains("call_external"), "defined by the C object");
    assertTrue(symbols.definedFunctions().contains("main"));
    assertTrue(symbols.definedFunctions().stream().anyMatch(n -> n.contains("4bump")));
    assertTrue(symbols.definedData().contains("global_counter"));
  }

  /** Returns {offset in section, symbol index} of each relocation of {@code type}, with the section file offset. */
  private List<long[]> relocations(Path object, String type) {
    List<long[]> out = new ArrayList<>();
    for (String line : Tools.lines(Tools.run(dir, "readelf", "-rW", object.toString()))) {
      if (line.contains(type)) {
        String[] fields = line.trim().split("\\s+");
        out.add(new long[] {Long.parseUnsignedLong(fields[0], 16), Long.parseUnsignedLong(fields[1], 16) >>> 32});
      }
    }
    return out;
  }

  /** Reads the int32 a TPOFF32 relocation against {@code name} pointed at, using readelf's view of the object. */
  private long readInt32At(Path object, List<long[]> relocations, String name) throws IOException {
    ElfFile elf = ElfFile.parse(FileBytes.of("edited", ByteBuffer.wrap(Files.readAllBytes(object))));
    RawSymbolTable symbols = RawSymbolTable.read(elf);
    for (ElfSectionHeader rela : elf.sections) {
      if (rela.sh_type() != ElfSectionHeader.SHT_RELA) {
        continue;
      }
      ElfSectionHeader target = elf.sections.get((int) rela.sh_info());
      for (long at = rela.sh_offset(); at < rela.sh_offset() + rela.sh_size(); at += 24) {
        ByteBuffer buffer = elf.bytes.buffer();
        long info = buffer.getLong((int) at + 8);
        long offset = buffer.getLong((int) at);
        boolean listed = relocations.stream().anyMatch(r -> r[0] == offset && r[1] == (info >>> 32));
        if (listed && symbols.entries.get((int) (info >>> 32)).name().equals(name)) {
          return buffer.getInt((int) (target.sh_offset() + offset));
        }
      }
    }
    throw new AssertionError("no TPOFF32 relocation against " + name);
  }

  private static byte[] hex(String spaced) {
    String[] parts = spaced.trim().split(" ");
    byte[] out = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    return out;
  }
}
