//! `venice`: edit images with Venice's API from the command line.
//!
//! A thin layer over the `venice-image` library: argument parsing, input and
//! output naming, batches, progress and reports. See `venice --help`.
//!
//! The modules form layers; each uses only the layers below it, and inside
//! each module the files and folders form a DAG (`layers.rs` checks both):
//!
//! 1. `commands`: one module per subcommand, and the dispatch; `compare`
//!    is a source of jobs planned as a batch.
//! 2. `serve`: `venice serve`'s HTTP server (OpenAI's Images API in
//!    front of Venice: access, forms, retries joined, answers, metrics).
//! 3. `mcp`: `venice mcp`'s server (tools, arguments, answers).
//! 4. `batch`: inputs expanded and planned (names, targets, collisions,
//!    existing outputs, the cost line and `--max-cost`), dry runs, and the
//!    one job queue (`batch::queue`: `--jobs`, admission, stop rules,
//!    Ctrl-C, progress, the summary and the exit code) that every batch,
//!    `compare`, pipeline and watch pass is a source of work for; reports
//!    and galleries.
//! 5. `html`: the pages (`compare`, `--gallery`), rendered from plain data.
//! 6. `engine`: the call engine, the one path of every image call
//!    (prepare, price, reserve, admit, send, write or rescue, warn, stop).
//! 7. `settings`: the flags, the config file, the environment, profiles.
//! 8. `ui`: messages, logs, exit codes and the description of errors.

mod batch;
mod commands;
mod engine;
mod html;
mod mcp;
mod serve;
mod settings;
mod ui;

#[cfg(test)]
mod layers;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

fn main() -> ExitCode {
    let parsed = settings::flags::Cli::command()
        .try_get_matches()
        .and_then(|m| settings::flags::Cli::from_arg_matches(&m).map(|c| (c, m)));
    let (mut cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            let code = if e.use_stderr() { ui::exit::Exit::Usage as u8 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let ui = ui::Ui::new(cli.global.quiet, cli.global.verbose, cli.global.json);
    ui::logs::init(cli.global.quiet, cli.global.verbose);
    // The config file's values, where no flag or variable gave one.
    // (Not for the commands that print documentation: those work whatever
    // the file says.)
    let docs =
        matches!(cli.command, settings::flags::Command::Completions { .. } | settings::flags::Command::Man);
    let resolved =
        if docs { Ok(settings::Settings::default()) } else { settings::resolve(&mut cli, &matches) };
    let settings = match resolved {
        Ok(settings) => settings,
        Err(failure) => {
            ui.error(&failure.message);
            return ExitCode::from(failure.exit as u8);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            ui.error(&format!("cannot start: {e}"));
            return ExitCode::from(ui::exit::Exit::Partial as u8);
        }
    };
    let outcome = runtime.block_on(commands::run(cli, settings));
    // A blocking read of standard input cannot be cancelled: do not wait for
    // it to end (a write in flight finishes its rename well within this).
    runtime.shutdown_timeout(std::time::Duration::from_secs(2));
    match outcome {
        Ok(exit) => ExitCode::from(exit as u8),
        Err(failure) => {
            ui.error(&failure.message);
            ExitCode::from(failure.exit as u8)
        }
    }
}
