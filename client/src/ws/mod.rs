//! A small RFC 6455 client over `std::net::TcpStream`: handshake, masked sends from any thread,
//! and a reader that joins fragments and replies to pings and close frames.

pub mod frame;
mod handshake;

use frame::{encode_frame, read_frame, OP_BINARY, OP_CLOSE, OP_CONTINUATION, OP_PING, OP_PONG, OP_TEXT};
use std::io::{self, BufReader, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::Mutex;
use std::time::Duration;

/// How long a send may block on a stalled server before the connection is treated as lost.
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);

/// A complete message from the server.
#[derive(Debug)]
pub enum Message {
    Text(String),
    Binary(Vec<u8>),
    /// The server closed the connection with this status code (`None` when it sent none).
    Close(Option<u16>, String),
}

/// The sending half of a connection, shared by the reader thread and the app's threads. Each
/// frame is written under the lock, so frames from different threads never interleave.
pub struct Sender {
    stream: Mutex<TcpStream>,
}

impl Sender {
    fn send(&self, opcode: u8, payload: &[u8]) -> io::Result<()> {
        let mut bytes = Vec::with_capacity(payload.len() + 14);
        encode_frame(&mut bytes, true, opcode, payload, Some(crate::random::mask_key()));
        let mut stream = self.stream.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        stream.write_all(&bytes)
    }

    pub fn send_text(&self, text: &str) -> io::Result<()> {
        self.send(OP_TEXT, text.as_bytes())
    }

    pub fn send_binary(&self, payload: &[u8]) -> io::Result<()> {
        self.send(OP_BINARY, payload)
    }

    /// Sends a close frame, with `code` as its status when given, and ends both directions of
    /// the socket.
    pub fn close(&self, code: Option<u16>) {
        let payload = code.map(u16::to_be_bytes);
        let _ = self.send(OP_CLOSE, payload.as_ref().map_or(&[][..], |bytes| &bytes[..]));
        self.shutdown();
    }

    /// Ends both directions without a close frame, which unblocks the reader thread.
    pub fn shutdown(&self) {
        let stream = self.stream.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let _ = stream.shutdown(Shutdown::Both);
    }
}

/// The receiving half, owned by the connection thread.
pub struct Receiver {
    reader: BufReader<TcpStream>,
    max_message: u64,
}

/// Performs the opening handshake on a connected stream and splits it into its two halves.
pub fn connect(stream: TcpStream, host: &str, path: &str, max_message: u64) -> io::Result<(Sender, Receiver)> {
    stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::with_capacity(64 * 1024, stream);
    handshake::perform(&mut writer, &mut reader, host, path)?;
    Ok((Sender { stream: Mutex::new(writer) }, Receiver { reader, max_message }))
}

fn protocol_error(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

impl Receiver {
    /// Reads the next complete message. It replies to a ping with a pong and to a close frame
    /// with a close frame (which it then returns), and skips pongs.
    pub fn read_message(&mut self, sender: &Sender) -> io::Result<Message> {
        let mut partial: Option<(u8, Vec<u8>)> = None;
        loop {
            let frame = read_frame(&mut self.reader, self.max_message)?;
            if frame.masked {
                return Err(protocol_error("server sent a masked frame".to_string()));
            }
            match frame.opcode {
                OP_PING => sender.send(OP_PONG, &frame.payload)?,
                OP_PONG => {}
                OP_CLOSE => return Ok(close_message(sender, &frame.payload)),
                OP_CONTINUATION => {
                    let Some((opcode, mut data)) = partial.take() else {
                        return Err(protocol_error("continuation frame without a message to continue".to_string()));
                    };
                    self.append(&mut data, &frame.payload)?;
                    if frame.fin {
                        return finish(opcode, data);
                    }
                    partial = Some((opcode, data));
                }
                opcode => {
                    if partial.is_some() {
                        return Err(protocol_error(format!("data frame 0x{opcode:x} inside a fragmented message")));
                    }
                    if frame.fin {
                        return finish(opcode, frame.payload);
                    }
                    partial = Some((opcode, frame.payload));
                }
            }
        }
    }

    fn append(&self, data: &mut Vec<u8>, more: &[u8]) -> io::Result<()> {
        let total = (data.len() + more.len()) as u64;
        if total > self.max_message {
            return Err(protocol_error(format!(
                "fragmented message of {total} bytes exceeds the limit of {} bytes",
                self.max_message
            )));
        }
        data.extend_from_slice(more);
        Ok(())
    }
}

fn finish(opcode: u8, data: Vec<u8>) -> io::Result<Message> {
    if opcode == OP_TEXT {
        String::from_utf8(data)
            .map(Message::Text)
            .map_err(|_| protocol_error("text message is not valid UTF-8".to_string()))
    } else {
        Ok(Message::Binary(data))
    }
}

fn close_message(sender: &Sender, payload: &[u8]) -> Message {
    let code = (payload.len() >= 2).then(|| u16::from_be_bytes([payload[0], payload[1]]));
    let reason = String::from_utf8_lossy(payload.get(2..).unwrap_or(&[])).into_owned();
    // RFC 6455 section 5.5.1: echo the status code, then close the TCP connection.
    sender.close(code);
    Message::Close(code, reason)
}
