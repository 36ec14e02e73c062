//! A real hot patch end to end. A host app built with rustc runs the client. The edited crate is
//! compiled to an object with the flags of a thin patch build and linked into a patch library
//! against a stub of host addresses, which goes to the app over the loopback connection. The
//! closure the app runs through `call` switches to the new code, and a static keeps its value.
//!
//! The object edits, stub and link follow the steps the plugin's patcher performs on Linux
//! x86-64, in reduced form (no TLS, no `.eh_frame` edits, GNU ld).

mod support;

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use support::elf::{self, Symbol};
use support::{patch_frame, scratch_dir, TestServer, WAIT};
use whisker_dev_client::json::{self, Value};

const APP_SOURCE: &str = r#"
use std::io::BufRead;
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn tick(label: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    format!("{label} v1 count={n}")
}

fn main() {
    whisker_dev_client::start();
    let label = String::from("tick");
    for line in std::io::stdin().lock().lines() {
        if line.is_err() {
            break;
        }
        let label = label.clone();
        println!("{}", whisker_dev_client::call(move || tick(&label)));
    }
}
"#;

const EDITED_BODY: &str = r#"format!("{label} v2 count={n} len={} {:?}", label.len(), vec![n; 2])"#;

/// Returns the newest client rlib that cargo built for this test run.
fn client_rlib() -> (PathBuf, PathBuf) {
    let deps = std::env::current_exe().unwrap().parent().unwrap().to_path_buf();
    let newest = std::fs::read_dir(&deps)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.starts_with("libwhisker_dev_client-") && name.ends_with(".rlib")
        })
        .max_by_key(|path| std::fs::metadata(path).unwrap().modified().unwrap())
        .expect("cargo builds the client rlib next to the test binary");
    (deps, newest)
}

fn rustc(dir: &Path, source: &str, extra: &[&str]) -> Command {
    let (deps, rlib) = client_rlib();
    let source_path = dir.join(source);
    let mut command = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()));
    command
        .args(["--edition", "2021", "--crate-type", "bin", "--crate-name", "app"])
        .args(["-C", "metadata=whisker-real-patch", "-C", "link-dead-code"])
        .arg("-L")
        .arg(format!("dependency={}", deps.display()))
        .arg("--extern")
        .arg(format!("whisker_dev_client={}", rlib.display()))
        .args(extra)
        .arg(source_path);
    command
}

fn run(command: &mut Command) {
    let output = command.output().unwrap_or_else(|error| panic!("cannot run {command:?}: {error}"));
    assert!(output.status.success(), "{command:?} failed:\n{}", String::from_utf8_lossy(&output.stderr));
}

/// Writes assembly for a stub that points every symbol the patch needs from the host to its
/// runtime address, and defines the exported anchor. Returns the stub's symbol names.
fn write_stub(path: &Path, patch: &[Symbol], host: &std::collections::HashMap<String, Vec<Symbol>>, slide: u64) -> HashSet<String> {
    let defined: HashSet<&str> = patch.iter().filter(|s| s.defined).map(|s| s.name.as_str()).collect();
    let mut names = HashSet::from(["whisker_aslr_anchor".to_string()]);
    let mut text = String::from(".text\n.globl whisker_aslr_anchor\n.type whisker_aslr_anchor,@function\nwhisker_aslr_anchor:\n  ret\n");

    for symbol in patch.iter().filter(|s| !s.defined && !s.name.is_empty() && !defined.contains(s.name.as_str())) {
        let Some(host_symbol) = host.get(&symbol.name).map(|copies| &copies[0]) else {
            continue; // libc and libgcc_s symbols resolve at load time
        };
        let (name, address) = (&symbol.name, host_symbol.value.wrapping_add(slide));
        match host_symbol.kind.as_str() {
            "FUNC" => text += &format!(
                ".p2align 4\n.globl {name}\n.hidden {name}\n.type {name},@function\n{name}:\n  jmp *0(%rip)\n  .quad {address}\n"
            ),
            "OBJECT" | "NOTYPE" => text += &format!(".globl {name}\n.hidden {name}\n.set {name}, {address}\n"),
            other => panic!("the test app needs no {other} symbol such as {name}"),
        }
        names.insert(name.clone());
    }
    text += ".section .note.GNU-stack,\"\",@progbits\n";
    std::fs::write(path, text).unwrap();
    names
}

