use std::thread;
use std::time::Duration;

// The file sits outside src/, so the loop watches it only because the dep-info lists it.
static MOTTO: &str = include_str!("../texts/motto.txt");

fn show() {
    println!("motto: {MOTTO}");
}

fn main() {
    whisker_dev_client::start();
    loop {
        whisker_dev_client::call(show);
        thread::sleep(Duration::from_millis(200));
    }
}
