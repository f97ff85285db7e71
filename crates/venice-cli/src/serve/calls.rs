//! Never paid twice for a retry. OpenAI's SDKs retry on their own after a
//! timeout, a 5xx or a dropped connection (marking retries with
//! `x-stainless-retry-count`), and some clients send `Idempotency-Key`. A
//! request is known by a hash of its token, route, every field and the
//! bytes of its images (and its `Idempotency-Key`):
//!
//! - one the server is still working on is joined: the retry waits for the
//!   same call;
//! - one it answered is given the kept answer when the answer never reached
//!   its client (kept for [`UNDELIVERED`]), or when the request says it is a
//!   retry (kept for [`KEPT`] after it was made);
//! - anything else is a new call. Failures are not kept: a retry of a
//!   failed request tries again.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use bytes::Bytes;
use tokio::sync::watch;

use crate::serve::error::ApiError;

/// How long an answer that reached its client is kept for marked retries.
pub const KEPT: Duration = Duration::from_secs(600);
/// How long an answer that never reached its client is kept.
pub const UNDELIVERED: Duration = Duration::from_secs(3600);

/// A request's identity.
pub type Key = [u8; 32];

/// What a call came to: the answer's JSON body, or the error.
pub type Answer = Result<Bytes, ApiError>;

/// One call, shared by the request that started it and every retry.
pub struct Slot {
    answer: watch::Sender<Option<Arc<Answer>>>,
    finished: Mutex<Option<Instant>>,
    delivered: AtomicBool,
}

impl Slot {
    fn new() -> Arc<Self> {
        Arc::new(Self {
            answer: watch::Sender::new(None),
            finished: Mutex::new(None),
            delivered: AtomicBool::new(false),
        })
    }

    fn finished_at(&self) -> Option<Instant> {
        *self.finished.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Gives the call's answer to everyone waiting.
    pub fn finish(&self, answer: Answer) {
        *self.finished.lock().unwrap_or_else(PoisonError::into_inner) = Some(Instant::now());
        self.answer.send_replace(Some(Arc::new(answer)));
    }

    /// Waits for the answer.
    pub async fn wait(&self) -> Arc<Answer> {
        let mut rx = self.answer.subscribe();
        match rx.wait_for(Option::is_some).await {
            Ok(v) => v.clone().unwrap_or_else(|| Arc::new(Err(gone()))),
            Err(_) => Arc::new(Err(gone())),
        }
    }

    /// The answer reached a client.
    pub fn delivered(&self) {
        self.delivered.store(true, Ordering::Relaxed);
    }
}

fn gone() -> ApiError {
    ApiError::unavailable("the call was abandoned; try again", Some(1))
}

/// What a request is to do.
pub enum Claim {
    /// Start the call: nobody else is making it.
    New(Arc<Slot>),
    /// Join a call in flight, or take its kept answer.
    Existing(Arc<Slot>),
}

/// The calls in flight and the answers kept.
#[derive(Default)]
pub struct Calls {
    slots: Mutex<HashMap<Key, Arc<Slot>>>,
}

impl Calls {
    fn slots(&self) -> MutexGuard<'_, HashMap<Key, Arc<Slot>>> {
        self.slots.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Joins the call known by `key`, takes its kept answer, or claims a new
    /// one; `retry` when the request says it is a retry.
    pub fn claim(&self, key: Key, retry: bool) -> Claim {
        let now = Instant::now();
        let mut slots = self.slots();
        slots.retain(|_, s| keep(s, now));
        if let Some(slot) = slots.get(&key) {
            let answered_ok = slot.answer.borrow().as_ref().is_some_and(|a| a.is_ok());
            let in_flight = slot.finished_at().is_none();
            let undelivered = !slot.delivered.load(Ordering::Relaxed);
            if in_flight || (answered_ok && (undelivered || retry)) {
                return Claim::Existing(slot.clone());
            }
        }
        let slot = Slot::new();
        slots.insert(key, slot.clone());
        Claim::New(slot)
    }

    /// Calls still being made.
    pub fn in_flight(&self) -> usize {
        self.slots().values().filter(|s| s.finished_at().is_none()).count()
    }
}

/// Whether a slot is still worth keeping at `now`.
fn keep(slot: &Slot, now: Instant) -> bool {
    let Some(at) = slot.finished_at() else { return true };
    let ok = slot.answer.borrow().as_ref().is_some_and(|a| a.is_ok());
    let limit = if slot.delivered.load(Ordering::Relaxed) { KEPT } else { UNDELIVERED };
    ok && now.duration_since(at) < limit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_retry_joins_then_takes_the_kept_answer() {
        let calls = Calls::default();
        let Claim::New(first) = calls.claim([1; 32], false) else { panic!("new") };
        let Claim::Existing(joined) = calls.claim([1; 32], true) else { panic!("joined") };
        first.finish(Ok(Bytes::from_static(b"{}")));
        assert!(joined.wait().await.is_ok());
        let Claim::Existing(_) = calls.claim([1; 32], false) else { panic!("kept: never delivered") };
        first.delivered();
        assert!(matches!(calls.claim([1; 32], true), Claim::Existing(_)), "a marked retry");
        assert!(matches!(calls.claim([1; 32], false), Claim::New(_)), "a new request for the same is new");
    }

    #[tokio::test]
    async fn failures_are_not_kept() {
        let calls = Calls::default();
        let Claim::New(first) = calls.claim([2; 32], false) else { panic!("new") };
        first.finish(Err(ApiError::unavailable("x", None)));
        assert!(matches!(calls.claim([2; 32], true), Claim::New(_)));
        assert_eq!(calls.in_flight(), 1);
    }
}
