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
mod cli;
mod cmd_compare;
mod cmd_docs;
mod cmd_edit;
mod cmd_mcp;
mod cmd_models;
mod cmd_multi_edit;
mod cmd_remove_bg;
mod cmd_upscale;
mod context;
mod dry;
mod exit;
mod gallery;
mod html;
mod images;
mod inputs;
mod interrupt;
mod job;
mod mcp;
mod names;
mod plan;
mod report;
mod run;
mod stops;
mod ui;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { exit::Exit::Usage as u8 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let ui = ui::Ui::new(cli.global.quiet, cli.global.verbose, cli.global.json);
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            ui.error(&format!("cannot start: {e}"));
            return ExitCode::from(exit::Exit::Partial as u8);
        }
    };
    let outcome = runtime.block_on(run::run(cli));
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
