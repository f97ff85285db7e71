//! Dispatch: each command to its module. API logic stays in `venice-image`.

use crate::cli::{Cli, Command};
use crate::context::client;
use crate::exit::{Exit, Failure};
use crate::ui::Ui;
use crate::{
    cmd_compare, cmd_docs, cmd_edit, cmd_mcp, cmd_models, cmd_multi_edit, cmd_remove_bg, cmd_upscale,
};

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> Result<Exit, Failure> {
    let g = &cli.global;
    let ui = Ui::new(g.quiet, g.verbose, g.json);
    match cli.command {
        Command::Completions { shell } => Ok(cmd_docs::completions(shell)),
        Command::Man => cmd_docs::man(),
        Command::Models(a) => cmd_models::models(&ui, &client(g, ui)?, a.kind).await,
        Command::Edit(a) => cmd_edit::run(g, ui, a).await,
        Command::MultiEdit(a) => cmd_multi_edit::run(g, ui, a).await,
        Command::RemoveBg(a) => cmd_remove_bg::run(g, ui, a).await,
        Command::Upscale(a) => cmd_upscale::run(g, ui, a).await,
        Command::Compare(a) => cmd_compare::run(g, ui, a).await,
        Command::Mcp(a) => cmd_mcp::run(g, ui, a).await,
    }
}
