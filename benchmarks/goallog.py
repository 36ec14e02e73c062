"""Tail of the goal's output file, with the time at which the harness first saw each line."""

import re
import time

# The goal's per-patch line, e.g. "Patch 3 (app): 24 KiB, applied by 1 of 1 client, 186 ms (rustc 100 ms, link 30 ms)".
PATCH_LINE = re.compile(r"Patch (?P<id>\d+)(?: \(.+?\))?: (?P<size>[\d.]+) (?P<unit>KiB|MiB), applied by (?P<applied>\d+) of "
                        r"(?P<clients>\d+) clients?, (?P<total>\d+) ms \((?P<steps>[^)]*)\)")
# Any other per-patch timing line: it names the patch and has at least two "<n> ms" figures.
TIMING_FIGURE = re.compile(r"(\d+(?:\.\d+)?) ?ms\b")
TIMING_PART = re.compile(r"([A-Za-z][A-Za-z +/-]*?)[ =:(]+(\d+(?:\.\d+)?) ?ms\b")
POLL_SECONDS = 0.002


class GoalFailed(Exception):
    """The goal ended, timed out or asked for a full reload while the harness waited for a line."""


class GoalLog:
    """Reader of new lines of the goal's log, polled every 2 ms. Times are `time.perf_counter()` values."""

    def __init__(self, path, process):
        self.file = open(path, "r", errors="replace")
        self.process = process
        self.partial = ""
        self.lines = []
        self.cursor = 0

    def poll(self):
        chunk = self.file.read()
        if not chunk:
            return
        now = time.perf_counter()
        complete = (self.partial + chunk).split("\n")
        self.partial = complete.pop()
        self.lines.extend((now, line) for line in complete)

    def skip_to_end(self):
        """Make the next wait_for look only at lines that arrive after this call."""
        self.poll()
        self.cursor = len(self.lines)

    def lines_since(self, start):
        self.poll()
        return [(at, line) for at, line in self.lines if at >= start]

    def wait_for(self, pattern, timeout, fail_on=None, required=True):
        """Return the time of the next line matching `pattern`.

        Raises GoalFailed when a line matches `fail_on`, when the goal exits, or when `timeout`
        seconds pass and `required` is set. Without `required`, a timeout returns None.
        """
        deadline = time.perf_counter() + timeout
        while True:
            self.poll()
            while self.cursor < len(self.lines):
                at, line = self.lines[self.cursor]
                self.cursor += 1
                if pattern.search(line):
                    return at
                if fail_on is not None and fail_on.search(line):
                    raise GoalFailed(f"the goal printed {line.strip()!r} while the harness waited for {pattern.pattern!r}")
            if self.process.poll() is not None:
                raise GoalFailed(f"the goal exited with code {self.process.returncode}; last lines:\n{self.tail()}")
            if time.perf_counter() > deadline:
                if not required:
                    return None
                raise GoalFailed(f"no line matching {pattern.pattern!r} within {timeout} s; last lines:\n{self.tail()}")
            time.sleep(POLL_SECONDS)

    def tail(self, count=15):
        return "\n".join(line for _, line in self.lines[-count:])

    @staticmethod
    def is_timing_line(line):
        return "[app" not in line and re.search(r"\bpatch\b", line, re.IGNORECASE) is not None \
            and len(TIMING_FIGURE.findall(line)) >= 2

    @staticmethod
    def parse_timing(line):
        """Map each "<step> <n> ms" pair of a timing line to its milliseconds, in line order.

        On the goal's per-patch line the total is stored as "total" and the library size as
        "size KiB". On other lines a figure after "in" ("... in 412 ms") is taken as the total.
        """
        match = PATCH_LINE.search(line)
        if match is not None:
            scale = 1024 if match["unit"] == "MiB" else 1
            parts = {"total": float(match["total"]), "size KiB": float(match["size"]) * scale}
            for name, value in TIMING_PART.findall(match["steps"]):
                parts[name.strip().lower()] = float(value)
            return parts
        parts = {}
        for name, value in TIMING_PART.findall(line):
            name = name.strip().lower()
            if name == "in" or name.endswith(" in"):
                name = "total"
            parts[name] = float(value)
        return parts
