//! Planning a run of an image command: inputs expanded, standard input read
//! once, a target for each input, collisions and unsafe names refused,
//! existing outputs skipped, and temporary files of killed runs removed.
//! Nothing is sent here.

use std::collections::BTreeSet;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use crate::batch::Batch;
use crate::batch::gallery::GalleryWriter;
use crate::batch::inputs::{self, Input};
use crate::batch::report::{Report, outcome_line};
use crate::engine::names::collision_key;
use crate::engine::template::{NameTemplate, NameValues};
use crate::engine::{Job, Op, Target};
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

pub async fn plan(batch: &Batch<'_>, args: &[String], dry_run: bool) -> Result<Planned, Failure> {
    let expanded =
        inputs::expand(args, batch.out.recursive, batch.out.out_dir.as_deref()).map_err(Failure::usage)?;
    let options = PlanOptions { dry_run, append_report: false };
    plan_inputs(batch, expanded, &args.join(", "), options).await
}

/// How a plan treats what it finds.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanOptions {
    /// Nothing will be sent: existing outputs are shown, not skipped.
    pub dry_run: bool,
    /// Add to the report instead of starting it (a watch's later passes).
    pub append_report: bool,
}

/// Plans inputs already expanded (`what` names where they were looked for).
pub async fn plan_inputs(
    batch: &Batch<'_>,
    expanded: inputs::Expanded,
    what: &str,
    options: PlanOptions,
) -> Result<Planned, Failure> {
    let ui = &batch.core.ui;
    for p in &expanded.passed_over {
        ui.detail(&format!("passed over {} (not an image)", p.display()));
    }
    let several = check_inputs(batch, &expanded, what)?;
    if batch.op.reads_stdin() || expanded.inputs.contains(&Input::Stdin) {
        read_stdin(batch).await?;
    }
    // A --name template is checked before anything is read or sent.
    let template = name_template(batch.out.name.as_deref())?;
    if let Some(t) = &template
        && several
        && !t.distinguishes_inputs()
    {
        return Err(Failure::usage(format!(
            "--name {t} gives every input the same name; add {{stem}} or {{n}}"
        )));
    }
    let naming = Naming {
        output: batch.out.output.as_deref(),
        out_dir: batch.out.out_dir.as_deref(),
        template: template.as_ref(),
        force: batch.out.force,
    };
    let mut jobs = Vec::new();
    for (i, input) in expanded.inputs.into_iter().enumerate() {
        let target = target(&naming, &batch.op, &input, i + 1)?;
        jobs.push(batch.job(input, target));
    }
    let outputs = check_outputs(&jobs)?;
    check_stdout(ui, &jobs, options.dry_run)?;
    let mut report = open_report(batch, options)?;
    let mut skipped = expanded.skipped;
    skip_own_outputs(&mut jobs, &outputs, &mut skipped);
    report_skipped(batch, &skipped, &mut report);
    let runnable = skip_existing(batch, jobs, several, options.dry_run, &mut report)?;
    if !options.dry_run {
        remove_stale_parts(ui, &runnable);
    }
    Ok(Planned { jobs: runnable, batch: several, report, skipped: skipped.len() })
}

/// Refuses inputs that cannot be planned; whether they are a batch (more
/// than one input, or a folder: failures do not end the run).
fn check_inputs(batch: &Batch<'_>, expanded: &inputs::Expanded, what: &str) -> Result<bool, Failure> {
    let folder_given = expanded.inputs.iter().any(|i| matches!(i, Input::File { relative: Some(_), .. }));
    if expanded.inputs.is_empty() && expanded.skipped.is_empty() {
        return Err(Failure::new(Exit::Invalid, format!("no images found in {what}")));
    }
    let several = expanded.inputs.len() > 1 || folder_given;
    if batch.op.reads_stdin() && expanded.inputs.contains(&Input::Stdin) {
        return Err(Failure::usage("- (stdin) can be given only once"));
    }
    if several && batch.out.output.is_some() {
        return Err(Failure::usage("-o takes one input; use --out-dir DIR for several"));
    }
    Ok(several)
}

/// The `--name` template, checked.
pub fn name_template(name: Option<&str>) -> Result<Option<NameTemplate>, Failure> {
    name.map(str::parse::<NameTemplate>).transpose().map_err(|e| Failure::usage(e.to_string()))
}

/// Where results go: the naming flags every source of jobs shares.
#[derive(Clone, Copy)]
pub struct Naming<'a> {
    /// `-o`: one named output (`-` for stdout).
    pub output: Option<&'a Path>,
    /// `--out-dir`.
    pub out_dir: Option<&'a Path>,
    /// `--name`.
    pub template: Option<&'a NameTemplate>,
    /// `--force`: an existing output is replaced.
    pub force: bool,
}

/// The target of the `n`th input (from 1) under `naming`.
pub fn target(naming: &Naming<'_>, op: &Op, input: &Input, n: usize) -> Result<Target, Failure> {
    let force = naming.force;
    let invalid = |e: String| Failure::new(Exit::Invalid, e);
    Ok(match (naming.output, naming.out_dir, naming.template) {
        (Some(p), _, _) if p.as_os_str() == "-" => Target::Stdout,
        (Some(p), _, _) if p.is_dir() => return Err(folder_as_output(p)),
        (Some(p), _, _) => Target::File { path: p.to_path_buf(), explicit: true, replace: force },
        (None, dir, Some(t)) => {
            let name = t.render(&NameValues::of(op, input, n));
            let path = inputs::place(input, dir, &name).map_err(invalid)?;
            Target::File { replace: force, path, explicit: !t.follows_format() }
        }
        (None, None, None) if *input == Input::Stdin => Target::Stdout,
        (None, dir, None) => Target::File {
            replace: force,
            path: inputs::output_path(input, dir, op.suffix(), op.extension()).map_err(invalid)?,
            explicit: false,
        },
    })
}

