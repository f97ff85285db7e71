//! The client every command that calls the API uses, built from the global
//! flags by the library (credentials, base URL and the environment are
//! resolved there); with `-v`, each retry said on stderr.

use std::time::Duration;

use venice_image::{Client, CredentialSource, RetryPolicy};

use crate::settings::flags::Global;
use crate::ui::Ui;
use crate::ui::exit::Failure;

/// The client for these flags.
pub fn client(global: &Global, ui: Ui) -> Result<Client, Failure> {
    let mut builder = Client::builder()
        .timeout(Duration::from_secs(global.timeout.max(1)))
        .retry_policy(RetryPolicy::attempts(global.max_retries.saturating_add(1)))
        .user_agent(concat!("venice-cli/", env!("CARGO_PKG_VERSION")));
    if let Some(local) = &global.local {
        // Offline: the emulator's URL and local key; nothing else is read.
        builder = builder.without_env().base_url(&local.base_url).api_key(&local.key);
    } else {
        if let Some(url) = &global.base_url {
            builder = builder.base_url(url);
        }
        if let Some(path) = &global.api_key_file {
            builder = builder.api_key_file(path);
        }
    }
    // The wallet, when it pays (settings::wallet decided): a fresh sign-in
    // for every attempt, in the library.
    if let Some(wallet) = &global.wallet {
        builder = builder.wallet(wallet.clone());
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
