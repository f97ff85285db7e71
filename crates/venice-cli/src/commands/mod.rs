//! The commands, one module each, and the dispatch to them. API logic
//! stays in `venice-image`; every image call goes through `engine`.
//!
//! The top layer: below it `serve`, `mcp`, `batch`, `html`, `engine`, `settings`, `ui`.

mod compare;
mod config;
mod docs;
mod edit;
mod generate;
mod inspect;
mod mcp;
mod models;
mod multi_edit;
mod offline;
mod pipeline;
mod remove_bg;
mod serve;
mod top_up;
mod upscale;
mod wallet;

use crate::engine::client::client;
use crate::settings::Settings;
use crate::settings::flags::{Cli, Command};
use crate::ui::Ui;
use crate::ui::exit::{Exit, Failure};

/// Runs the parsed command line.
pub async fn run(mut cli: Cli, settings: Settings) -> Result<Exit, Failure> {
    let ui = Ui::new(cli.global.quiet, cli.global.verbose, cli.global.json);
    let calls_api = !matches!(
        cli.command,
        Command::Completions { .. } | Command::Man | Command::Config(_) | Command::Inspect(_)
    );
    // Kept alive until the command ends: it serves the requests when offline.
    let _emulator = if cli.global.offline && calls_api {
        let (server, local) = offline::start(&ui).await?;
        cli.global.local = Some(local);
        Some(server)
    } else {
        None
    };
    // `venice models` always asks the service (and refreshes the cache).
    if matches!(cli.command, Command::Models(_) | Command::Styles) {
        cli.global.refresh_models = true;
    }
    // The wallet, for the commands that pay (not `models`: it needs no
    // credential, and a keystore would ask for its password).
    let pays = !matches!(
        cli.command,
        Command::Completions { .. }
            | Command::Man
            | Command::Config(_)
            | Command::Models(_)
            | Command::Styles
    );
    if pays {
        let needs_wallet = matches!(cli.command, Command::Wallet(_));
        crate::settings::wallet::resolve(&mut cli.global, needs_wallet)?;
    }
    if cli.global.wallet.is_some()
        && let Some(jobs) = cli.command.jobs_mut()
        && *jobs > venice_image::wallet::MAX_WALLET_IN_FLIGHT
    {
        ui.warn(&format!(
            "a wallet may have {} requests in flight: --jobs {} lowered to {}",
            venice_image::wallet::MAX_WALLET_IN_FLIGHT,
            jobs,
            venice_image::wallet::MAX_WALLET_IN_FLIGHT
        ));
        *jobs = venice_image::wallet::MAX_WALLET_IN_FLIGHT;
    }
    let g = &cli.global;
    match cli.command {
        Command::Completions { shell } => Ok(docs::completions(shell)),
        Command::Man => docs::man(),
        Command::Config(a) => config::run(&ui, &settings, a.command.as_deref()),
        Command::Inspect(a) => inspect::run(&ui, &a),
        Command::Models(a) => models::models(&ui, &client(g, ui)?, a.kind).await,
        Command::Generate(a) => generate::run(g, ui, a).await,
        Command::Styles => models::styles(&ui, &client(g, ui)?).await,
        Command::Edit(a) => edit::run(g, ui, a).await,
        Command::MultiEdit(a) => multi_edit::run(g, ui, a).await,
        Command::RemoveBg(a) => remove_bg::run(g, ui, a).await,
        Command::Upscale(a) => upscale::run(g, ui, a).await,
        Command::Compare(a) => compare::run(g, ui, a).await,
        Command::Pipeline(a) => pipeline::run(g, ui, a).await,
        Command::Mcp(a) => mcp::run(g, ui, a).await,
        Command::Serve(a) => serve::run(g, ui, a).await,
        Command::Wallet(a) => wallet::run(g, ui, a).await,
    }
}
