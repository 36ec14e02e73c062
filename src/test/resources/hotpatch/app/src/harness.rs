//! Minimal patch loader for the hot-patch tests: the same steps as the client crate (dlopen, bias from the
//! anchor, one table swap), driven by lines on stdin so the Java test controls when a patch is applied.
//!
//! Commands: `load <library> <table file>` and `quit`; every other line is passed to the app's handler.
//! The table file has a first line `<aslr_reference> <new_base_address>` and then `<old> <new>` pairs, all hex.

use std::collections::HashMap;
use std::ffi::{CStr, CString, c_char, c_void};
use std::io::BufRead;
use std::sync::Mutex;

#[unsafe(no_mangle)]
#[used]
pub static whisker_aslr_anchor: u8 = 0;

static TABLE: Mutex<Option<HashMap<usize, usize>>> = Mutex::new(None);

const RTLD_NOW: i32 = 2;

unsafe extern "C" {
    fn dlopen(file: *const c_char, flags: i32) -> *mut c_void;
    fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
    fn dlerror() -> *const c_char;
}

fn anchor_address() -> usize {
    &whisker_aslr_anchor as *const u8 as usize
}

/// Calls `f` through the current patch table, or `f` itself when no patch replaced it.
pub fn call<R>(f: fn() -> R) -> R {
    let address = f as usize;
    let target = TABLE.lock().unwrap().as_ref().and_then(|t| t.get(&address).copied());
    match target {
        // SAFETY: the table maps a function to its patched copy, which has the same signature.
        Some(new) => unsafe { std::mem::transmute::<usize, fn() -> R>(new)() },
        None => f(),
    }
}

fn parse_hex(text: &str) -> Result<usize, String> {
    usize::from_str_radix(text, 16).map_err(|e| format!("invalid hex '{text}': {e}"))
}

fn load(library: &str, table_file: &str) -> Result<usize, String> {
    let text = std::fs::read_to_string(table_file).map_err(|e| e.to_string())?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().ok_or("empty table")?.split(' ').collect();
    let aslr_reference = parse_hex(header[0])?;
    let new_base = parse_hex(header[1])?;
    let path = CString::new(library).map_err(|e| e.to_string())?;
    // SAFETY: dlopen and dlerror are called with valid NUL-terminated strings.
    let handle = unsafe { dlopen(path.as_ptr(), RTLD_NOW) };
    if handle.is_null() {
        // SAFETY: dlerror returns a valid C string after a failed dlopen.
        return Err(unsafe { CStr::from_ptr(dlerror()) }.to_string_lossy().into_owned());
    }
    // SAFETY: the handle is a live library handle and the name is NUL-terminated.
    let patch_anchor = unsafe { dlsym(handle, c"whisker_aslr_anchor".as_ptr()) } as usize;
    if patch_anchor == 0 {
        return Err("patch does not export whisker_aslr_anchor".into());
    }
    let bias = patch_anchor.wrapping_sub(new_base);
    let slide = anchor_address().wrapping_sub(aslr_reference);
    let mut map = HashMap::new();
    for line in lines {
        let (old, new) = line.split_once(' ').ok_or("invalid table line")?;
        map.insert(parse_hex(old)?.wrapping_add(slide), parse_hex(new)?.wrapping_add(bias));
    }
    let count = map.len();
    *TABLE.lock().unwrap() = Some(map);
    Ok(count)
}

/// Prints the anchor's runtime address, then serves stdin until `quit` or end of input.
pub fn serve(handle: fn(&str)) {
    println!("anchor {:x}", anchor_address());
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        let words: Vec<&str> = line.split(' ').collect();
        match words[0] {
            "quit" => break,
            "load" if words.len() == 3 => match load(words[1], words[2]) {
                Ok(n) => println!("loaded {n}"),
                Err(e) => println!("load failed: {e}"),
            },
            _ => handle(&line),
        }
    }
}