/// `-o` naming a folder: refused, `--force` or not (a folder is never
/// replaced by a result).
fn folder_as_output(p: &Path) -> Failure {
    let shown = p.display().to_string();
    let slash = if shown.ends_with('/') || shown.ends_with(std::path::MAIN_SEPARATOR) { "" } else { "/" };
    Failure::usage(format!(
        "-o {shown}: {shown}{slash} is a folder; use --out-dir {shown} to write the results into it, \
         or give -o a file name"
    ))
}

/// The jobs' output files, refused when two name one file.
pub fn check_outputs(jobs: &[Job]) -> Result<Vec<(String, PathBuf)>, Failure> {
    let outputs: Vec<(String, PathBuf)> = jobs
        .iter()
        .filter_map(|j| match &j.target {
            Target::File { path, .. } => Some((j.label(), path.clone())),
            Target::Stdout | Target::Memory => None,
        })
        .collect();
    inputs::check_collisions(&outputs).map_err(Failure::usage)?;
    Ok(outputs)
}

/// The first output of `jobs` that exists already.
pub fn first_existing(jobs: &[Job]) -> Option<PathBuf> {
    jobs.iter().find_map(|j| j.target.existing())
}

/// Image bytes on stdout: not with `--json`, nor on a terminal.
fn check_stdout(ui: &crate::ui::Ui, jobs: &[Job], dry_run: bool) -> Result<(), Failure> {
    if !jobs.iter().any(|j| j.target == Target::Stdout) {
        return Ok(());
    }
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
    Ok(())
}

/// The `--report` (and the `--gallery` fed from it).
fn open_report(batch: &Batch<'_>, options: PlanOptions) -> Result<Report, Failure> {
    let gallery = match (&batch.out.gallery, options.dry_run) {
        (Some(path), false) => Some(GalleryWriter::new(path, batch.op.title())?),
        _ => None,
    };
    let path = batch.out.report.as_deref();
    let report = if options.append_report { Report::append(path)? } else { Report::open(path)? };
    Ok(report.with_gallery(gallery))
}

/// An input that is another input's planned output is never edited.
fn skip_own_outputs(
    jobs: &mut Vec<Job>,
    outputs: &[(String, PathBuf)],
    skipped: &mut Vec<(PathBuf, String)>,
) {
    let planned: BTreeSet<String> = outputs.iter().map(|(_, p)| collision_key(p)).collect();
    jobs.retain(|job| match &job.input {
        Input::File { path, relative: Some(_) } if planned.contains(&collision_key(path)) => {
            skipped.push((path.clone(), "an output this run writes".into()));
            false
        }
        _ => true,
    });
}

/// Each skipped file said and reported.
fn report_skipped(batch: &Batch<'_>, skipped: &[(PathBuf, String)], report: &mut Report) {
    let ui = &batch.core.ui;
    for (path, why) in skipped {
        ui.warn(&format!("skipped {}: {why}", path.display()));
        let job = batch.job(Input::File { path: path.clone(), relative: None }, Target::Stdout);
        let mut line = outcome_line(&job, "skipped", None, Some(why));
        line["output"] = serde_json::Value::Null;
        report.write(ui, &line);
    }
}

/// The jobs whose output does not exist yet (or `--force`, or a dry run);
/// in a batch the others are skipped and reported, a lone one is refused.
fn skip_existing(
    batch: &Batch<'_>,
    jobs: Vec<Job>,
    several: bool,
    dry_run: bool,
    report: &mut Report,
) -> Result<Vec<Job>, Failure> {
    let ui = &batch.core.ui;
    let mut runnable = Vec::new();
    for job in jobs {
        let Some(found) = job.target.existing().filter(|_| !batch.out.force && !dry_run) else {
            runnable.push(job);
            continue;
        };
        if !several {
            return Err(Failure::new(
                Exit::Invalid,
                format!("{} exists; pass --force to overwrite it", found.display()),
            ));
        }
        let line = outcome_line(&job, "skipped", None, Some(&format!("{} exists", found.display())));
        ui.detail(&format!("skipped {}: {} exists (--force overwrites)", job.input.label(), found.display()));
        report.write(ui, &line);
    }
    Ok(runnable)
}

/// Temporary files of killed runs, at the outputs about to be written.
fn remove_stale_parts(ui: &crate::ui::Ui, jobs: &[Job]) {
    for job in jobs {
        if let Target::File { path, .. } = &job.target {
            for stale in venice_image::OutputSlot::remove_stale_parts(path) {
                ui.detail(&format!("removed {}, left by a run that was killed", stale.display()));
            }
        }
    }
}

/// Reads standard input once, for every job that names `-`. Refused on a
/// terminal (it would wait silently); Ctrl-C ends the wait.
async fn read_stdin(batch: &Batch<'_>) -> Result<(), Failure> {
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
    batch.core.set_stdin(bytes.into());
    Ok(())
}
