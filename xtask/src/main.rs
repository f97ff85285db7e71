//! Maintainer tasks for the venice-image workspace, run as `cargo xtask TASK`;
//! `cargo xtask --help` lists them and `cargo xtask TASK --help` explains one.
//!
//! Exit status: 0 on success, 1 when a check finds something (stale
//! generated code, spec drift), 2 on a usage error or a failure.

mod drift;
mod generate;
mod output;
mod reduce;
mod release;
mod spec;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, Parser, Subcommand};

use output::{label, workspace_root};

/// Maintainer tasks for the venice-image workspace.
#[derive(Debug, Parser)]
#[command(name = "xtask", bin_name = "cargo xtask", args_override_self = true)]
struct Cli {
    #[command(subcommand)]
    task: Option<Task>,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Reduce the spec to what progenitor can take and generate
    /// crates/venice-raw (src/generated.rs and openapi.reduced.json).
    ///
    /// An --out-dir that holds no Cargo.toml also gets one, so the output is a
    /// crate that builds on its own.
    Generate {
        /// The spec to generate from [default: openapi/venice-image.yaml]
        #[arg(long, value_name = "PATH")]
        spec: Option<PathBuf>,
        /// Where to write [default: crates/venice-raw]
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
        /// Write nothing; exit 1, naming each stale file, if the files there
        /// are not what the spec generates
        #[arg(long)]
        check: bool,
    },
    /// List how a Venice spec differs from ours over the operations the
    /// client covers; exit 1 when anything differs.
    SpecDrift {
        /// The Venice spec to compare with
        #[arg(long, value_name = "PATH")]
        upstream: PathBuf,
        /// Our spec [default: openapi/venice-image.yaml]
        #[arg(long, value_name = "PATH")]
        ours: Option<PathBuf>,
    },
    /// Generate a client from another spec (Venice's own, say) into a scratch
    /// crate and compile it with `cargo check`.
    CheckUpstream {
        /// The spec to generate from
        #[arg(long, value_name = "PATH")]
        spec: PathBuf,
        /// Where the scratch crate goes [default: target/upstream-client]
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
    /// Write the shell completions and the man page release archives carry
    /// (crates/venice-cli/assets/), from the built `venice`.
    Assets,
    /// Run `dist plan`, build the local x86_64 Linux archive with `dist
    /// build`, unpack it and run the `venice` inside with --version.
    ReleaseCheck {
        /// Report and skip, successfully, when `dist` is not installed (CI)
        #[arg(long)]
        if_present: bool,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            // One line: the chain of causes joined.
            let chain: Vec<String> = e.chain().map(ToString::to_string).collect();
            eprintln!("error: {}", chain.join(": "));
            ExitCode::from(2)
        }
    }
}

/// Prints what clap has to say (help and version go to stdout, exit 0) and
/// gives its exit status, 2 for a usage error. An unknown argument is named
/// in the words xtask has always used, with the task it was given to.
fn usage_error(e: &clap::Error) -> ExitCode {
    let code = ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
    if !e.use_stderr() {
        let _ = e.print();
        return code;
    }
    let rendered = e.render().to_string();
    match (e.kind(), e.get(ContextKind::InvalidArg)) {
        (ErrorKind::UnknownArgument, Some(ContextValue::String(arg))) => {
            let task = std::env::args().nth(1).unwrap_or_default();
            // Clap's first line says the same; keep its tips and usage.
            let rest = rendered.split_once('\n').map_or("", |(_, rest)| rest);
            eprint!("error: unknown argument {arg:?} for `{task}`\n{rest}");
        }
        _ => eprint!("{rendered}"),
    }
    code
}

fn run(cli: Cli) -> Result<ExitCode> {
    let root = workspace_root();
    let our_spec = || root.join("openapi/venice-image.yaml");
    match cli.task {
        None => {
            Cli::command().print_help()?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Task::Generate { spec, out_dir, check }) => {
            let spec = spec.unwrap_or_else(our_spec);
            let out_dir = out_dir.unwrap_or_else(|| root.join("crates/venice-raw"));
            let files = output::generate_from(&spec)?;
            if check { output::check(&out_dir, &files) } else { output::write(&out_dir, &files) }
        }
        Some(Task::SpecDrift { upstream, ours }) => {
            let ours = ours.unwrap_or_else(our_spec);
            let differences = drift::drift(&spec::load_spec(&ours)?, &spec::load_spec(&upstream)?)?;
            for d in &differences {
                println!("{d}");
            }
            if differences.is_empty() {
                println!("no differences over the {} operations", spec::OPERATIONS.len());
                Ok(ExitCode::SUCCESS)
            } else {
                println!(
                    "{} differences between {} and {}",
                    differences.len(),
                    label(&ours),
                    upstream.display()
                );
                Ok(ExitCode::from(1))
            }
        }
        Some(Task::CheckUpstream { spec, out_dir }) => {
            let out_dir = out_dir.unwrap_or_else(|| root.join("target/upstream-client"));
            output::check_upstream(&root, &spec, &out_dir)
        }
        Some(Task::Assets) => release::assets(&root),
        Some(Task::ReleaseCheck { if_present }) => release::release_check(&root, if_present),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn flags_parse_as_before() {
        let cli =
            Cli::try_parse_from(["xtask", "generate", "--spec=a.yaml", "--out-dir", "o", "--check"]).unwrap();
        let Some(Task::Generate { spec, out_dir, check }) = cli.task else { panic!("{cli:?}") };
        assert_eq!((spec, out_dir, check), (Some("a.yaml".into()), Some("o".into()), true));
        // A repeated flag takes its last value, as the hand-written parser did.
        let cli = Cli::try_parse_from(["xtask", "spec-drift", "--upstream", "a", "--upstream", "b"]).unwrap();
        let Some(Task::SpecDrift { upstream, ours: None }) = cli.task else { panic!("{cli:?}") };
        assert_eq!(upstream, PathBuf::from("b"));
        let cli = Cli::try_parse_from(["xtask", "release-check", "--if-present"]).unwrap();
        assert!(matches!(cli.task, Some(Task::ReleaseCheck { if_present: true })));
    }

    #[test]
    fn missing_values_and_unknown_tasks_are_usage_errors() {
        for args in [
            &["xtask", "spec-drift"][..],
            &["xtask", "check-upstream"],
            &["xtask", "generate", "--spec"],
            &["xtask", "assets", "--check"],
            &["xtask", "frobnicate"],
        ] {
            let err = Cli::try_parse_from(args).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{args:?}: {err}");
        }
    }

    #[test]
    fn help_lists_all_five_tasks() {
        let help = Cli::command().render_long_help().to_string();
        for task in ["generate", "spec-drift", "check-upstream", "assets", "release-check"] {
            assert!(help.contains(task), "{task} missing from\n{help}");
        }
    }
}
