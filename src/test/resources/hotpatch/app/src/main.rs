mod harness;

use std::cell::Cell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex};

static COUNTER: AtomicUsize = AtomicUsize::new(0);
static mut RAW: u64 = 0;
static LIST: Mutex<Vec<u32>> = Mutex::new(Vec::new());
static LAZY_RUNS: AtomicUsize = AtomicUsize::new(0);
static LAZY: LazyLock<String> = LazyLock::new(|| {
    LAZY_RUNS.fetch_add(1, Ordering::SeqCst);
    "lazy".to_string()
});

thread_local! {
    static PER_THREAD: Cell<u32> = const { Cell::new(0) };
}

#[inline(never)]
fn helper(n: usize) -> usize {
    n * 2
}

#[inline(never)]
pub fn step() -> String {
    let count = COUNTER.fetch_add(1, Ordering::SeqCst) + 1;
    // SAFETY: only the stdin thread calls step().
    let raw = unsafe {
        RAW += 1;
        RAW
    };
    let len = {
        let mut list = LIST.lock().unwrap();
        list.push(count as u32);
        list.len()
    };
    let tls = PER_THREAD.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    let lazy: &str = &LAZY;
    let text = "TEXT-ORIGINAL";
    format!(
        "{text} count={count} raw={raw} len={len} tls={tls} lazy={lazy} lazy_runs={} helper={}",
        LAZY_RUNS.load(Ordering::SeqCst),
        helper(count)
    )
}

#[allow(dead_code)]
fn obsolete() -> u32 {
    1
}

#[inline(never)]
pub fn extras() -> String {
    let mut map = HashMap::new();
    map.insert("k", helper(21));
    let joined = std::thread::spawn(|| 40 + 2).join().unwrap();
    let caught = std::panic::catch_unwind(|| -> u32 { panic!("boom") }).is_err();
    format!("map={} thread={joined} caught={caught}", map["k"])
}

fn handle(line: &str) {
    match line {
        "step" => println!("{}", harness::call(step)),
        "extras" => println!("{}", harness::call(extras)),
        other => println!("unknown command {other}"),
    }
}

fn main() {
    harness::serve(handle);
}
