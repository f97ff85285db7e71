//! `venice completions SHELL` and `venice man`: generated from the clap
//! definition, printed on stdout.

use std::io::Write;

use clap::CommandFactory;

use crate::settings::flags::Cli;
use crate::ui::exit::{Exit, Failure};
use crate::ui::exit_quietly_on_broken_pipe;

pub fn completions(shell: clap_complete::Shell) -> Exit {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "venice", &mut out);
    exit_quietly_on_broken_pipe(std::io::stdout().write_all(&out));
    Exit::Ok
}

pub fn man() -> Result<Exit, Failure> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out).map_err(|e| Failure::usage(e.to_string()))?;
    exit_quietly_on_broken_pipe(std::io::stdout().write_all(&out));
    Ok(Exit::Ok)
}
