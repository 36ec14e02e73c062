//! Storage of patch libraries before `dlopen`, in a directory only the current user can read
//! and write, so no other local user can read a patch or swap it before it is loaded.

use std::fs::{self, DirBuilder, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Once;

extern "C" {
    fn getuid() -> u32;
}

static FILE_COUNTER: AtomicU64 = AtomicU64::new(0);
static STALE_REMOVED: Once = Once::new();

fn current_uid() -> u32 {
    // SAFETY: getuid takes no arguments, cannot fail and has no side effects.
    unsafe { getuid() }
}

/// Returns the default patch directory: `$XDG_RUNTIME_DIR/whisker-dev` when that variable names
/// an absolute path, else `<temp dir>/whisker-<uid>`.
pub fn default_dir() -> PathBuf {
    match std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from) {
        Some(runtime) if runtime.is_absolute() && runtime.is_dir() => runtime.join("whisker-dev"),
        _ => std::env::temp_dir().join(format!("whisker-{}", current_uid())),
    }
}

/// Creates `dir` with mode 0700 or checks an existing one: it must be a real directory (not a
/// symbolic link) owned by the current user. Group and other permissions are removed.
pub fn prepare_dir(dir: &Path) -> io::Result<()> {
    match DirBuilder::new().mode(0o700).create(dir) {
        Ok(()) => {}
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
        Err(error) => return Err(io::Error::new(error.kind(), format!("cannot create {}: {error}", dir.display()))),
    }

    let metadata = fs::symlink_metadata(dir)?;
    if !metadata.file_type().is_dir() {
        return Err(io::Error::other(format!(
            "{} is not a directory; remove it or set WHISKER_DEV_PATCH_DIR",
            dir.display()
        )));
    }
    let uid = current_uid();
    if metadata.uid() != uid {
        return Err(io::Error::other(format!(
            "{} is owned by uid {}, not by this user (uid {uid}); set WHISKER_DEV_PATCH_DIR to a directory of your own",
            dir.display(),
            metadata.uid()
        )));
    }
    if metadata.mode() & 0o077 != 0 {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Writes `library` to a new file `patch-<id>-<pid>-<n>.so` in `dir` with mode 0600 and returns
/// its path. The name is new for every call, because glibc returns an already loaded library
/// for a path it has seen, even when the file changed.
pub fn write_library(dir: &Path, id: u64, library: &[u8]) -> io::Result<PathBuf> {
    prepare_dir(dir)?;
    STALE_REMOVED.call_once(|| remove_stale(dir));
    loop {
        let counter = FILE_COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!("patch-{id}-{}-{counter}.so", std::process::id()));
        let file = OpenOptions::new().write(true).create_new(true).mode(0o600).open(&path);
        let mut file = match file {
            Ok(file) => file,
            // A file left by an earlier process with the same pid: take the next counter.
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(io::Error::new(error.kind(), format!("cannot create {}: {error}", path.display()))),
        };
        file.write_all(library)
            .and_then(|()| file.sync_data())
            .map_err(|error| io::Error::new(error.kind(), format!("cannot write {}: {error}", path.display())))?;
        return Ok(path);
    }
}

/// Deletes the patch libraries of processes that no longer run, so that the directory does not
/// grow with every session. The files of a running process stay, because the loader and
/// backtrace symbolisation read them by path. A pid reused by an unrelated process keeps its
/// files until a later cleanup; errors are ignored, since a leftover file only costs disk space.
pub fn remove_stale(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let own_pid = std::process::id();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(owner_pid) else {
            continue;
        };
        if pid != own_pid && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Returns the pid in a name written by [`write_library`]: `patch-<id>-<pid>-<n>.so`.
fn owner_pid(name: &str) -> Option<u32> {
    let fields: Vec<&str> = name.strip_prefix("patch-")?.strip_suffix(".so")?.split('-').collect();
    match fields.as_slice() {
        [id, pid, counter] if id.parse::<u64>().is_ok() && counter.parse::<u64>().is_ok() => pid.parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Returns a pid that no running process has, by probing `/proc` downwards from the maximum.
    fn unused_pid() -> u32 {
        (1_000_000..4_194_304u32).rev().find(|pid| !Path::new(&format!("/proc/{pid}")).exists()).unwrap()
    }

    #[test]
    fn remove_stale_keeps_live_processes_files() {
        let dir = scratch_dir("stale");
        prepare_dir(&dir).unwrap();
        let dead = dir.join(format!("patch-3-{}-0.so", unused_pid()));
        let own = dir.join(format!("patch-4-{}-0.so", std::process::id()));
        let other = dir.join("notes.txt");
        for path in [&dead, &own, &other] {
            fs::write(path, b"x").unwrap();
        }

        remove_stale(&dir);

        assert!(!dead.exists(), "{} of an ended process was kept", dead.display());
        assert!(own.exists(), "{} of this process was removed", own.display());
        assert!(other.exists(), "{} is not a patch library but was removed", other.display());
    }

    #[test]
    fn owner_pid_reads_only_library_names() {
        assert_eq!(owner_pid("patch-7-1234-0.so"), Some(1234));
        assert_eq!(owner_pid("patch-7-1234.so"), None);
        assert_eq!(owner_pid("patch-x-1234-0.so"), None);
        assert_eq!(owner_pid("notes.txt"), None);
    }

    fn scratch_dir(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("whisker-storage-test-{}-{name}", std::process::id()))
    }

    #[test]
    fn write_library_uses_private_modes() {
        let dir = scratch_dir("modes");
        let path = write_library(&dir, 7, b"bytes").unwrap();
        assert_eq!(fs::metadata(&dir).unwrap().mode() & 0o777, 0o700);
        assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, 0o600);
        assert_eq!(fs::read(&path).unwrap(), b"bytes");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn write_library_gives_unique_names() {
        let dir = scratch_dir("unique");
        let first = write_library(&dir, 1, b"a").unwrap();
        let second = write_library(&dir, 1, b"b").unwrap();
        assert_ne!(first, second);
        assert!(first.file_name().unwrap().to_str().unwrap().starts_with("patch-1-"));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn prepare_dir_tightens_open_directory() {
        let dir = scratch_dir("open");
        fs::create_dir_all(&dir).unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
        prepare_dir(&dir).unwrap();
        assert_eq!(fs::metadata(&dir).unwrap().mode() & 0o777, 0o700);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn prepare_dir_rejects_symlink() {
        let target = scratch_dir("link-target");
        let link = scratch_dir("link");
        fs::create_dir_all(&target).unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let error = prepare_dir(&link).unwrap_err();
        assert!(error.to_string().contains("is not a directory"), "{error}");
        fs::remove_file(&link).unwrap();
        fs::remove_dir_all(&target).unwrap();
    }
}
