//! Runs normally the first time. Every later start finds the marker file the first run wrote and
//! exits with code 42 after its third tick, as a crashing app would.

use std::path::Path;
use std::thread;
use std::time::Duration;

const MARKER: &str = "target/started-once";

fn main() {
    let crash = Path::new(MARKER).exists();
    std::fs::write(MARKER, "started").expect("write the marker file");
    whisker_dev_client::start();
    for tick in 1.. {
        println!("tick {tick}");
        if crash && tick == 3 {
            println!("crashing with exit code 42");
            std::process::exit(42);
        }
        thread::sleep(Duration::from_millis(200));
    }
}
