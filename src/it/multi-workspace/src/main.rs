use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

static TICKS: AtomicUsize = AtomicUsize::new(0);

fn tick(count: usize) {
    println!("tick {count}: {} {}", b_mid::describe(3u32), multi_it::banner());
}

fn main() {
    whisker_dev_client::start();
    loop {
        let count = TICKS.fetch_add(1, Ordering::Relaxed) + 1;
        whisker_dev_client::call(|| tick(count));
        thread::sleep(Duration::from_millis(200));
    }
}
