//! A pipeline over many inputs: every input's chain planned (what is kept
//! from earlier runs, what is left to pay for), priced as a whole and held
//! to `--max-cost` before the first request, shown by `--dry-run`, then
//! run as a source of work for the job queue (one unit is one input's
//! chain of steps: `--jobs` chains at once, the engine's pacing, stop rules
//! and lock-out guard), one report line per step per input, a page of
//! every stage with `--gallery`, and the queue's summary.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use std::future::Future;

use serde_json::{Value, json};

use crate::batch::chain::{self, Chain, ChainRun, StepOutcome};
use crate::batch::cost::check_max_cost;
use crate::batch::inputs::Input;
use crate::batch::queue::{Limits, Output, Queue, Source, Stopping, Verdict, Wording};
use crate::batch::recipe::RecipeStep;
use crate::batch::report::{Report, outcome_line};
use crate::engine::{Core, Job, Target};
use crate::html::pipeline::{self as page, Row, Stage};
use crate::ui::Ui;
use crate::ui::exit::{Exit, Failure};

/// How a pipeline runs.
#[derive(Clone, Copy)]
pub struct Options<'a> {
    pub out_dir: Option<&'a Path>,
    pub jobs: usize,
    pub max_cost: Option<f64>,
    pub report: Option<&'a Path>,
    pub gallery: Option<&'a Path>,
    pub force: bool,
    pub clean: bool,
    pub dry_run: bool,
    /// Add to the report instead of starting it (a watch's later passes).
    pub append_report: bool,
    /// An input that cannot be planned (gone, unreadable, too large) is
    /// said and passed over instead of ending the run (a watch's passes).
    pub pass_over_unplannable: bool,
}

/// Plans every input; inputs whose final output is not this pipeline's
/// are skipped (unless `--force`), as batches skip existing outputs.
fn plan_all(
    core: &Core,
    inputs: Vec<Input>,
    steps: &[RecipeStep],
    options: &Options<'_>,
) -> Result<Vec<Chain>, Failure> {
    let mut chains = Vec::new();
    let mut planned: Vec<(String, PathBuf)> = Vec::new();
    for input in inputs {
        let label = input.label();
        let mut chain = match chain::plan(input, steps, options.out_dir) {
            Ok(chain) => chain,
            Err(e) if options.pass_over_unplannable => {
                core.ui.error(&format!("{label}: {e}; passed over, the watch goes on"));
                continue;
            }
            Err(e) => return Err(Failure::new(Exit::Invalid, e)),
        };
        chain.replace = options.force;
        planned.push((chain.input.label(), chain.output.clone()));
        crate::batch::inputs::check_collisions(&planned).map_err(Failure::usage)?;
        if let Some(found) = chain.blocked().filter(|_| !options.force) {
            core.ui.warn(&format!(
                "skipped {}: {} exists (--force replaces it)",
                chain.input.label(),
                found.display()
            ));
            continue;
        }
        chains.push(chain);
    }
    Ok(chains)
}

/// The estimated cost of what is left to run: the sum of the priced steps,
/// and the steps left to run that have no price.
struct Estimate {
    known: f64,
    /// `step N (op)` of each step without a price that is left to run.
    unpriced: Vec<String>,
}

impl Estimate {
    /// The total, when every step left to run has a price.
    fn total(&self) -> Option<f64> {
        self.unpriced.is_empty().then_some(self.known)
    }

    /// `$X`, or `at least $X plus step 1 (remove-bg) (unpriced)`.
    fn text(&self) -> String {
        if self.unpriced.is_empty() {
            format!("${:.4}", self.known)
        } else {
            format!("at least ${:.4} plus {} (unpriced)", self.known, self.unpriced.join(", "))
        }
    }

    /// `--max-cost` held against it; a step without a price is named.
    fn check(&self, max: Option<f64>) -> Result<(), Failure> {
        match (max, self.unpriced.is_empty()) {
            (Some(_), false) => Err(Failure::new(
                Exit::Invalid,
                format!(
                    "--max-cost is set but the cost cannot be estimated: {} has no price in the catalogue \
                     (estimated cost {}); nothing was sent",
                    self.unpriced.join(", "),
                    self.text()
                ),
            )),
            _ => check_max_cost(max, self.total()),
        }
    }
}

