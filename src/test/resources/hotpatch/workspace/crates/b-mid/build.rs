//! Generates code into OUT_DIR, passes a variable with cargo:rustc-env, and compiles a C file into a
//! static library with the system's cc and ar (the cc crate would need crates.io).

use std::process::Command;

fn run(command: &mut Command) {
    let status = command.status().expect("failed to start a build tool");
    assert!(status.success(), "{command:?} failed");
}

fn main() {
    let out = std::env::var("OUT_DIR").unwrap();
    std::fs::write(format!("{out}/gen.rs"), "pub const GENERATED: &str = \"GEN-1\";\n").unwrap();
    run(Command::new("cc").args(["-c", "-fPIC", "native/twice.c", "-o"]).arg(format!("{out}/twice.o")));
    run(Command::new("ar").args(["crs"]).arg(format!("{out}/libtwice.a")).arg(format!("{out}/twice.o")));
    println!("cargo:rustc-link-search=native={out}");
    println!("cargo:rustc-link-lib=static=twice");
    println!("cargo:rustc-env=WHISKER_TEST_FLAVOR=FLAVOR-1");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=native/twice.c");
}
