//! A tiny std-only WebSocket server and library builders for the integration tests.
//!
//! The server parses client frames with its own code rather than the crate's decoder, so a
//! masking or length bug in the client cannot cancel out against the same bug on this side.

#![allow(dead_code)]

pub mod elf;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Upper bound for every wait in these tests; generous for a loaded 2-core machine.
pub const WAIT: Duration = Duration::from_secs(20);

pub struct TestServer {
    pub listener: TcpListener,
}

/// One accepted client after a successful handshake.
pub struct ServerConn {
    pub stream: TcpStream,
    reader: BufReader<TcpStream>,
    /// Request line and headers of the upgrade request.
    pub request: Vec<String>,
}

/// A frame received from the client.
#[derive(Debug)]
pub struct ClientFrame {
    pub fin: bool,
    pub opcode: u8,
    pub masked: bool,
    pub mask_key: [u8; 4],
    pub payload: Vec<u8>,
}

impl TestServer {
    /// Accepts the next TCP connection within `WAIT`, without a handshake.
    pub fn accept_raw(&self) -> TcpStream {
        self.listener.set_nonblocking(true).unwrap();
        let deadline = Instant::now() + WAIT;
        loop {
            match self.listener.accept() {
                Ok((stream, _)) => {
                    stream.set_nonblocking(false).unwrap();
                    stream.set_read_timeout(Some(WAIT)).unwrap();
                    return stream;
                }
                Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {
                    assert!(Instant::now() < deadline, "no client connected within {WAIT:?}");
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(error) => panic!("accept failed: {error}"),
            }
        }
    }

    pub fn bind() -> TestServer {
        TestServer { listener: TcpListener::bind("127.0.0.1:0").expect("bind a loopback port") }
    }

    pub fn addr(&self) -> String {
        self.listener.local_addr().unwrap().to_string()
    }

    /// Accepts the next client within `WAIT` and completes its handshake.
    pub fn accept(&self) -> ServerConn {
        ServerConn::handshake(self.accept_raw())
    }
}

fn header<'a>(request: &'a [String], name: &str) -> Option<&'a str> {
    request[1..].iter().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

impl ServerConn {
    fn handshake(stream: TcpStream) -> ServerConn {
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut request = Vec::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("read the upgrade request");
            let line = line.trim_end().to_string();
            if line.is_empty() {
                break;
            }
            request.push(line);
        }
        let key = header(&request, "Sec-WebSocket-Key").expect("request has Sec-WebSocket-Key").to_string();
        let accept = whisker_dev_client::codec::websocket_accept(&key);
        let response = format!(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"
        );
        let mut conn = ServerConn { stream, reader, request };
        conn.stream.write_all(response.as_bytes()).unwrap();
        conn
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.request, name)
    }

    /// Reads one frame as RFC 6455 section 5.2 lays it out.
    pub fn read_frame(&mut self) -> ClientFrame {
        let mut head = [0u8; 2];
        self.reader.read_exact(&mut head).expect("read a frame header");
        let length = match head[1] & 0x7F {
            126 => {
                let mut bytes = [0u8; 2];
                self.reader.read_exact(&mut bytes).unwrap();
                u16::from_be_bytes(bytes) as u64
            }
            127 => {
                let mut bytes = [0u8; 8];
                self.reader.read_exact(&mut bytes).unwrap();
                u64::from_be_bytes(bytes)
            }
            short => short as u64,
        };
        let masked = head[1] & 0x80 != 0;
        let mut key = [0u8; 4];
        if masked {
            self.reader.read_exact(&mut key).unwrap();
        }
        let mut payload = vec![0u8; length as usize];
        self.reader.read_exact(&mut payload).expect("read a frame payload");
        for (i, byte) in payload.iter_mut().enumerate() {
            *byte ^= key[i % 4];
        }
        ClientFrame { fin: head[0] & 0x80 != 0, opcode: head[0] & 0x0F, masked, mask_key: key, payload }
    }

    /// Reads frames until a text frame arrives and returns it, checking that every client frame
    /// is masked.
    pub fn read_text_frame(&mut self) -> ClientFrame {
        loop {
            let frame = self.read_frame();
            assert!(frame.masked, "client frame with opcode {} is not masked", frame.opcode);
            if frame.opcode == 0x1 {
                assert!(frame.fin, "the client sends every message in one frame");
                return frame;
            }
        }
    }

    /// Reads frames until a text frame arrives and returns its text.
    pub fn read_text(&mut self) -> String {
        String::from_utf8(self.read_text_frame().payload).expect("text frame is UTF-8")
    }

    pub fn send_frame(&mut self, fin: bool, opcode: u8, payload: &[u8]) {
        let mut bytes = vec![if fin { 0x80 } else { 0 } | opcode];
        if payload.len() < 126 {
            bytes.push(payload.len() as u8);
        } else if payload.len() <= 0xFFFF {
            bytes.push(126);
            bytes.extend_from_slice(&(payload.len() as u16).to_be_bytes());
        } else {
            bytes.push(127);
            bytes.extend_from_slice(&(payload.len() as u64).to_be_bytes());
        }
        bytes.extend_from_slice(payload);
        self.stream.write_all(&bytes).expect("send a frame");
    }

    /// Sends `payload` as a binary message split into `parts` frames, with a ping between the
    /// first two fragments, as RFC 6455 allows for control frames.
    pub fn send_binary_fragmented(&mut self, payload: &[u8], parts: usize) {
        let chunk = payload.len().div_ceil(parts).max(1);
        let chunks: Vec<&[u8]> = payload.chunks(chunk).collect();
        for (index, part) in chunks.iter().enumerate() {
            let opcode = if index == 0 { 0x2 } else { 0x0 };
            self.send_frame(index + 1 == chunks.len(), opcode, part);
            if index == 0 {
                self.send_frame(true, 0x9, b"mid-message");
            }
        }
    }
}

