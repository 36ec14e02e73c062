//! The ASLR anchor: a function whose static address the server reads from the app's symbol
//! table and whose runtime address the client sends in its hello, so the server and the client
//! agree on the app's load offset.
//!
//! It is a function, not a static, because the linker's `--gc-sections` keeps it as long as
//! [`runtime_address`] takes its address, and a function is what subsecond anchors on as well.
//! In a PIE executable it is a GLOBAL FUNC in `.symtab` and absent from `.dynsym`.

/// The anchor. `#[no_mangle]` keeps its name stable across builds; `#[inline(never)]` and the
/// distinct return value keep it a separate function that identical-code folding cannot merge.
#[no_mangle]
#[inline(never)]
pub extern "C" fn whisker_aslr_anchor() -> u64 {
    // The bytes of "WHISKER\0", only to make the body unlike any other function's.
    0x5748_4953_4b45_5200
}

/// Returns the anchor's runtime address in this process.
pub fn runtime_address() -> u64 {
    let anchor: extern "C" fn() -> u64 = whisker_aslr_anchor;
    std::hint::black_box(anchor) as *const () as usize as u64
}
