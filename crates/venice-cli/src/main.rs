//! `venice`: edit images with Venice's API from the command line.
//!
//! A thin layer over the `venice-image` library: argument parsing, input and
//! output naming, batches, progress and reports. See `venice --help`.
//!
//! The stages, in order: `cli` (what the user typed; the request options are
//! the library's own structs, flattened) → `context` (the client, built by
//! the library from the flags) → `plan` (inputs, targets, skips) → `job`
//! (prepare, send, write) → `batch` or `dry` → `report`; `exit` maps error
//! types to exit codes. One `cmd_*` module per command.

mod advice;
mod batch;
mod cause;
mod cli;
mod cmd_compare;
mod cmd_config;
mod cmd_docs;
mod cmd_edit;
mod cmd_mcp;
mod cmd_models;
mod cmd_multi_edit;
mod cmd_remove_bg;
mod cmd_upscale;
mod config_file;
mod context;
mod dry;
mod exit;
mod gallery;
mod html;
mod images;
mod inputs;
mod interrupt;
mod job;
mod logs;
mod mcp;
mod names;
mod offline;
mod plan;
mod report;
mod run;
mod settings;
mod stops;
mod ui;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

fn main() -> ExitCode {
    let parsed =
        cli::Cli::command().try_get_matches().and_then(|m| cli::Cli::from_arg_matches(&m).map(|c| (c, m)));
    let (mut cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            let code = if e.use_stderr() { exit::Exit::Usage as u8 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let ui = ui::Ui::new(cli.global.quiet, cli.global.verbose, cli.global.json);
    logs::init(cli.global.quiet, cli.global.verbose);
    // The config file's values, where no flag or variable gave one.
    // (Not for the commands that print documentation: those work whatever
    // the file says.)
    let docs = matches!(cli.command, cli::Command::Completions { .. } | cli::Command::Man);
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
            return ExitCode::from(exit::Exit::Partial as u8);
        }
    };
    let outcome = runtime.block_on(run::run(cli, settings));
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
