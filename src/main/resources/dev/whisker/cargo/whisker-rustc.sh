#!/bin/sh
# Rustc wrapper written by whisker-maven-plugin (RUSTC_WORKSPACE_WRAPPER).
# Called as: whisker-rustc <real rustc> <args...>
# With WHISKER_CAPTURE_DIR set it records the call under $WHISKER_CAPTURE_DIR/rustc/
# as <key>.argv (NUL-separated), <key>.env (env -0) and <key>.cwd, where
# key = <crate-name><extra-filename>, and then runs the real rustc unchanged.
# Cargo's probe call (--crate-name ___) and calls without --crate-name are not recorded.
# An @argfile from cargo (used when the command line is too long) is copied to
# <key>.rsp.<n> because cargo deletes it, and the recorded argv points to the copy.

if [ -z "${WHISKER_CAPTURE_DIR:-}" ]; then
    exec "$@"
fi

crate=
extra=

# Reads one argument (from argv or from an argfile line) and notes the key parts.
whisker_scan() {
    case "$whisker_prev" in
        --crate-name) crate=$1 ;;
        -C) case "$1" in extra-filename=*) extra=${1#extra-filename=} ;; esac ;;
    esac
    case "$1" in
        --crate-name=*) crate=${1#--crate-name=} ;;
        -Cextra-filename=*) extra=${1#-Cextra-filename=} ;;
    esac
    whisker_prev=$1
}

whisker_prev=
for arg in "$@"; do
    case "$arg" in
        @*)
            if [ -r "${arg#@}" ]; then
                while IFS= read -r line || [ -n "$line" ]; do
                    whisker_scan "$line"
                done < "${arg#@}"
            fi
            ;;
        *) whisker_scan "$arg" ;;
    esac
done

if [ -z "$crate" ] || [ "$crate" = "___" ]; then
    exec "$@"
fi

key=$crate$extra
dir=$WHISKER_CAPTURE_DIR/rustc
tmp=$dir/.tmp.$key.$$
umask 077
mkdir -p "$dir" || exec "$@"

n=0
: > "$tmp.argv"
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

exec "$@"