/// Builds a patch frame `[u64 BE N][N bytes JSON][library]`.
pub fn patch_frame(id: u64, map: &[(u64, u64)], aslr_reference: u64, new_base_address: u64, library: &[u8]) -> Vec<u8> {
    let pairs: Vec<String> = map.iter().map(|(old, new)| format!("[{old},{new}]")).collect();
    let header = format!(
        "{{\"kind\":\"patch\",\"id\":{id},\"table\":{{\"lib\":\"patches/patch-{id}.so\",\"map\":[{}],\"aslr_reference\":{aslr_reference},\"new_base_address\":{new_base_address},\"ifunc_count\":0}}}}",
        pairs.join(",")
    );
    let mut frame = (header.len() as u64).to_be_bytes().to_vec();
    frame.extend_from_slice(header.as_bytes());
    frame.extend_from_slice(library);
    frame
}

/// Returns a fresh directory for this test process.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("whisker-client-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(command: &mut Command) {
    let output = command.output().unwrap_or_else(|error| panic!("cannot run {command:?}: {error}"));
    assert!(
        output.status.success(),
        "{command:?} failed: {}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Compiles Rust `source` into a cdylib in `dir` with the rustc that cargo uses.
pub fn build_rust_library(dir: &Path, name: &str, source: &str) -> PathBuf {
    let source_path = dir.join(format!("{name}.rs"));
    std::fs::write(&source_path, source).unwrap();
    let output = dir.join(format!("lib{name}.so"));
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    run(Command::new(rustc)
        .args(["--edition", "2021", "--crate-type", "cdylib", "-C", "opt-level=0", "-o"])
        .arg(&output)
        .arg(&source_path));
    output
}

/// Compiles C `source` into a shared library in `dir` with `cc -shared -fPIC`.
pub fn build_c_library(dir: &Path, name: &str, source: &str) -> PathBuf {
    let source_path = dir.join(format!("{name}.c"));
    std::fs::write(&source_path, source).unwrap();
    let output = dir.join(format!("lib{name}.so"));
    run(Command::new("cc").args(["-shared", "-fPIC", "-o"]).arg(&output).arg(&source_path));
    output
}

/// Returns the static address of the dynamic symbol `name` in `library`, read with `nm -D`.
pub fn symbol_address(library: &Path, name: &str) -> u64 {
    let output = Command::new("nm").args(["-D", "--defined-only"]).arg(library).output().expect("run nm from binutils");
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text
        .lines()
        .find(|line| line.split_whitespace().nth(2) == Some(name))
        .unwrap_or_else(|| panic!("{} does not export {name}:\n{text}", library.display()));
    u64::from_str_radix(line.split_whitespace().next().unwrap(), 16).unwrap()
}

/// Polls `condition` until it holds, failing the test after `WAIT`.
pub fn wait_until(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + WAIT;
    while !condition() {
        assert!(Instant::now() < deadline, "timed out after {WAIT:?} waiting until {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}
