//! The client every command that calls the API uses, built from the global
//! flags by the library (credentials, base URL and the environment are
//! resolved there; the catalogue cache kept there, in the folder the
//! settings choose); with `-v`, each retry said on stderr.

use std::time::Duration;

use venice_image::{CatalogueCache, Client, RetryPolicy};

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
        // Offline: the emulator's URL and local key; nothing else is read
        // (and the catalogue cache is neither read nor written).
        builder = builder.without_env().base_url(&local.base_url).api_key(&local.key);
    } else {
        if let Some(dir) = crate::settings::cache_dir() {
            builder = builder.catalogue_cache(CatalogueCache::new(dir).refresh(global.refresh_models));
        }
        if let Some(url) = &global.base_url {
            builder = builder.base_url(url);
        }
        builder = builder.allow_insecure_http(global.allow_insecure_http);
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
    Ok(builder.build()?)
}

/// The client of a command that pays for calls: as [`client`], but without
/// a credential (and not a dry run) it is refused at once, before any
/// request (not even the catalogue's) is sent.
pub fn paying_client(global: &Global, ui: Ui) -> Result<Client, Failure> {
    let client = client(global, ui)?;
    if !global.dry_run && !client.has_credentials() {
        return Err(venice_image::Error::MissingCredentials.into());
    }
    Ok(client)
}
