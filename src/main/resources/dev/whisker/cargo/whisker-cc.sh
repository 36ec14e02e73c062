#!/bin/sh
# Linker wrapper written by whisker-maven-plugin (CARGO_TARGET_<TRIPLE>_LINKER).
# Called by rustc as: whisker-cc <linker args...>
# Runs $WHISKER_REAL_LINKER (default cc) with the same arguments, apart from the
# whole-archive wrapping described below. With WHISKER_CAPTURE_DIR
# set it first records the call under $WHISKER_CAPTURE_DIR/link/ as <key>.argv
# (NUL-separated, argv[0] = the real linker), <key>.env (env -0) and <key>.cwd, where key
# is the file name of the -o output. Each @response file is copied to <key>.rsp.<n>,
# because rustc deletes its response files, and the recorded argv points to the copy.

real=${WHISKER_REAL_LINKER:-cc}

# With WHISKER_WHOLE_ARCHIVE_CRATE=<crate> (set only for compiler-driver linkers), the link whose
# output is named <crate>-* (a bin) or lib<crate>.so (a cdylib) gets every rlib outside the Rust
# sysroot wrapped in
# -Wl,--whole-archive, so that code a later patch calls is in the binary even if the program
# never used it. Rlibs inside a response file are left as they are.
if [ -n "${WHISKER_WHOLE_ARCHIVE_CRATE:-}" ]; then
    whisker_out=
    whisker_prev=
    for arg in "$@"; do
        [ "$whisker_prev" = "-o" ] && whisker_out=${arg##*/}
        whisker_prev=$arg
    done
    case "$whisker_out" in
        "$WHISKER_WHOLE_ARCHIVE_CRATE"-* | lib"$WHISKER_WHOLE_ARCHIVE_CRATE".so | lib"$WHISKER_WHOLE_ARCHIVE_CRATE"-*.so)
            # WHISKER_EXTRA_RLIBS names a file with one rlib per line: declared dependencies that the
            # crate does not name, so rustc leaves them out. They go before the first sysroot rlib,
            # because GNU ld resolves archives from left to right and std must follow its callers.
            whisker_extra_done=
            for arg in "$@"; do
                shift
                case "$arg" in
                    */lib/rustlib/*.rlib)
                        if [ -z "$whisker_extra_done" ] && [ -r "${WHISKER_EXTRA_RLIBS:-}" ]; then
                            while IFS= read -r whisker_extra || [ -n "$whisker_extra" ]; do
                                whisker_named=
                                for whisker_arg in "$@"; do
                                    [ "$whisker_arg" = "$whisker_extra" ] && whisker_named=1
                                done
                                if [ -n "$whisker_extra" ] && [ -z "$whisker_named" ]; then
                                    set -- "$@" -Wl,--whole-archive "$whisker_extra" -Wl,--no-whole-archive
                                fi
                            done < "$WHISKER_EXTRA_RLIBS"
                        fi
                        whisker_extra_done=1
                        set -- "$@" "$arg"
                        ;;
                    */lib/rustlib/*) set -- "$@" "$arg" ;;
                    *.rlib) set -- "$@" -Wl,--whole-archive "$arg" -Wl,--no-whole-archive ;;
                    *) set -- "$@" "$arg" ;;
                esac
            done
            ;;
    esac
fi

if [ -z "${WHISKER_CAPTURE_DIR:-}" ]; then
    exec "$real" "$@"
fi

out=
whisker_prev=

# Reads one argument (from argv or from a response-file line) and notes the -o output.
whisker_scan() {
    if [ "$whisker_prev" = "-o" ]; then
        out=$1
    fi
    case "$1" in
        -o?*) out=${1#-o} ;;
    esac
    whisker_prev=$1
}

for arg in "$@"; do
    case "$arg" in
        @*)
            # rustc writes one argument per line and escapes spaces, quotes and
            # backslashes with a backslash.
            if [ -r "${arg#@}" ]; then
                while IFS= read -r line || [ -n "$line" ]; do
                    whisker_scan "$(printf '%s' "$line" | sed 's/\\\(.\)/\1/g')"
                done < "${arg#@}"
            fi
            ;;
        *) whisker_scan "$arg" ;;
    esac
done

if [ -z "$out" ]; then
    exec "$real" "$@"
fi

key=${out##*/}
dir=$WHISKER_CAPTURE_DIR/link
tmp=$dir/.tmp.$key.$$
umask 077
mkdir -p "$dir" || exec "$real" "$@"

n=0
printf '%s\0' "$real" > "$tmp.argv"
for arg in "$@"; do
    case "$arg" in
        @*)
            if [ -r "${arg#@}" ]; then
                n=$((n + 1))
                cp "${arg#@}" "$tmp.rsp.$n" && mv -f "$tmp.rsp.$n" "$dir/$key.rsp.$n"
                arg="@$dir/$key.rsp.$n"
            fi
            ;;
    esac
    printf '%s\0' "$arg" >> "$tmp.argv"
done
env -0 > "$tmp.env"
printf '%s' "$(pwd -P)" > "$tmp.cwd"
mv -f "$tmp.env" "$dir/$key.env"
mv -f "$tmp.cwd" "$dir/$key.cwd"
mv -f "$tmp.argv" "$dir/$key.argv"

exec "$real" "$@"
