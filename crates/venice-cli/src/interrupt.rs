//! Ctrl-C: the first stops new work (in a batch, the edits in flight
//! finish), the second abandons what is in flight.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::Notify;

use crate::ui::Ui;

pub struct Interrupt {
    stopping: AtomicBool,
    pub abandon: Notify,
}

impl Interrupt {
    /// Whether the first Ctrl-C came.
    pub fn stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }
}

/// Starts watching; `in_flight_hint` says what the first Ctrl-C does.
pub fn watch(ui: Ui, in_flight_hint: bool) -> Arc<Interrupt> {
    let state = Arc::new(Interrupt { stopping: AtomicBool::new(false), abandon: Notify::new() });
    let watcher = state.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_err() {
            return;
        }
        watcher.stopping.store(true, Ordering::SeqCst);
        if in_flight_hint {
            ui.info("interrupted: finishing the edits in flight (Ctrl-C again to abandon them)");
            if tokio::signal::ctrl_c().await.is_err() {
                return;
            }
        }
        watcher.abandon.notify_one();
    });
    state
}
