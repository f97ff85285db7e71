//! `venice`: edit images with Venice's API from the command line.
//!
//! A thin layer over the `venice-image` library: argument parsing, input and
//! output naming, batches, progress and reports. See `venice --help`.

mod cli;
mod inputs;
mod run;
mod ui;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { ui::Exit::Usage as u8 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let ui = ui::Ui::new(cli.global.quiet, cli.global.verbose, cli.global.json);
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            ui.error(&format!("cannot start: {e}"));
            return ExitCode::from(ui::Exit::Partial as u8);
        }
    };
    let outcome = runtime.block_on(run::run(cli));
    match outcome {
        Ok(exit) => ExitCode::from(exit as u8),
        Err(failure) => {
            ui.error(&failure.message);
            ExitCode::from(failure.exit as u8)
        }
    }
}
