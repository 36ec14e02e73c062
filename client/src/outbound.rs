//! Messages from the app's threads to the server, sent by one writer thread per connection.
//!
//! Log lines never block the app's threads: they are dropped (and counted) when the queue is
//! full or no connection is up. `applied` replies wait for room instead, because the server
//! counts them, so `apply_pending` can wait for a stalled server until the write timeout ends
//! the connection.

use crate::diag;
use crate::ws::Sender;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread;

/// Messages that may wait for the writer; at about 100 bytes each, a few hundred KiB.
const QUEUE_CAPACITY: usize = 4096;

static QUEUE: Mutex<Option<SyncSender<String>>> = Mutex::new(None);
static DROPPED_LINES: AtomicU64 = AtomicU64::new(0);

fn current_queue() -> Option<SyncSender<String>> {
    QUEUE.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
}

/// Starts the writer thread for a new connection. When a send fails the writer shuts the socket
/// down, which ends the connection thread's read and so starts a reconnect.
pub fn attach(sender: Arc<Sender>) {
    let (queue, messages) = mpsc::sync_channel::<String>(QUEUE_CAPACITY);
    let spawned = thread::Builder::new().name("whisker-dev-writer".into()).spawn(move || {
        for message in messages {
            if let Err(error) = sender.send_text(&message) {
                diag::debug(&format!("send failed: {error}"));
                sender.shutdown();
                break;
            }
        }
    });
    match spawned {
        Ok(_) => *QUEUE.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(queue),
        Err(error) => diag::state(&format!("cannot start the writer thread, messages to the server are dropped: {error}")),
    }
}

/// Ends the current writer thread after it has sent what is queued.
pub fn detach() {
    QUEUE.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
}

/// Returns whether a connection is up and accepts messages.
pub fn is_attached() -> bool {
    QUEUE.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).is_some()
}

/// Queues a log message without blocking; returns `false` when it was dropped.
pub fn try_send(message: String) -> bool {
    let Some(queue) = current_queue() else {
        return false;
    };
    match queue.try_send(message) {
        Ok(()) => true,
        Err(TrySendError::Full(_)) => {
            let dropped = DROPPED_LINES.fetch_add(1, Ordering::Relaxed) + 1;
            if dropped.is_power_of_two() {
                diag::debug(&format!("{dropped} log lines dropped because the server reads too slowly"));
            }
            false
        }
        Err(TrySendError::Disconnected(_)) => false,
    }
}

/// Queues a message, waiting for room; returns `false` when no connection is up.
pub fn send(message: String) -> bool {
    current_queue().is_some_and(|queue| queue.send(message).is_ok())
}

/// Returns how many log lines were dropped because the queue was full.
pub fn dropped_lines() -> u64 {
    DROPPED_LINES.load(Ordering::Relaxed)
}
