use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

include!(concat!(env!("OUT_DIR"), "/generated.rs"));

extern "C" {
    fn it_add(a: i32, b: i32) -> i32;
}

static TICKS: AtomicUsize = AtomicUsize::new(0);

fn tick(count: usize) {
    // SAFETY: it_add is the C function of src/native/itadd.c, which only adds two ints.
    let sum = unsafe { it_add(2, 3) };
    println!(
        "tick {count}: v{} {} {} sum {sum} start text",
        env!("CARGO_PKG_VERSION"),
        generated_word(),
        env!("IT_BUILD_FLAVOR"),
    );
}

fn main() {
    whisker_dev_client::start();
    loop {
        let count = TICKS.fetch_add(1, Ordering::Relaxed) + 1;
        whisker_dev_client::call(|| tick(count));
        thread::sleep(Duration::from_millis(200));
    }
}
