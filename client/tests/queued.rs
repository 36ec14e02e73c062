//! The queued apply mode: patches wait until the app calls `apply_pending`.

mod support;

use support::{build_rust_library, patch_frame, scratch_dir, symbol_address, wait_until, TestServer};
use whisker_dev_client::json::{self, Value};
use whisker_dev_client::{call_fn1, ApplyMode, Options};

#[inline(never)]
fn host_function(x: u32) -> u32 {
    x + 1
}

const PATCH_SOURCE: &str = r#"
#[no_mangle]
pub extern "C" fn whisker_aslr_anchor() -> u64 { 7 }

#[no_mangle]
pub fn whisker_test_replacement(x: u32) -> u32 { x * 100 + 1 }
"#;

#[test]
fn queued_patch_applies_on_request() {
    let dir = scratch_dir("queued");
    let good = build_rust_library(&dir, "queued_patch", PATCH_SOURCE);

    let server = TestServer::bind();
    let options = Options {
        addr: server.addr(),
        apply_mode: ApplyMode::Queued,
        patch_dir: Some(dir.join("patches")),
        ..Options::default()
    };
    assert!(whisker_dev_client::start_with(options));
    let mut conn = server.accept();
    conn.read_text();

    // The runtime anchor doubles as the static one, so the host slide is zero.
    let anchor = whisker_dev_client::aslr_reference();
    let key = host_function as fn(u32) -> u32 as *const () as usize as u64;
    let map = [(key, symbol_address(&good, "whisker_test_replacement"))];
    let library = std::fs::read(&good).unwrap();
    let frame = patch_frame(9, &map, anchor, symbol_address(&good, "whisker_aslr_anchor"), &library);
    conn.send_frame(true, 0x2, &frame);

    wait_until("the patch is queued", || whisker_dev_client::pending_count() == 1);
    assert_eq!(call_fn1(host_function, 5), 6, "a queued patch is not applied yet");

    let outcomes = whisker_dev_client::apply_pending();
    assert_eq!(outcomes.len(), 1);
    assert_eq!(outcomes[0].as_ref().map(|applied| applied.id).ok(), Some(9));
    assert_eq!(whisker_dev_client::pending_count(), 0);
    assert_eq!(call_fn1(host_function, 5), 501);

    let reply = json::parse(&conn.read_text()).unwrap();
    assert_eq!(reply.get("kind").and_then(Value::as_str), Some("applied"));
    assert_eq!(reply.get("id").and_then(Value::as_u64), Some(9));
    assert_eq!(reply.get("ok").and_then(Value::as_bool), Some(true));
    let _ = std::fs::remove_dir_all(&dir);
}