/// Builds the patch library for `slide` and returns the frame that carries it.
fn build_patch_frame(dir: &Path, host: &[Symbol], slide: u64) -> Vec<u8> {
    let host_by_name = elf::defined_by_name(host);
    let mut object = std::fs::read(dir.join("patch.o")).unwrap();
    let changed = elf::undefine_host_statics(&mut object, |name| host_by_name.contains_key(name));
    assert_eq!(changed, 1, "COUNTER is the one host static the edited crate defines");
    std::fs::write(dir.join("patch-edited.o"), object).unwrap();

    let patch_symbols = elf::symbols(&dir.join("patch-edited.o"));
    let stub_names = write_stub(&dir.join("stub.s"), &patch_symbols, &host_by_name, slide);
    run(Command::new("cc").arg("-c").arg(dir.join("stub.s")).arg("-o").arg(dir.join("stub.o")));
    run(Command::new("cc")
        .args(["-shared", "-Wl,-Bsymbolic", "-Wl,-z,notext", "-nodefaultlibs", "-o"])
        .arg(dir.join("patch.so"))
        .arg(dir.join("stub.o"))
        .arg(dir.join("patch-edited.o"))
        .args(["-lgcc_s", "-lc"]));

    let library_symbols = elf::symbols(&dir.join("patch.so"));
    let mut map = Vec::new();
    for symbol in library_symbols.iter().filter(|s| s.defined && s.kind == "FUNC" && !stub_names.contains(&s.name)) {
        for host_copy in host_by_name.get(&symbol.name).into_iter().flatten().filter(|h| h.kind == "FUNC") {
            map.push((host_copy.value, symbol.value));
        }
    }
    let anchor = |symbols: &[Symbol]| symbols.iter().find(|s| s.defined && s.name == "whisker_aslr_anchor").unwrap().value;
    let library = std::fs::read(dir.join("patch.so")).unwrap();
    patch_frame(1, &map, anchor(host), anchor(&library_symbols), &library)
}

struct App {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
}

impl App {
    fn spawn(host: &Path, addr: &str) -> App {
        let mut child = Command::new(host)
            .env("WHISKER_DEV_ADDR", addr)
            .env("WHISKER_DEV_PATCH_DIR", host.parent().unwrap().join("patches"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the host app");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        App { child, stdin, lines }
    }

    fn tick(&mut self) -> String {
        self.stdin.write_all(b"\n").unwrap();
        self.lines.recv_timeout(WAIT).expect("the app prints one line per input line")
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn real_patch_switches_closure_and_keeps_static() {
    let dir = scratch_dir("real-patch");
    std::fs::write(dir.join("app_v1.rs"), APP_SOURCE).unwrap();
    std::fs::write(dir.join("app_v2.rs"), APP_SOURCE.replace(r#"format!("{label} v1 count={n}")"#, EDITED_BODY)).unwrap();
    let host_path = dir.join("host");
    run(rustc(&dir, "app_v1.rs", &[]).arg("-o").arg(&host_path));
    let patch_object = format!("obj={}", dir.join("patch.o").display());
    let thin_flags = ["-C", "relocation-model=static", "-C", "code-model=large", "-C", "opt-level=0", "-C", "codegen-units=1"];
    run(rustc(&dir, "app_v2.rs", &thin_flags).arg(format!("--emit={patch_object}")));

    let server = TestServer::bind();
    let mut app = App::spawn(&host_path, &server.addr());
    let mut conn = server.accept();
    let hello = json::parse(&conn.read_text()).unwrap();
    let runtime_anchor = hello.get("aslr_reference").and_then(Value::as_u64).unwrap();
    assert_eq!(app.tick(), "tick v1 count=0");
    assert_eq!(app.tick(), "tick v1 count=1");

    let host_symbols = elf::symbols(&host_path);
    let static_anchor = host_symbols.iter().find(|s| s.name == "whisker_aslr_anchor").unwrap();
    assert_eq!(static_anchor.kind, "FUNC");
    let frame = build_patch_frame(&dir, &host_symbols, runtime_anchor.wrapping_sub(static_anchor.value));
    conn.send_frame(true, 0x2, &frame);

    let reply = json::parse(&conn.read_text()).unwrap();
    assert_eq!(reply.get("ok").and_then(Value::as_bool), Some(true), "{reply:?}");
    assert_eq!(app.tick(), "tick v2 count=2 len=4 [2, 2]");
    assert_eq!(app.tick(), "tick v2 count=3 len=4 [3, 3]");
    drop(app);
    let _ = std::fs::remove_dir_all(&dir);
}
