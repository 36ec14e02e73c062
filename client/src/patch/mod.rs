//! Applying a patch frame: store the library, load it, translate the jump table, install it.

mod dl;
pub mod header;
pub mod storage;

use crate::anchor;
use crate::table;
use std::fmt;
use std::path::{Path, PathBuf};

/// Symbol that both the app and every patch library define; its address difference between
/// static and runtime gives each side's load bias.
pub const ANCHOR_SYMBOL: &str = "whisker_aslr_anchor";

/// The result of a successfully applied patch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub id: u64,
    /// Jump-table entries this patch installed.
    pub entries: usize,
    pub path: PathBuf,
}

/// Reason a patch was not applied. The app's code is unchanged in every case.
#[derive(Debug)]
pub enum ApplyError {
    /// The frame or its JSON header is malformed.
    Frame(header::FrameError),
    /// The library could not be written to the patch directory.
    Store(std::io::Error),
    /// `dlopen` failed; the message is the loader's (`dlerror`).
    Load { path: PathBuf, message: String },
    /// The loaded library does not export the anchor symbol.
    MissingAnchor { path: PathBuf, message: String },
    /// The header's `new_base_address` disagrees with the anchor's address in the library, so
    /// every replacement address would be wrong.
    AnchorMismatch { new_base_address: u64, anchor_in_file: u64 },
}

impl fmt::Display for ApplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApplyError::Frame(error) => write!(f, "{error}"),
            ApplyError::Store(error) => write!(f, "cannot store the patch library: {error}"),
            // glibc's message starts with the library's path.
            ApplyError::Load { message, .. } => write!(f, "dlopen failed: {message}"),
            ApplyError::MissingAnchor { message, .. } => write!(
                f,
                "patch library does not export `{ANCHOR_SYMBOL}` ({message}); the server must link the anchor into every patch"
            ),
            ApplyError::AnchorMismatch { new_base_address, anchor_in_file } => write!(
                f,
                "header `table.new_base_address` is 0x{new_base_address:x}, but `{ANCHOR_SYMBOL}` is at 0x{anchor_in_file:x} in the patch library; the server must send the anchor's address from the library's symbol table"
            ),
        }
    }
}

impl std::error::Error for ApplyError {}

/// Returns the patch id of a frame when its header can be read, for replies about bad frames.
pub fn frame_id(frame: &[u8]) -> Option<u64> {
    header::decode_frame(frame).ok().map(|decoded| decoded.header.id)
}

/// Applies one binary patch frame: writes its library to a new file in `dir`, loads it with
/// `RTLD_NOW` and installs the translated jump table with one atomic swap.
pub fn apply_frame(frame: &[u8], dir: &Path) -> Result<Applied, ApplyError> {
    let decoded = header::decode_frame(frame).map_err(ApplyError::Frame)?;
    let header = decoded.header;
    let path = storage::write_library(dir, header.id, decoded.library).map_err(ApplyError::Store)?;

    let library = dl::open_now(&path).map_err(|message| ApplyError::Load { path: path.clone(), message })?;
    let patch_anchor = library
        .symbol(ANCHOR_SYMBOL)
        .map_err(|message| ApplyError::MissingAnchor { path: path.clone(), message })?;

    // Wrapping arithmetic: both differences are offsets modulo 2^64 and may be "negative".
    let host_slide = anchor::runtime_address().wrapping_sub(header.aslr_reference);
    let patch_bias = patch_anchor.wrapping_sub(header.new_base_address);
    check_bias(&library, patch_anchor, header.new_base_address, patch_bias)?;
    let entries = header.map.len();
    table::install(
        header
            .map
            .iter()
            .map(|&(old, new)| (old.wrapping_add(host_slide), new.wrapping_add(patch_bias))),
    );
    Ok(Applied { id: header.id, entries, path })
}

/// Compares the bias from the anchor with the loader's own bias, which catches a header whose
/// `new_base_address` is not the anchor's address in this library.
fn check_bias(library: &dl::Library, patch_anchor: u64, new_base_address: u64, patch_bias: u64) -> Result<(), ApplyError> {
    match library.load_bias() {
        Ok(loader_bias) if loader_bias != patch_bias => Err(ApplyError::AnchorMismatch {
            new_base_address,
            anchor_in_file: patch_anchor.wrapping_sub(loader_bias),
        }),
        Ok(_) => Ok(()),
        // NOTE: without dlinfo the header cannot be checked; the anchor's bias is used as is.
        Err(message) => {
            crate::diag::debug(&format!("dlinfo failed, new_base_address not checked: {message}"));
            Ok(())
        }
    }
}