/// Each step's price, and the estimate of what is left to run.
async fn estimate(core: &Core, chains: &[Chain], steps: &[RecipeStep]) -> (Estimate, Vec<Option<f64>>) {
    let mut prices = Vec::new();
    for step in steps {
        prices.push(step.op.estimate(&core.client, 1).await);
    }
    let mut est = Estimate { known: 0.0, unpriced: Vec::new() };
    for c in chains.iter().filter(|c| !c.finished) {
        for (n, price) in prices.iter().enumerate() {
            match (c.kept[n].is_none(), price) {
                (false, _) => {}
                (true, Some(p)) => est.known += p,
                (true, None) => {
                    let name = format!("step {} ({})", n + 1, steps[n].op.name());
                    if !est.unpriced.contains(&name) {
                        est.unpriced.push(name);
                    }
                }
            }
        }
    }
    (est, prices)
}

fn usd(price: Option<f64>) -> String {
    price.map_or_else(|| "price unknown (not in the catalogue)".into(), |v| format!("${v:.4}"))
}

/// Runs the pipeline; the exit code.
pub async fn run(
    core: &Core,
    inputs: Vec<Input>,
    steps: &[RecipeStep],
    options: Options<'_>,
) -> Result<Exit, Failure> {
    Ok(run_priced(core, inputs, steps, options).await?.0)
}

/// As [`run`]; also the estimated cost of what it ran.
pub async fn run_priced(
    core: &Core,
    inputs: Vec<Input>,
    steps: &[RecipeStep],
    options: Options<'_>,
) -> Result<(Exit, f64), Failure> {
    let ui = core.ui;
    let chains = plan_all(core, inputs, steps, &options)?;
    crate::batch::waste::warn(core, &chains, steps).await;
    let (est, prices) = estimate(core, &chains, steps).await;
    if options.dry_run {
        show_dry_run(ui, &chains, steps, &prices, &est);
        return Ok((Exit::Ok, 0.0));
    }
    let left: Vec<&Chain> = chains.iter().filter(|c| !c.finished).collect();
    if !left.is_empty() {
        let what = format!("{} input(s) x {} step(s)", left.len(), steps.len());
        ui.info(&format!("{what}; estimated cost {}", est.text()));
        est.check(options.max_cost)?;
    }
    let mut report =
        if options.append_report { Report::append(options.report)? } else { Report::open(options.report)? };
    report_finished(ui, &chains, steps, &mut report);
    if left.is_empty() {
        report.finish(&ui).await;
        ui.info("nothing to do: every input went through the pipeline already");
        return Ok((Exit::Ok, 0.0));
    }
    let started = Instant::now();
    let source = Chains { core, steps, clean: options.clean };
    let settled =
        Queue::new(core, &source, Limits { at_once: options.jobs, skipped: 0 }).run(&left, &mut report).await;
    report.finish(&ui).await;
    if let Some(path) = options.gallery {
        let mut outcomes = settled.outcomes.into_iter();
        let results: Vec<Option<ChainRun>> =
            chains.iter().map(|c| if c.finished { None } else { outcomes.next() }).collect();
        gallery(core, path, &chains, steps, &results, started).await;
    }
    Ok((settled.exit, est.known))
}

/// The report lines of the inputs an earlier run finished: each step
/// `skipped`, with its reason and its kept result.
fn report_finished(ui: Ui, chains: &[Chain], steps: &[RecipeStep], report: &mut Report) {
    for c in chains.iter().filter(|c| c.finished) {
        for (n, step) in steps.iter().enumerate() {
            let output = c.kept.get(n).cloned().flatten().unwrap_or_else(|| c.output.clone());
            let target = Target::File { path: output, explicit: true, replace: false };
            let job = Job::new(std::sync::Arc::new(step.op.clone()), step.upload, c.input.clone(), target);
            let why = format!("done in an earlier run ({} exists)", c.output.display());
            let mut line = outcome_line(&job, "skipped", None, Some(&why));
            line["step"] = json!(n + 1);
            line["op"] = Value::String(step.text.clone());
            report.write(&ui, &line);
        }
    }
}

