use std::thread;
use std::time::Duration;

fn main() {
    for tick in 1.. {
        println!("tick {tick}: no client linked");
        thread::sleep(Duration::from_millis(200));
    }
}
