//! The connection thread against a real loopback server: handshake, hello, log forwarding,
//! ping, close and reconnection. One test, because the client starts once per process.

mod support;

use std::io::{Read, Write};
use std::net::TcpListener;
use support::{wait_until, TestServer};
use whisker_dev_client::json::{self, Value};
use whisker_dev_client::{LineForwarder, Options, Stream};

const TOKEN: &str = "tok \"quoted\" ✓";

fn parse(text: &str) -> Value {
    json::parse(text).unwrap_or_else(|error| panic!("client sent invalid JSON {text:?}: {error}"))
}

fn check_hello(text: &str) {
    let hello = parse(text);
    assert_eq!(hello.get("kind").and_then(Value::as_str), Some("hello"));
    let anchor: extern "C" fn() -> u64 = whisker_dev_client::whisker_aslr_anchor;
    assert_eq!(hello.get("aslr_reference").and_then(Value::as_u64), Some(anchor as *const () as usize as u64));
    assert_eq!(hello.get("token").and_then(Value::as_str), Some(TOKEN));
}

#[test]
fn client_connects_forwards_and_reconnects() {
    let server = TestServer::bind();
    let addr = server.addr();
    let options = Options { addr: addr.clone(), token: Some(TOKEN.to_string()), ..Options::default() };
    assert!(whisker_dev_client::start_with(options));
    assert!(whisker_dev_client::start(), "a second start reports the running client");

    // Handshake and hello.
    let mut conn = server.accept();
    assert_eq!(conn.request[0], "GET /whisker-dev HTTP/1.1");
    assert_eq!(conn.header("Host"), Some(addr.as_str()));
    assert_eq!(conn.header("Upgrade").map(str::to_ascii_lowercase).as_deref(), Some("websocket"));
    assert_eq!(conn.header("Sec-WebSocket-Version"), Some("13"));
    assert_eq!(conn.header("Sec-WebSocket-Key").map(str::len), Some(24), "16 bytes in Base64");
    check_hello(&conn.read_text());

    // Ping and pong.
    conn.send_frame(true, 0x9, b"are you there");
    let pong = conn.read_frame();
    assert_eq!(pong.opcode, 0xA);
    assert!(pong.masked);
    assert_eq!(pong.payload, b"are you there");

    // Log forwarding, one message per line, each frame with its own mask.
    wait_until("the client reports a connection", whisker_dev_client::is_connected);
    assert!(whisker_dev_client::log(Stream::Stderr, "first\nsecond \u{1} é"));
    let first_frame = conn.read_text_frame();
    let second_frame = conn.read_text_frame();
    assert_ne!(first_frame.mask_key, second_frame.mask_key, "mask keys repeat");
    let first = parse(std::str::from_utf8(&first_frame.payload).unwrap());
    assert_eq!(first.get("kind").and_then(Value::as_str), Some("log"));
    assert_eq!(first.get("stream").and_then(Value::as_str), Some("stderr"));
    assert_eq!(first.get("line").and_then(Value::as_str), Some("first"));
    let ts = first.get("ts_micros").and_then(Value::as_str).expect("ts_micros is a string");
    assert!(ts.parse::<u64>().is_ok_and(|micros| micros > 1_600_000_000_000_000), "ts_micros {ts}");
    let second = parse(std::str::from_utf8(&second_frame.payload).unwrap());
    assert_eq!(second.get("line").and_then(Value::as_str), Some("second \u{1} é"));
    whisker_dev_client::forward_println!("printed {} and forwarded", 1);
    assert_eq!(parse(&conn.read_text()).get("line").and_then(Value::as_str), Some("printed 1 and forwarded"));
    let mut writer = LineForwarder::new(Stream::Stdout, Vec::new());
    write!(writer, "written in ").unwrap();
    writeln!(writer, "two parts\r").unwrap();
    assert_eq!(writer.into_inner(), b"written in two parts\r\n");
    let written = parse(&conn.read_text());
    assert_eq!(written.get("stream").and_then(Value::as_str), Some("stdout"));
    assert_eq!(written.get("line").and_then(Value::as_str), Some("written in two parts"));

    // A line over 64 KiB goes in pieces that the server's 1 MiB text limit accepts.
    let long_line = "é".repeat(100_000);
    assert!(whisker_dev_client::log(Stream::Stdout, &long_line));
    let mut received = String::new();
    while received.len() < long_line.len() {
        let piece = parse(&conn.read_text()).get("line").and_then(Value::as_str).unwrap().to_string();
        assert!(piece.len() <= 64 * 1024, "piece of {} bytes", piece.len());
        received.push_str(&piece);
    }
    assert_eq!(received, long_line);

    // A dropped connection is re-established.
    conn.stream.shutdown(std::net::Shutdown::Both).unwrap();
    drop(conn);
    let mut conn = server.accept();
    check_hello(&conn.read_text());

    // A close frame is echoed, then the client reconnects.
    let mut close = 1001u16.to_be_bytes().to_vec();
    close.extend_from_slice(b"going away");
    conn.send_frame(true, 0x8, &close);
    let echo = conn.read_frame();
    assert_eq!(echo.opcode, 0x8);
    assert_eq!(echo.payload, 1001u16.to_be_bytes());
    drop(conn);
    let conn = server.accept();
    drop(conn);

    // A refused port is retried until a server listens there again.
    drop(server);
    wait_until("the client notices the lost connection", || !whisker_dev_client::is_connected());
    let listener = TcpListener::bind(&addr).expect("rebind the same port");
    let server = TestServer { listener };
    let mut conn = server.accept();
    check_hello(&conn.read_text());

    // Garbage from the server ends the connection, not the app.
    conn.stream.write_all(&[0xFF, 0x00]).unwrap();
    let mut conn = server.accept();
    check_hello(&conn.read_text());
    drop(conn);

    // A rejected upgrade and a wrong Sec-WebSocket-Accept are retried too.
    for response in ["HTTP/1.1 403 Forbidden\r\n\r\n", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAA\r\n\r\n"] {
        let mut raw = server.accept_raw();
        let mut request = [0u8; 1024];
        let read = raw.read(&mut request).unwrap();
        assert!(request[..read].starts_with(b"GET /whisker-dev HTTP/1.1\r\n"));
        raw.write_all(response.as_bytes()).unwrap();
        let mut rest = Vec::new();
        raw.read_to_end(&mut rest).unwrap();
        assert!(rest.iter().all(|&b| b != b'{'), "the client sent no hello after a failed handshake: {rest:?}");
    }
    let mut conn = server.accept();
    check_hello(&conn.read_text());
}