/// `--dry-run`: each input's steps, what is kept and what each costs.
fn show_dry_run(ui: Ui, chains: &[Chain], steps: &[RecipeStep], prices: &[Option<f64>], est: &Estimate) {
    for c in chains {
        ui.print(&format!("# {} -> {}", c.input.label(), c.output.display()));
        for (n, step) in steps.iter().enumerate() {
            let what = if c.finished || c.kept[n].is_some() {
                "kept from an earlier run".into()
            } else {
                usd(prices[n])
            };
            ui.print(&format!("  {}. {}: {what}", n + 1, step.text));
        }
    }
    let left = chains.iter().filter(|c| !c.finished).count();
    ui.print(&format!("estimated total: {} for {left} input(s) to run; nothing was sent", est.text()));
}

/// A pipeline's inputs as a source of work for the queue: one unit is one
/// input's chain of steps.
struct Chains<'c> {
    core: &'c Core,
    steps: &'c [RecipeStep],
    clean: bool,
}

impl<'c> Source for Chains<'c> {
    type Unit = &'c Chain;
    type Outcome = ChainRun;

    fn label(&self, chain: &&'c Chain) -> String {
        chain.input.label()
    }

    fn perform<'a>(
        &'a self,
        chain: &'a &'c Chain,
        stopping: Stopping<'a>,
    ) -> impl Future<Output = ChainRun> + 'a {
        chain.run(self.core, self.steps, None, stopping, self.clean)
    }

    fn decide(&self, chain: &&'c Chain, ran: &ChainRun, out: &mut Output<'_>) -> Verdict {
        say(chain, self.steps, ran, out);
        if ran.output.is_some() {
            Verdict::Ok { balance_left: None }
        } else if ran.outcomes.iter().any(|o| matches!(o, StepOutcome::Failed(_))) {
            Verdict::Failed
        } else {
            Verdict::NotAttempted
        }
    }

    fn unsent(&self, chain: &&'c Chain, why: &str, out: &mut Output<'_>) -> ChainRun {
        let why = if why.is_empty() { "not run" } else { why };
        let outcomes = chain
            .kept
            .iter()
            .map(|kept| match kept {
                Some(path) => StepOutcome::Kept(path.clone()),
                None => StepOutcome::NotAttempted(why.to_owned()),
            })
            .collect();
        let ran = ChainRun { outcomes, output: None };
        say(chain, self.steps, &ran, out);
        ran
    }

    fn wording(&self) -> Wording {
        Wording {
            succeeded: "input(s) went through every step",
            not_attempted: "not finished (run again to resume them)",
        }
    }
}

/// Each step's line (the report, `--json`) and the input's on stderr.
fn say(chain: &Chain, steps: &[RecipeStep], ran: &ChainRun, out: &mut Output<'_>) {
    let label = chain.input.label();
    for (n, (step, outcome)) in steps.iter().zip(&ran.outcomes).enumerate() {
        let mut line = step_line(chain, n, step, outcome, out);
        line["step"] = json!(n + 1);
        line["op"] = Value::String(step.text.clone());
        out.write(&line);
    }
    // A failure at reserving the final output comes after the steps.
    if let Some(StepOutcome::Failed(e)) = ran.outcomes.get(steps.len()) {
        out.error(&format!("{label}: {}", e.describe(true)));
    }
    if let Some(output) = &ran.output
        && !out.ui.json
    {
        out.info(&format!("{label} -> {output}"));
    }
}

/// One step's report line; its failure and warnings said.
fn step_line(chain: &Chain, n: usize, step: &RecipeStep, outcome: &StepOutcome, out: &Output<'_>) -> Value {
    let job = Job::new(
        std::sync::Arc::new(step.op.clone()),
        step.upload,
        chain.input.clone(),
        Target::File { path: PathBuf::new(), explicit: true, replace: false },
    );
    match outcome {
        StepOutcome::Done(done) => {
            for w in &done.warnings {
                out.warn(&format!("{} step {}: {w}", chain.input.label(), n + 1));
            }
            outcome_line(&job, "ok", Some(done), None)
        }
        StepOutcome::Kept(path) => {
            let mut line = outcome_line(&job, "kept", None, None);
            line["output"] = json!(path.display().to_string());
            line
        }
        StepOutcome::Failed(e) => {
            let message =
                format!("{} step {} ({}): {}", chain.input.label(), n + 1, step.text, e.describe(true));
            out.error(&message);
            outcome_line(&job, "failed", None, Some(&message))
        }
        StepOutcome::NotAttempted(why) => outcome_line(&job, "not-attempted", None, Some(why)),
    }
}

