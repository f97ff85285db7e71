//! `venice serve`: OpenAI's Images API over HTTP in front of Venice. Reads
//! the token (`--token-file` or `VENICE_SERVE_TOKEN`), refuses to listen
//! beyond loopback without one, loads today's spend, builds the client as
//! every command does, and serves until SIGTERM or Ctrl-C (the calls in
//! flight finish and are answered).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::engine::Core;
use crate::engine::client::client;
use crate::mcp::Redactor;
use crate::serve::{App, Config, Daily};
use crate::settings::flags::{Global, ServeArgs};
use crate::ui::Ui;
use crate::ui::exit::{Exit, Failure};

/// The variable that may hold the token.
pub const TOKEN_ENV: &str = "VENICE_SERVE_TOKEN";
/// How long one request's inputs may take to read and check.
const PREPARE_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

pub async fn run(g: &Global, ui: Ui, a: ServeArgs) -> Result<Exit, Failure> {
    if g.dry_run || g.json {
        return Err(Failure::usage("--dry-run and --json do not apply to venice serve"));
    }
    let token = token(&a)?;
    if token.is_none() && !a.listen.ip().is_loopback() {
        return Err(Failure::usage(format!(
            "venice serve: listening on {} (beyond this machine) needs a token: --token-file PATH or {TOKEN_ENV}",
            a.listen
        )));
    }
    let config = Config {
        token,
        model: a.model.clone(),
        aliases: aliases(&a.model_alias)?,
        max_cost_per_request: a.max_cost_per_request,
        public_url: a.public_url.clone(),
    };
    let daily = Daily::load(a.max_cost_per_day, crate::settings::state_dir()).map_err(Failure::usage)?;
    let client = client(g, ui)?;
    if !client.has_credentials() {
        ui.warn("no API key (set VENICE_API_KEY or pass --api-key-file PATH): edits will be refused");
    }
    let redactor =
        Redactor::from_environment(g.api_key_file.as_deref()).with_wallet(g.wallet_key_file.as_deref());
    let core = Core::for_server(ui, client).with_prepare_limit(PREPARE_LIMIT);
    let app = Arc::new(App::new(core, daily, config, redactor, a.jobs));
    let listener = tokio::net::TcpListener::bind(a.listen)
        .await
        .map_err(|e| Failure::usage(format!("venice serve: cannot listen on {}: {e}", a.listen)))?;
    let bound = listener.local_addr().map_or_else(|_| a.listen.to_string(), |addr| addr.to_string());
    ui.info(&format!(
        "venice serve: listening on http://{bound}/v1 (OpenAI's Images API: edits, generations, models)"
    ));
    crate::serve::serve(listener, app, a.max_connections, stop_signal()).await;
    ui.info("venice serve: stopped");
    Ok(Exit::Ok)
}

/// The token from its file or the environment; an empty one is refused.
fn token(a: &ServeArgs) -> Result<Option<String>, Failure> {
    let raw = match &a.token_file {
        Some(path) => Some(std::fs::read_to_string(path).map_err(|e| {
            Failure::usage(format!("venice serve: cannot read the token file {}: {e}", path.display()))
        })?),
        None => std::env::var(TOKEN_ENV).ok(),
    };
    match raw.map(|t| t.trim().to_owned()) {
        Some(t) if t.is_empty() => Err(Failure::usage("venice serve: the token is empty")),
        other => Ok(other),
    }
}

/// `--model-alias NAME=ID`, each.
fn aliases(given: &[String]) -> Result<BTreeMap<String, String>, Failure> {
    given
        .iter()
        .map(|pair| match pair.split_once('=') {
            Some((name, id)) if !name.trim().is_empty() && !id.trim().is_empty() => {
                Ok((name.trim().to_owned(), id.trim().to_owned()))
            }
            _ => Err(Failure::usage(format!("--model-alias takes NAME=ID (got {pair:?})"))),
        })
        .collect()
}

/// Completes on Ctrl-C or SIGTERM.
async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    {
        let term = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            () = ctrl_c => {}
            () = term => {}
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await;
}
