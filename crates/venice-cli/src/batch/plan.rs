//! Planning a run of an image command: inputs expanded, standard input read
//! once, a target for each input, collisions and unsafe names refused,
//! existing outputs skipped, and temporary files of killed runs removed.
//! Nothing is sent here.

use std::collections::BTreeSet;
use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use crate::batch::Batch;
use crate::batch::gallery::GalleryWriter;
use crate::batch::inputs::{self, Input};
use crate::batch::report::{Report, outcome_line};
use crate::engine::names::collision_key;
use crate::engine::template::{NameTemplate, NameValues};
use crate::engine::{Job, Target};
use crate::ui::exit::{Exit, Failure};

/// The jobs to run, and how.
pub struct Planned {
    pub jobs: Vec<Job>,
    /// More than one input, or a folder: failures do not end the run.
    pub batch: bool,
    pub report: Report,
    /// Files of walked folders that were not taken.
    pub skipped: usize,
}

/// The most read from standard input (what a fitted image may be).
const MAX_STDIN: u64 = 256 * 1024 * 1024;

pub async fn plan(b: &Batch<'_>, args: &[String], dry_run: bool) -> Result<Planned, Failure> {
    let expanded = inputs::expand(args, b.out.recursive, b.out.out_dir.as_deref()).map_err(Failure::usage)?;
    plan_inputs(b, expanded, &args.join(", "), dry_run, false).await
}

/// Plans inputs already expanded (`what` names where they were looked for).
pub async fn plan_inputs(
    b: &Batch<'_>,
    expanded: inputs::Expanded,
    what: &str,
    dry_run: bool,
    append_report: bool,
) -> Result<Planned, Failure> {
    let ui = &b.core.ui;
    for p in &expanded.passed_over {
        ui.detail(&format!("passed over {} (not an image)", p.display()));
    }
    let folder_given = expanded.inputs.iter().any(|i| matches!(i, Input::File { relative: Some(_), .. }));
    if expanded.inputs.is_empty() && expanded.skipped.is_empty() {
        return Err(Failure::new(Exit::Invalid, format!("no images found in {what}")));
    }
    let batch = expanded.inputs.len() > 1 || folder_given;
    if b.op.reads_stdin() && expanded.inputs.contains(&Input::Stdin) {
        return Err(Failure::usage("- (stdin) can be given only once"));
    }
    if batch && b.out.output.is_some() {
        return Err(Failure::usage("-o takes one input; use --out-dir DIR for several"));
    }
    if b.op.reads_stdin() || expanded.inputs.contains(&Input::Stdin) {
        read_stdin(b).await?;
    }
    // A --name template is checked before anything is read or sent.
    let template = b
        .out
        .name
        .as_deref()
        .map(str::parse::<NameTemplate>)
        .transpose()
        .map_err(|e| Failure::usage(e.to_string()))?;
    if let Some(t) = &template
        && batch
        && !t.distinguishes_inputs()
    {
        return Err(Failure::usage(format!(
            "--name {t} gives every input the same name; add {{stem}} or {{n}}"
        )));
    }
    let mut jobs = Vec::new();
    for (i, input) in expanded.inputs.into_iter().enumerate() {
        let target = match (&b.out.output, &b.out.out_dir, &template) {
            (Some(p), _, _) if p.as_os_str() == "-" => Target::Stdout,
            (Some(p), _, _) => Target::File { path: p.clone(), explicit: true, replace: b.out.force },
            (None, dir, Some(t)) => {
                let name = t.render(&NameValues::of(&b.op, &input, i + 1));
                Target::File {
                    replace: b.out.force,
                    path: inputs::place(&input, dir.as_deref(), &name)
                        .map_err(|e| Failure::new(Exit::Invalid, e))?,
                    explicit: !t.follows_format(),
                }
            }
            (None, None, None) if input == Input::Stdin => Target::Stdout,
            (None, dir, None) => Target::File {
                replace: b.out.force,
                path: inputs::output_path(&input, dir.as_deref(), b.op.suffix(), b.op.extension())
                    .map_err(|e| Failure::new(Exit::Invalid, e))?,
                explicit: false,
            },
        };
        jobs.push(b.job(input, target));
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
        if ui.json {
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

    let gallery = match (&b.out.gallery, dry_run) {
        (Some(path), false) => Some(GalleryWriter::new(path, b.op.title())?),
        _ => None,
    };
    let mut report = if append_report {
        Report::append(b.out.report.as_deref())?
    } else {
        Report::open(b.out.report.as_deref())?
    }
    .with_gallery(gallery);
    let mut skipped = expanded.skipped;
    // An input that is another input's planned output is never edited.
    let planned: BTreeSet<String> = outputs.iter().map(|(_, p)| collision_key(p)).collect();
    jobs.retain(|job| match &job.input {
        Input::File { path, relative: Some(_) } if planned.contains(&collision_key(path)) => {
            skipped.push((path.clone(), "an output this run writes".into()));
            false
        }
        _ => true,
    });
    for (path, why) in &skipped {
        ui.warn(&format!("skipped {}: {why}", path.display()));
        let job = b.job(Input::File { path: path.clone(), relative: None }, Target::Stdout);
        let mut line = outcome_line(&job, "skipped", None, Some(why));
        line["output"] = serde_json::Value::Null;
        report.write(ui, &line);
    }
    let mut runnable = Vec::new();
    for job in jobs {
        let existing = job.target.existing();
        match existing {
            Some(found) if !b.out.force && !dry_run => {
                if !batch {
                    return Err(Failure::new(
                        Exit::Invalid,
                        format!("{} exists; pass --force to overwrite it", found.display()),
                    ));
                }
                let line = outcome_line(&job, "skipped", None, Some(&format!("{} exists", found.display())));
                ui.detail(&format!(
                    "skipped {}: {} exists (--force overwrites)",
                    job.input.label(),
                    found.display()
                ));
                report.write(ui, &line);
            }
            _ => runnable.push(job),
        }
    }
    if !dry_run {
        for job in &runnable {
            if let Target::File { path, .. } = &job.target {
                for stale in venice_image::OutputSlot::remove_stale_parts(path) {
                    ui.detail(&format!("removed {}, left by a run that was killed", stale.display()));
                }
            }
        }
    }
    Ok(Planned { jobs: runnable, batch, report, skipped: skipped.len() })
}

/// Reads standard input once, for every job that names `-`. Refused on a
/// terminal (it would wait silently); Ctrl-C ends the wait.
async fn read_stdin(b: &Batch<'_>) -> Result<(), Failure> {
    if std::io::stdin().is_terminal() {
        return Err(Failure::usage(
            "- reads the image from standard input, which is a terminal here; pipe one in \
             (venice edit - -p \"...\" < photo.jpg) or give a path",
        ));
    }
    let read = tokio::task::spawn_blocking(|| {
        let mut bytes = Vec::new();
        std::io::stdin().lock().take(MAX_STDIN + 1).read_to_end(&mut bytes).map(|_| bytes)
    });
    let bytes = tokio::select! {
        biased;
        _ = tokio::signal::ctrl_c() => return Err(Failure::new(Exit::Interrupted, "interrupted while reading standard input")),
        r = read => r.map_err(|e| Failure::new(Exit::Invalid, format!("cannot read standard input: {e}")))?
            .map_err(|e| Failure::new(Exit::Invalid, format!("cannot read standard input: {e}")))?,
    };
    b.core.set_stdin(bytes.into());
    Ok(())
}