/// The `--gallery` page: every stage of every input side by side.
async fn gallery(
    core: &Core,
    path: &Path,
    chains: &[Chain],
    steps: &[RecipeStep],
    results: &[Option<ChainRun>],
    started: Instant,
) {
    let thumbs = path.with_extension("thumbs");
    let mut rows = Vec::new();
    for (i, (c, r)) in chains.iter().zip(results).enumerate() {
        let mut stages = match &c.input {
            Input::File { path: original, .. } => {
                vec![Stage { label: "original".into(), file: Some(original.clone()), error: None }]
            }
            Input::Prompt(_) => Vec::new(),
            _ => continue,
        };
        for (n, step) in steps.iter().enumerate() {
            let (file, error) = match (c.finished, r.as_ref().and_then(|r| r.outcomes.get(n))) {
                (true, _) => (c.kept[n].clone(), None),
                (false, Some(outcome)) => (
                    outcome.file(),
                    match outcome {
                        StepOutcome::Failed(e) => Some(format!("failed: {}", e.describe(false))),
                        StepOutcome::NotAttempted(why) => Some(format!("not run: {why}")),
                        _ => None,
                    },
                ),
                (false, None) => (None, Some("not run".into())),
            };
            stages.push(Stage { label: format!("{}. {}", n + 1, step.text), file, error });
        }
        rows.push((i, c.input.label(), stages));
    }
    let base = path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let built = tokio::task::spawn_blocking(move || page::build(&base, &thumbs, rows)).await;
    let rows: Vec<Row> = match built {
        Ok(rows) => rows,
        Err(e) => {
            core.ui.warn(&format!("the gallery could not be made: {e}"));
            return;
        }
    };
    let title =
        format!("venice pipeline: {}", steps.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" → "));
    let html = page::render(&title, &rows, started.elapsed());
    match venice_image::write_atomic(path, html.as_bytes()) {
        Ok(()) => {
            if !std::io::stderr().is_terminal() || !core.ui.quiet {
                core.ui.info(&format!("gallery: {}", path.display()));
            }
        }
        Err(e) => core.ui.error(&format!("cannot write the gallery {}: {e}", path.display())),
    }
}

/// `--watch`: the pipeline on everything there now, then on each new image
/// once it is whole, until Ctrl-C or a stop; `--max-cost` is the total for
/// the whole watch.
pub async fn watch(
    core: &Core,
    args: &[String],
    recursive: bool,
    steps: &[RecipeStep],
    options: Options<'_>,
) -> Result<Exit, Failure> {
    let ui = core.ui;
    let mut watch = crate::batch::watch::Watch::start(&ui, args, recursive, options.out_dir)?;
    if let Some(gallery) = options.gallery {
        // Its thumbnails are the watch's own, never new images.
        watch.exclude(&gallery.with_extension("thumbs"));
    }
    let (mut spent, mut passes, mut done, mut worst) = (0.0, 0usize, 0usize, Exit::Ok);
    while let Some(ready) = watch.next().await? {
        if ready.is_empty() {
            continue;
        }
        let count = ready.len();
        let pass = Options {
            max_cost: options.max_cost.map(|m| (m - spent).max(0.0)),
            append_report: passes > 0,
            pass_over_unplannable: true,
            ..options
        };
        passes += 1;
        let (exit, cost) = match run_priced(core, ready, steps, pass).await {
            Ok(ran) => ran,
            Err(e) if passes > 1 && e.exit != Exit::Invalid => {
                ui.error(&format!("the new images could not be taken: {}", e.message));
                continue;
            }
            Err(e) => return Err(e),
        };
        spent += cost;
        if exit == Exit::Ok {
            done += count;
        }
        if exit == Exit::Interrupted || core.stops().current().is_some() {
            worst = worst.max(exit);
            break;
        }
        worst = worst.max(if exit == Exit::Ok { Exit::Ok } else { Exit::Partial });
    }
    crate::batch::watch::summarise(&ui, done, passes, spent, worst);
    Ok(worst)
}
