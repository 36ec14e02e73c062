//! Minimal patch loader for the hot-patch tests: the same steps as the client crate (dlopen, bias from the
//! anchor, one table swap), driven by lines on stdin so the Java test controls when a patch is applied.
//!
//! Commands: `load <library> <table file>` and `quit`; every other line is passed to the app's handler.
//! The table file has a first line `<aslr_reference> <new_base_address> <anchor name>` and then `<old> <new>`
//! pairs, addresses in hex. The anchor is `whisker_aslr_anchor` or `main`, as subsecond uses.

use std::collections::HashMap;
use std::ffi::{CStr, CString, c_char, c_void};
use std::io::BufRead;
use std::sync::Mutex;

static TABLE: Mutex<Option<HashMap<usize, usize>>> = Mutex::new(None);

const RTLD_NOW: i32 = 2;

unsafe extern "C" {
    fn dlopen(file: *const c_char, flags: i32) -> *mut c_void;
    fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
    fn dlerror() -> *const c_char;
    /// The C entry point rustc generates for this bin crate, which subsecond-style clients anchor on.
    #[link_name = "main"]
    fn c_main(argc: i32, argv: *const *const c_char) -> i32;
}

fn anchor_address(name: &str) -> usize {
    if name == "main" {
        c_main as usize
    } else {
        anchor::runtime_address()
    }
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
    let anchor = *header.get(2).ok_or("table header lacks the anchor name")?;
    let path = CString::new(library).map_err(|e| e.to_string())?;
    // SAFETY: dlopen and dlerror are called with valid NUL-terminated strings.
    let handle = unsafe { dlopen(path.as_ptr(), RTLD_NOW) };
    if handle.is_null() {
        // SAFETY: dlerror returns a valid C string after a failed dlopen.
        return Err(unsafe { CStr::from_ptr(dlerror()) }.to_string_lossy().into_owned());
    }
    let anchor_name = CString::new(anchor).map_err(|e| e.to_string())?;
    // SAFETY: the handle is a live library handle and the name is NUL-terminated.
    let patch_anchor = unsafe { dlsym(handle, anchor_name.as_ptr()) } as usize;
    if patch_anchor == 0 {
        return Err(format!("patch does not export {anchor}"));
    }
    let bias = patch_anchor.wrapping_sub(new_base);
    let slide = anchor_address(anchor).wrapping_sub(aslr_reference);
    let mut map = HashMap::new();
    for line in lines {
        let (old, new) = line.split_once(' ').ok_or("invalid table line")?;
        map.insert(parse_hex(old)?.wrapping_add(slide), parse_hex(new)?.wrapping_add(bias));
    }
    let count = map.len();
    *TABLE.lock().unwrap() = Some(map);
    Ok(count)
}

/// Prints the runtime addresses of both anchors, then serves stdin until `quit` or end of input.
pub fn serve(handle: fn(&str)) {
    println!("anchor {:x} {:x}", anchor_address("whisker_aslr_anchor"), anchor_address("main"));
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
