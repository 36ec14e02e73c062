//! Applying patches and replying to the server, on receipt or from the app's queue.

use crate::diag;
use crate::json::write_string;
use crate::outbound;
use crate::patch::{self, storage, Applied, ApplyError};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

static QUEUE: Mutex<VecDeque<Vec<u8>>> = Mutex::new(VecDeque::new());
static PATCH_DIR: OnceLock<PathBuf> = OnceLock::new();

/// Sets the directory for patch libraries; only the first call has an effect.
pub fn set_patch_dir(dir: PathBuf) {
    let _ = PATCH_DIR.set(dir);
}

fn patch_dir() -> &'static PathBuf {
    PATCH_DIR.get_or_init(storage::default_dir)
}

/// Builds the `applied` reply for patch `id`.
pub(crate) fn applied_message(id: u64, error: Option<&str>) -> String {
    let mut message = format!("{{\"kind\":\"applied\",\"id\":{id},\"ok\":{},\"error\":", error.is_none());
    match error {
        Some(text) => write_string(&mut message, text),
        None => message.push_str("null"),
    }
    message.push('}');
    message
}

/// Applies one patch frame, then reports the outcome to the server and on stderr. A frame whose
/// header cannot be read is reported with id 0.
pub fn apply_and_reply(frame: &[u8]) -> Result<Applied, ApplyError> {
    let result = patch::apply_frame(frame, patch_dir());
    let (id, error) = match &result {
        Ok(applied) => {
            diag::state(&format!("patch {} applied ({} jump-table entries)", applied.id, applied.entries));
            (applied.id, None)
        }
        Err(error) => {
            let id = patch::frame_id(frame).unwrap_or(0);
            diag::state(&format!("patch {id} not applied, the app keeps its current code: {error}"));
            (id, Some(error.to_string()))
        }
    };
    if !outbound::send(applied_message(id, error.as_deref())) {
        diag::debug(&format!("reply for patch {id} not sent: no connection"));
    }
    result
}

/// Queues a patch frame for [`apply_pending`].
pub fn enqueue(frame: Vec<u8>) {
    let id = patch::frame_id(&frame).unwrap_or(0);
    QUEUE.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push_back(frame);
    diag::debug(&format!("patch {id} queued until the app calls apply_pending()"));
}

/// Returns how many received patches wait for [`apply_pending`].
pub fn pending_count() -> usize {
    QUEUE.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).len()
}

/// Applies every queued patch on the calling thread, oldest first, and returns each outcome.
/// In [`crate::ApplyMode::OnReceipt`] the queue is always empty and this returns at once.
pub fn apply_pending() -> Vec<Result<Applied, ApplyError>> {
    let frames: Vec<Vec<u8>> = QUEUE.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).drain(..).collect();
    frames.iter().map(|frame| apply_and_reply(frame)).collect()
}

#[cfg(test)]
mod tests {
    use super::applied_message;

    #[test]
    fn applied_message_success_and_failure() {
        assert_eq!(applied_message(7, None), r#"{"kind":"applied","id":7,"ok":true,"error":null}"#);
        assert_eq!(
            applied_message(u64::MAX, Some("bad \"lib\"")),
            r#"{"kind":"applied","id":18446744073709551615,"ok":false,"error":"bad \"lib\""}"#
        );
    }
}
