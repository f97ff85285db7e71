//! Planning a run of an image command: inputs expanded, a target for each,
//! collisions and unsafe outputs refused, existing outputs skipped. Nothing
//! is sent here.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::context::Ctx;
use crate::exit::{Exit, Failure};
use crate::inputs::{self, Input};
use crate::job::{Job, Kind, Target};
use crate::report::{Report, outcome_line};

/// The jobs to run, and how.
pub struct Planned {
    pub jobs: Vec<Job>,
    /// More than one input, or a folder: failures do not end the run.
    pub batch: bool,
    pub report: Report,
}

pub fn plan(ctx: &Ctx, args: &[String], dry_run: bool) -> Result<Planned, Failure> {
    let expanded = inputs::expand(args, ctx.out.recursive).map_err(Failure::usage)?;
    for p in &expanded.passed_over {
        ctx.ui.detail(&format!("passed over {} (not an image)", p.display()));
    }
    let folder_given = expanded.inputs.iter().any(|i| matches!(i, Input::File { relative: Some(_), .. }));
    if expanded.inputs.is_empty() {
        return Err(Failure::new(Exit::Invalid, format!("no images found in {}", args.join(", "))));
    }
    let batch = expanded.inputs.len() > 1 || folder_given;
    let uses_stdin = matches!(&ctx.kind, Kind::Multi { layers, .. } if layers.contains(&Input::Stdin));
    if uses_stdin && expanded.inputs.contains(&Input::Stdin) {
        return Err(Failure::usage("- (stdin) can be given only once"));
    }
    if batch && ctx.out.output.is_some() {
        return Err(Failure::usage("-o takes one input; use --out-dir DIR for several"));
    }
    let mut jobs = Vec::new();
    for input in expanded.inputs {
        let target = match (&ctx.out.output, &ctx.out.out_dir) {
            (Some(p), _) if p.as_os_str() == "-" => Target::Stdout,
            (Some(p), _) => Target::File { path: p.clone(), explicit: true },
            (None, None) if input == Input::Stdin => Target::Stdout,
            (None, dir) => Target::File {
                path: inputs::output_path(&input, dir.as_deref(), ctx.kind.suffix(), ctx.kind.extension())
                    .map_err(|e| Failure::new(Exit::Invalid, e))?,
                explicit: false,
            },
        };
        jobs.push(Job { input, target });
    }
    let outputs: Vec<(String, PathBuf)> = jobs
        .iter()
        .filter_map(|j| match &j.target {
            Target::File { path, .. } => Some((j.input.label(), path.clone())),
            Target::Stdout => None,
        })
        .collect();
    inputs::check_collisions(&outputs).map_err(Failure::usage)?;
    if jobs.iter().any(|j| j.target == Target::Stdout) {
        if ctx.ui.json {
            return Err(Failure::usage(
                "--json and image bytes cannot share stdout; write the image with -o FILE",
            ));
        }
        if std::io::stdout().is_terminal() && !dry_run {
            return Err(Failure::usage(
                "refusing to write image bytes to a terminal; use -o FILE or redirect stdout",
            ));
        }
    }

    let mut report = Report::open(ctx.out.report.as_deref())?;
    let mut runnable = Vec::new();
    for job in jobs {
        let existing = match &job.target {
            Target::File { path, explicit: true } => {
                std::fs::symlink_metadata(path).is_ok().then(|| path.clone())
            }
            Target::File { path, explicit: false } => inputs::existing_output(path),
            Target::Stdout => None,
        };
        match existing {
            Some(found) if !ctx.out.force && !dry_run => {
                if !batch {
                    return Err(Failure::new(
                        Exit::Invalid,
                        format!("{} exists; pass --force to overwrite it", found.display()),
                    ));
                }
                let line = outcome_line(&job, "skipped", None, Some(&format!("{} exists", found.display())));
                ctx.ui.detail(&format!(
                    "skipped {}: {} exists (--force overwrites)",
                    job.input.label(),
                    found.display()
                ));
                report.write(&ctx.ui, &line);
            }
            _ => runnable.push(job),
        }
    }
    Ok(Planned { jobs: runnable, batch, report })
}
