use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

static TICKS: AtomicUsize = AtomicUsize::new(0);

fn tick(count: usize) {
    log::info!("tick {count}: hello from the registry it");
}

fn main() {
    env_logger::Builder::new()
        .filter_level(log::LevelFilter::Info)
        .format(|buf, record| writeln!(buf, "{} {}", record.level(), record.args()))
        .target(env_logger::Target::Stdout)
        .init();
    whisker_dev_client::start();
    loop {
        let count = TICKS.fetch_add(1, Ordering::Relaxed) + 1;
        whisker_dev_client::call(|| tick(count));
        thread::sleep(Duration::from_millis(200));
    }
}
