package dev.whisker.hotpatch;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one finished tool process.
 *
 * @param argv the command that ran
 * @param exitCode the process exit code
 * @param stdout everything the tool wrote to standard output, decoded as UTF-8
 * @param stderr everything the tool wrote to standard error, decoded as UTF-8
 * @param elapsed wall time from start to exit
 */
public record ToolResult(List<String> argv, int exitCode, String stdout, String stderr, Duration elapsed) {

    public ToolResult {
        argv = List.copyOf(argv);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }
}
