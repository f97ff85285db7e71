//! What the user sees: messages on stderr, results on stdout; log lines,
//! exit codes and the description of errors. The bottom layer: it uses
//! only the library.

pub mod advice;
pub mod cause;
pub mod clean;
pub mod exit;
pub mod logs;

use std::io::Write;

use serde_json::Value;

use crate::ui::clean::terminal_safe;

use crate::ui::exit::Exit;

/// Output settings.
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    pub quiet: bool,
    pub verbose: bool,
    pub json: bool,
    color: bool,
}

impl Ui {
    pub fn new(quiet: bool, verbose: bool, json: bool) -> Self {
        // anstream's choice: a terminal, NO_COLOR, CLICOLOR, CLICOLOR_FORCE, TERM.
        let color = anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
        Self { quiet, verbose, json, color }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() }
    }

    // Every line for a person passes through `terminal_safe`: messages
    // quote the service, and the service must not drive the terminal.

    pub fn error(&self, message: &str) {
        eprintln!("{} {}", self.paint("1;31", "error:"), terminal_safe(message));
    }

    pub fn warn(&self, message: &str) {
        if !self.quiet {
            eprintln!("{} {}", self.paint("1;33", "warning:"), terminal_safe(message));
        }
    }

    pub fn note(&self, message: &str) {
        if !self.quiet {
            eprintln!("{} {}", self.paint("1;36", "note:"), terminal_safe(message));
        }
    }

    pub fn info(&self, message: &str) {
        if !self.quiet {
            eprintln!("{}", terminal_safe(message));
        }
    }

    pub fn detail(&self, message: &str) {
        if self.verbose {
            eprintln!("{}", self.paint("2", &terminal_safe(message)));
        }
    }

    /// One JSON object on stdout.
    pub fn json_line(&self, value: &Value) {
        let mut out = std::io::stdout().lock();
        let written =
            serde_json::to_writer(&mut out, value).map_err(std::io::Error::from).and_then(|()| writeln!(out));
        exit_quietly_on_broken_pipe(written);
    }

    /// Text on stdout (control characters escaped, as on stderr).
    pub fn print(&self, text: &str) {
        let mut out = std::io::stdout().lock();
        exit_quietly_on_broken_pipe(writeln!(out, "{}", terminal_safe(text)));
    }
}

/// A reader that went away (`venice models | head`) is not an error.
pub fn exit_quietly_on_broken_pipe(result: std::io::Result<()>) {
    if let Err(e) = result {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to stdout: {e}");
        std::process::exit(Exit::Partial as i32);
    }
}
