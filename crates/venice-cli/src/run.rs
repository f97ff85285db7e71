//! Dispatch: each command to its module. API logic stays in `venice-image`.

use crate::cli::{Cli, Command};
use crate::context::client;
use crate::exit::{Exit, Failure};
use crate::offline;
use crate::settings::Settings;
use crate::ui::Ui;
use crate::{
    cmd_compare, cmd_config, cmd_docs, cmd_edit, cmd_mcp, cmd_models, cmd_multi_edit, cmd_remove_bg,
    cmd_upscale,
};

/// Runs the parsed command line.
pub async fn run(mut cli: Cli, settings: Settings) -> Result<Exit, Failure> {
    let ui = Ui::new(cli.global.quiet, cli.global.verbose, cli.global.json);
    let calls_api = !matches!(cli.command, Command::Completions { .. } | Command::Man | Command::Config);
    // Kept alive until the command ends: it serves the requests when offline.
    let _emulator = if cli.global.offline && calls_api {
        let (server, local) = offline::start(&ui).await?;
        cli.global.local = Some(local);
        Some(server)
    } else {
        None
    };
    let g = &cli.global;
    match cli.command {
        Command::Completions { shell } => Ok(cmd_docs::completions(shell)),
        Command::Man => cmd_docs::man(),
        Command::Config => Ok(cmd_config::run(&ui, &settings)),
        Command::Models(a) => cmd_models::models(&ui, &client(g, ui)?, a.kind).await,
        Command::Edit(a) => cmd_edit::run(g, ui, a).await,
        Command::MultiEdit(a) => cmd_multi_edit::run(g, ui, a).await,
        Command::RemoveBg(a) => cmd_remove_bg::run(g, ui, a).await,
        Command::Upscale(a) => cmd_upscale::run(g, ui, a).await,
        Command::Compare(a) => cmd_compare::run(g, ui, a).await,
        Command::Mcp(a) => cmd_mcp::run(g, ui, a).await,
    }
}
