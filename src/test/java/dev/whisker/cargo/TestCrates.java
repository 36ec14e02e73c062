package dev.whisker.cargo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Writes small std-only crates for the tests and collects events. */
final class TestCrates {

    /** Name of a function that nothing calls; {@code -C link-dead-code} must keep it in the binary. */
    static final String UNUSED_FUNCTION = "whisker_test_unused_function";

    /**
     * Name of a function of the path dependency that the app never calls. It sits in a module of
     * its own, so it lands in an object file that only a whole-archive link pulls in.
     */
    static final String UNUSED_HELPER = "whisker_unused_helper";

    private TestCrates() {
    }

    /**
     * Writes a workspace at {@code root}: the bin package {@code my-app} (which prints
     * {@code WHISKER_DEV_ADDR} and a greeting from the path dependency) and the lib package
     * {@code helper-lib} in {@code libs/helper lib}.
     */
    static Path writeAppWithPathDependency(Path root) {
        write(root.resolve("Cargo.toml"), """
                [package]
                name = "my-app"
                version = "0.1.0"
                edition = "2021"

                [dependencies]
                helper-lib = { path = "libs/helper lib" }

                [workspace]
                members = ["libs/helper lib"]
                """);
        write(root.resolve("src/main.rs"), """
                fn main() {
                    println!("{} from my-app", helper_lib::greeting());
                    println!("addr={}", std::env::var("WHISKER_DEV_ADDR").unwrap_or_default());
                    eprintln!("stderr line");
                }

                #[allow(dead_code)]
                #[inline(never)]
                fn %s() -> u64 {
                    42
                }
                """.formatted(UNUSED_FUNCTION));
        write(root.resolve("libs/helper lib/Cargo.toml"), """
                [package]
                name = "helper-lib"
                version = "0.2.0"
                edition = "2021"
                """);
        write(root.resolve("libs/helper lib/src/lib.rs"), """
                pub fn greeting() -> &'static str {
                    "hello"
                }

                pub mod extra {
                    pub fn %s() -> u32 {
                        2
                    }
                }
                """.formatted(UNUSED_HELPER));
        return root.resolve("Cargo.toml");
    }

    /** Writes a single bin package {@code name} whose {@code main.rs} has {@code mainSource}. */
    static Path writeBin(Path root, String name, String mainSource) {
        write(root.resolve("Cargo.toml"), """
                [package]
                name = "%s"
                version = "0.1.0"
                edition = "2021"
                """.formatted(name));
        write(root.resolve("src/main.rs"), mainSource);
        return root.resolve("Cargo.toml");
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a NUL-separated capture file into its entries. */
    static List<String> readNulSeparated(Path file) throws IOException {
        String text = Files.readString(file);
        List<String> entries = new ArrayList<>(List.of(text.split("\0", -1)));
        if (!entries.isEmpty() && entries.get(entries.size() - 1).isEmpty()) {
            entries.remove(entries.size() - 1);
        }
        return entries;
    }

    static Toolchain toolchain() throws ToolNotFoundException {
        return Toolchain.locate(Map.copyOf(System.getenv()));
    }

    /** Listener that keeps every event, for assertions. */
    static final class Recorder implements CargoListener {
        final List<CargoEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(CargoEvent event) {
            events.add(event);
        }

        <T extends CargoEvent> List<T> ofType(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }
}
