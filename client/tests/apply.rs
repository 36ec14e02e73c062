//! Applying real patch libraries received over a loopback connection. One test, because the
//! client starts once per process.

mod support;

use support::{build_c_library, build_rust_library, patch_frame, scratch_dir, symbol_address, TestServer};
use whisker_dev_client::json::{self, Value};
use whisker_dev_client::{call1, call_fn1, key_of_call1, Options};

/// Stands in for the original binary's static anchor address. It is above 2^63, so the slide
/// arithmetic must wrap correctly.
const STATIC_ANCHOR: u64 = 0xFFFF_FF00_0000_1000;

#[inline(never)]
fn host_function(x: u32) -> u32 {
    x + 1
}

const PATCH_SOURCE: &str = r#"
#[no_mangle]
pub extern "C" fn whisker_aslr_anchor() -> u64 { 7 }

#[no_mangle]
pub fn whisker_test_replacement(x: u32) -> u32 { x * 100 + 1 }

// Same layout as the host's closure, which captures one u32 by value.
pub struct Captures { offset: u32 }

#[no_mangle]
pub fn whisker_test_closure_replacement(captures: Captures, x: u32) -> u32 { x * 1000 + captures.offset }
"#;

/// Returns the static address the original binary would have for the runtime address `runtime`.
fn static_address(runtime: u64) -> u64 {
    runtime.wrapping_sub(whisker_dev_client::aslr_reference()).wrapping_add(STATIC_ANCHOR)
}

fn applied_reply(conn: &mut support::ServerConn) -> Value {
    let text = conn.read_text();
    let reply = json::parse(&text).unwrap_or_else(|error| panic!("invalid reply {text:?}: {error}"));
    assert_eq!(reply.get("kind").and_then(Value::as_str), Some("applied"), "{text}");
    reply
}

fn failure_message(reply: &Value, id: u64) -> String {
    assert_eq!(reply.get("id").and_then(Value::as_u64), Some(id));
    assert_eq!(reply.get("ok").and_then(Value::as_bool), Some(false));
    reply.get("error").and_then(Value::as_str).expect("failure has an error text").to_string()
}

#[test]
fn patches_apply_and_failures_keep_code() {
    let dir = scratch_dir("apply");
    let good = build_rust_library(&dir, "good_patch", PATCH_SOURCE);
    let unresolved = build_c_library(
        &dir,
        "unresolved_patch",
        "unsigned long whisker_aslr_anchor(void) { return 1; }\nextern int whisker_test_missing_symbol(void);\nint uses_missing(void) { return whisker_test_missing_symbol(); }\n",
    );
    let no_anchor = build_c_library(&dir, "no_anchor_patch", "int whisker_test_other(void) { return 3; }\n");

    let server = TestServer::bind();
    let patch_dir = dir.join("patches");
    let options = Options { addr: server.addr(), patch_dir: Some(patch_dir.clone()), ..Options::default() };
    assert!(whisker_dev_client::start_with(options));
    let mut conn = server.accept();
    conn.read_text();

    let offset = 42u32;
    let closure = move |x: u32| x + offset;
    assert_eq!(call_fn1(host_function, 5), 6);
    assert_eq!(call1(closure, 5), 47);

    // Not an ELF file, 20 MiB so the frame needs a 64-bit length.
    let junk = vec![0x5Au8; 20 << 20];
    conn.send_frame(true, 0x2, &patch_frame(1, &[], STATIC_ANCHOR, 0, &junk));
    let error = failure_message(&applied_reply(&mut conn), 1);
    assert!(error.contains("dlopen failed: "), "{error}");
    assert!(error.contains("invalid ELF header"), "{error}");
    assert_eq!(call_fn1(host_function, 5), 6, "a failed patch keeps the old code");

    // dlopen with RTLD_NOW rejects a library with an unresolved symbol.
    let library = std::fs::read(&unresolved).unwrap();
    conn.send_frame(true, 0x2, &patch_frame(2, &[], STATIC_ANCHOR, 0, &library));
    let error = failure_message(&applied_reply(&mut conn), 2);
    assert!(error.contains("undefined symbol: whisker_test_missing_symbol"), "{error}");

    let library = std::fs::read(&no_anchor).unwrap();
    conn.send_frame(true, 0x2, &patch_frame(3, &[], STATIC_ANCHOR, 0, &library));
    let error = failure_message(&applied_reply(&mut conn), 3);
    assert!(error.contains("patch library does not export `whisker_aslr_anchor`"), "{error}");

    let library = std::fs::read(&good).unwrap();
    let anchor_in_file = symbol_address(&good, "whisker_aslr_anchor");
    conn.send_frame(true, 0x2, &patch_frame(5, &[(1, 2)], STATIC_ANCHOR, anchor_in_file + 16, &library));
    let error = failure_message(&applied_reply(&mut conn), 5);
    let expected = format!("`table.new_base_address` is 0x{:x}, but `whisker_aslr_anchor` is at 0x{anchor_in_file:x}", anchor_in_file + 16);
    assert!(error.contains(&expected), "{error}");

    conn.send_frame(true, 0x2, b"\x00\x00\x00\x00\x00\x00\x00\x02{}");
    let error = failure_message(&applied_reply(&mut conn), 0);
    assert!(error.contains("no `kind`"), "{error}");
    assert_eq!(whisker_dev_client::installed_patches(), 0);
    assert_eq!(call_fn1(host_function, 5), 6);
    assert_eq!(call1(closure, 5), 47);

    // A working patch, sent in fragments with a ping between them.
    let function_key = static_address(host_function as fn(u32) -> u32 as *const () as usize as u64);
    let closure_key = static_address(key_of_call1(&closure));
    let map = [
        (function_key, symbol_address(&good, "whisker_test_replacement")),
        (closure_key, symbol_address(&good, "whisker_test_closure_replacement")),
    ];
    let frame = patch_frame(4, &map, STATIC_ANCHOR, anchor_in_file, &library);
    conn.send_binary_fragmented(&frame, 3);

    let pong = conn.read_frame();
    assert_eq!(pong.opcode, 0xA);
    assert_eq!(pong.payload, b"mid-message");
    let reply = applied_reply(&mut conn);
    assert_eq!(reply.get("id").and_then(Value::as_u64), Some(4));
    assert_eq!(reply.get("ok").and_then(Value::as_bool), Some(true), "{reply:?}");
    assert_eq!(reply.get("error"), Some(&Value::Null));

    assert_eq!(whisker_dev_client::installed_patches(), 1);
    assert_eq!(call_fn1(host_function, 5), 501);
    assert_eq!(call1(closure, 5), 5042);
    assert_eq!(host_function(5), 6, "direct calls keep the original code");

    let stored: Vec<_> = std::fs::read_dir(&patch_dir).unwrap().map(|entry| entry.unwrap().path()).collect();
    assert!(
        stored.iter().any(|path| path.file_name().unwrap().to_str().unwrap().starts_with("patch-4-")),
        "{stored:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
