//! A counter that prints a line every half second from a function you can edit while it runs.
//!
//! Start it with `mvn whisker:run` in this directory. The count lives in a static, so it keeps
//! counting across hot patches of `tick`, and restarts from 0 after a full reload (`R`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

/// Number of ticks since the process started.
static TICKS: AtomicUsize = AtomicUsize::new(0);

/// Prints one line; edit the text and save to see the change.
fn tick(count: usize) {
    println!("tick {count}: hello from counter");
}

fn main() {
    whisker_dev_client::start();
    loop {
        let count = TICKS.fetch_add(1, Ordering::Relaxed) + 1;
        // `call` runs the newest patched version of `tick` once a patch has been applied.
        whisker_dev_client::call(|| tick(count));
        thread::sleep(Duration::from_millis(500));
    }
}
