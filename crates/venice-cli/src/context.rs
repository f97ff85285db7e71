//! The shared set-up of the commands that call the API: the client, built
//! from the global flags by the library (credentials, base URL and the
//! environment are resolved there), and what every job needs.

use std::time::Duration;

use std::sync::OnceLock;

use bytes::Bytes;
use venice_image::{Client, CredentialSource, ImageSource, RetryPolicy};

use crate::cli::{Global, OutputArgs};
use crate::exit::Failure;
use crate::inputs::Input;
use crate::job::Kind;
use crate::ui::Ui;

/// Everything a command's jobs need.
pub struct Ctx {
    pub ui: Ui,
    pub client: Client,
    pub kind: Kind,
    pub out: OutputArgs,
    /// Standard input, read once when a job names `-` and shared by all.
    pub stdin: OnceLock<Bytes>,
}

impl Ctx {
    pub fn new(ui: Ui, client: Client, kind: Kind, out: OutputArgs) -> Self {
        Self { ui, client, kind, out, stdin: OnceLock::new() }
    }

    /// The library's source for an input.
    pub fn source(&self, input: &Input) -> ImageSource {
        match input {
            Input::File { path, .. } => ImageSource::path(path),
            Input::Url(u) => ImageSource::url(u),
            Input::Stdin => {
                ImageSource::bytes(self.stdin.get().cloned().unwrap_or_default()).with_filename("stdin")
            }
        }
    }
}

/// The client for these flags.
pub fn client(global: &Global, ui: Ui) -> Result<Client, Failure> {
    let mut builder = Client::builder()
        .timeout(Duration::from_secs(global.timeout.max(1)))
        .retry_policy(RetryPolicy::attempts(global.max_retries.saturating_add(1)))
        .user_agent(concat!("venice-cli/", env!("CARGO_PKG_VERSION")));
    if let Some(local) = &global.local {
        // Offline: the emulator's URL and local key; nothing else is read.
        builder = builder.without_env().base_url(&local.base_url).api_key(crate::offline::LOCAL_KEY);
    } else {
        if let Some(url) = &global.base_url {
            builder = builder.base_url(url);
        }
        if let Some(path) = &global.api_key_file {
            builder = builder.api_key_file(path);
        }
    }
    if ui.verbose {
        builder = builder.on_retry(move |e| {
            let who = if e.server_asked { "as the service asked" } else { "backing off" };
            ui.detail(&format!(
                "attempt {} failed ({}); retrying in {:.1} s, {who}",
                e.attempt,
                e.reason,
                e.wait.as_secs_f64()
            ));
        });
    }
    let client = builder.build()?;
    if let CredentialSource::File { path, readable_by_others: true } = client.credential_source() {
        ui.warn(&format!(
            "{} can be read by other users; restrict it with: chmod 600 {}",
            path.display(),
            path.display()
        ));
    }
    Ok(client)
}
