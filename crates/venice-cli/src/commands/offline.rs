//! `--offline` (or `VENICE_OFFLINE=1`): every request served by the built-in
//! emulator (`venice-mock`), started inside this process on 127.0.0.1 with a
//! fixed local key. No API key is needed, and a real one is never sent: the
//! client is given the local key and the emulator's URL, and the environment
//! and `--api-key-file` are not read.

use venice_mock::{MockConfig, MockServer};

use crate::settings::flags::Local;
use crate::ui::Ui;
use crate::ui::exit::{Exit, Failure};

/// The key the in-process emulator accepts: known to anyone, worth nothing.
pub const LOCAL_KEY: &str = "venice-offline-local-key";

/// Starts the emulator and says on stderr that results are the emulator's.
/// Keep the server alive for as long as requests are sent.
pub async fn start(ui: &Ui) -> Result<(MockServer, Local), Failure> {
    let server = MockServer::start(MockConfig::default().key(LOCAL_KEY))
        .await
        .map_err(|e| Failure::new(Exit::Partial, format!("cannot start the built-in emulator: {e}")))?;
    ui.note("offline: this result comes from the built-in emulator, not Venice");
    let local = Local { base_url: server.base_url(), key: LOCAL_KEY.to_owned() };
    Ok((server, local))
}
