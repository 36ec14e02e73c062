//! The anchor in a dependency crate, where the whisker client defines it too: the patch of the bin crate
//! then does not define it, so the patcher's stub must export one for `dlsym`.

/// The anchor function; the distinct return value keeps identical-code folding from merging it.
#[unsafe(no_mangle)]
#[inline(never)]
pub extern "C" fn whisker_aslr_anchor() -> u64 {
    0x5748_4953_4b45_5200
}

/// Returns the anchor's runtime address in this process.
pub fn runtime_address() -> usize {
    let anchor: extern "C" fn() -> u64 = whisker_aslr_anchor;
    std::hint::black_box(anchor) as usize
}
