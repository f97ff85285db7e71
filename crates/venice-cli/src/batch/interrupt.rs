//! Ctrl-C: the first stops new work (in a batch, the edits in flight
//! finish), the second abandons what is in flight. The listener lives as
//! long as its [`Interrupt`]: a watch's passes each have their own, and a
//! past pass's is gone (one Ctrl-C is said once).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::Notify;

use crate::ui::Ui;

pub struct Interrupt {
    stopping: AtomicBool,
    pub abandon: Notify,
    /// The listening task, ended when this is dropped.
    listener: std::sync::Mutex<Option<tokio::task::AbortHandle>>,
}

impl Drop for Interrupt {
    fn drop(&mut self) {
        if let Some(task) = self.listener.get_mut().ok().and_then(Option::take) {
            task.abort();
        }
    }
}

impl Interrupt {
    /// Whether the first Ctrl-C came.
    pub fn stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }
}

/// Starts watching; `in_flight_hint` says what the first Ctrl-C does.
pub fn watch(ui: Ui, in_flight_hint: bool) -> Arc<Interrupt> {
    let state = Arc::new(Interrupt {
        stopping: AtomicBool::new(false),
        abandon: Notify::new(),
        listener: std::sync::Mutex::new(None),
    });
    // The task holds no strong reference: dropping the state ends it.
    let watcher = Arc::downgrade(&state);
    // One listener for both presses, so that a second Ctrl-C that comes
    // quickly is not lost between two listeners.
    let Some(mut presses) = Presses::listen() else { return state };
    let task = tokio::spawn(async move {
        if !presses.next().await {
            return;
        }
        let Some(state) = watcher.upgrade() else { return };
        state.stopping.store(true, Ordering::SeqCst);
        if in_flight_hint {
            ui.info("interrupted: finishing the edits in flight (Ctrl-C again to abandon them)");
            drop(state);
            if !presses.next().await {
                return;
            }
        }
        if let Some(state) = watcher.upgrade() {
            state.abandon.notify_one();
        }
    });
    if let Ok(mut slot) = state.listener.lock() {
        *slot = Some(task.abort_handle());
    }
    state
}

/// Ctrl-C presses, as one stream: a press that comes while nobody is
/// waiting on it is kept for the next wait (a watch listens for its whole
/// life through one, so that a press between two passes is not lost).
#[cfg(unix)]
pub struct Presses(tokio::signal::unix::Signal);

#[cfg(unix)]
impl Presses {
    /// Starts listening (within the runtime); `None` where it cannot.
    pub fn listen() -> Option<Self> {
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()).ok().map(Self)
    }
    /// The next press (`false`: no more can come).
    pub async fn next(&mut self) -> bool {
        self.0.recv().await.is_some()
    }
}

#[cfg(not(unix))]
pub struct Presses(tokio::signal::windows::CtrlC);

#[cfg(not(unix))]
impl Presses {
    /// Starts listening (within the runtime); `None` where it cannot.
    pub fn listen() -> Option<Self> {
        tokio::signal::windows::ctrl_c().ok().map(Self)
    }
    /// The next press (`false`: no more can come).
    pub async fn next(&mut self) -> bool {
        self.0.recv().await.is_some()
    }
}
