//! A workspace app that applies patch frames with the real whisker-dev-client, fed from files:
//! `frame <file>` applies one frame, `call` runs `report` through the client's `call`, `quit` ends.
//! The first argument is the directory the client stores patch libraries in.

use std::io::BufRead;
use std::path::PathBuf;

#[inline(never)]
fn report() -> String {
    format!(
        "label={} scaled={} side={} motto={} banner={} gen={} flavor={} version={} twice={}",
        b_mid::describe(),
        b_mid::mid(3u32),
        c_side::side(),
        c_side::motto().trim(),
        multi_app::banner(),
        b_mid::GENERATED,
        b_mid::FLAVOR,
        b_mid::version(),
        b_mid::twice(21)
    )
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
            _ if line == "call" => println!("{}", whisker_dev_client::call(report)),
            _ if line == "quit" => break,
            _ => println!("unknown command {line}"),
        }
    }
}
