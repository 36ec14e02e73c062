//! An app with registry dependencies that applies patch frames with the real whisker-dev-client: the
//! logger installed at start-up writes into LOG, and `report` shows what reached it. Commands:
//! `frame <file>`, `call`, `quit`; the first argument is the client's patch directory.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::Mutex;

static LOG: Mutex<Vec<u8>> = Mutex::new(Vec::new());

/// The logger's output target.
struct Sink;

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        LOG.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn last_log_line() -> String {
    let log = LOG.lock().unwrap();
    String::from_utf8_lossy(&log).lines().last().unwrap_or_default().to_string()
}

#[inline(never)]
fn report() -> String {
    format!("REPORT-1 last={}", last_log_line())
}

fn main() {
    env_logger::Builder::new()
        .filter_level(log::LevelFilter::Info)
        .format(|buf, record| writeln!(buf, "{}:{}", record.level(), record.args()))
        .target(env_logger::Target::Pipe(Box::new(Sink)))
        .init();
    log::info!("started");
    let patch_dir = PathBuf::from(std::env::args().nth(1).expect("patch directory argument"));
    println!("anchor {:x} 0", whisker_dev_client::aslr_reference());
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        match line.split_once(' ') {
            Some(("frame", file)) => {
                let frame = std::fs::read(file).unwrap();
                match whisker_dev_client::patch::apply_frame(&frame, &patch_dir) {
                    Ok(applied) => println!("loaded {}", applied.entries),
                    Err(error) => println!("load failed: {error}"),
                }
            }
            _ if line == "call" => println!("{}", whisker_dev_client::call(report)),
            _ if line == "quit" => break,
            _ => println!("unknown command {line}"),
        }
    }
}
