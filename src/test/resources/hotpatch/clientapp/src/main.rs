//! A test app that applies patch frames with the real whisker-dev-client, fed from files instead of the
//! WebSocket: `frame <file>` applies one frame, `call` and `call_fn` run `step` through the two call
//! families, `quit` ends. The first argument is the directory the client stores patch libraries in.

use std::io::BufRead;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

#[inline(never)]
fn step() -> String {
    let count = COUNTER.fetch_add(1, Ordering::SeqCst) + 1;
    format!("CLIENT-ORIGINAL count={count}")
}

fn main() {
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
            _ if line == "call" => println!("{}", whisker_dev_client::call(step)),
            _ if line == "call_fn" => println!("{}", whisker_dev_client::call_fn(step)),
            _ if line == "quit" => break,
            _ => println!("unknown command {line}"),
        }
    }
}
