// Generates Rust code into OUT_DIR, passes an environment variable to rustc, and compiles a C file
// into a static library with the system's cc and ar, so the patch must replay all three.
use std::env;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

fn run(command: &mut Command) {
    let status = command.status().expect("failed to start a build tool");
    assert!(status.success(), "{command:?} failed with {status}");
}

fn main() {
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    fs::write(
        out.join("generated.rs"),
        "pub fn generated_word() -> &'static str { \"generated\" }\n",
    )
    .unwrap();

    let object = out.join("itadd.o");
    run(Command::new("cc").args(["-c", "-fPIC", "-O0", "src/native/itadd.c", "-o"]).arg(&object));
    run(Command::new("ar").arg("crs").arg(out.join("libitadd.a")).arg(&object));

    println!("cargo:rustc-link-search=native={}", out.display());
    println!("cargo:rustc-link-lib=static=itadd");
    println!("cargo:rustc-link-lib=m");
    println!("cargo:rustc-env=IT_BUILD_FLAVOR=from-build-script");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/native/itadd.c");
}
