//! A pipeline over many inputs: every input's chain planned (what is kept
//! from earlier runs, what is left to pay for), priced as a whole and held
//! to `--max-cost` before the first request, shown by `--dry-run`, then
//! run with `--jobs` chains at once through the call core (its pacing, stop
//! rules and lock-out guard), one report line per step per input, a page
//! of every stage with `--gallery`, and a summary.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use futures_util::StreamExt;
use serde_json::{Value, json};

use crate::batch::chain::{self, Chain, Ran, StepOutcome};
use crate::batch::inputs::Input;
use crate::batch::recipe::RecipeStep;
use crate::batch::report::{Report, outcome_line};
use crate::batch::{check_max_cost, interrupt};
use crate::engine::{Core, Job, Target};
use crate::html::pipeline::{self as page, Row, Stage};
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
}

/// Plans every input; inputs whose final output is not this pipeline's
/// are skipped (unless `--force`), as batches skip existing outputs.
fn plan_all(core: &Core, inputs: Vec<Input>, steps: &[RecipeStep], o: &Options<'_>) -> Result<Vec<Chain>, Failure> {
    let mut chains = Vec::new();
    let mut planned: Vec<(String, PathBuf)> = Vec::new();
    for input in inputs {
        let mut chain = chain::plan(input, steps, o.out_dir).map_err(|e| Failure::new(Exit::Invalid, e))?;
        chain.replace = o.force;
        planned.push((chain.input.label(), chain.output.clone()));
        crate::batch::inputs::check_collisions(&planned).map_err(Failure::usage)?;
        if let Some(found) = chain.blocked().filter(|_| !o.force) {
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

/// The estimated cost of what is left to run, when every step has a price.
async fn estimate(core: &Core, chains: &[Chain], steps: &[RecipeStep]) -> (Option<f64>, Vec<Option<f64>>) {
    let mut prices = Vec::new();
    for step in steps {
        prices.push(step.op.estimate(&core.client, 1).await);
    }
    let mut total = Some(0.0);
    for c in chains.iter().filter(|c| !c.finished) {
        for (n, price) in prices.iter().enumerate() {
            if c.kept[n].is_none() {
                total = total.zip(*price).map(|(t, p)| t + p);
            }
        }
    }
    (total, prices)
}

fn usd(p: Option<f64>) -> String {
    p.map_or_else(|| "price unknown".into(), |v| format!("${v:.4}"))
}

/// Runs the pipeline; the exit code.
pub async fn run(core: &Core, inputs: Vec<Input>, steps: &[RecipeStep], o: Options<'_>) -> Result<Exit, Failure> {
    Ok(run_priced(core, inputs, steps, o).await?.0)
}

/// As [`run`]; also the estimated cost of what it ran.
pub async fn run_priced(
    core: &Core,
    inputs: Vec<Input>,
    steps: &[RecipeStep],
    o: Options<'_>,
) -> Result<(Exit, f64), Failure> {
    let ui = core.ui;
    let chains = plan_all(core, inputs, steps, &o)?;
    let (total, prices) = estimate(core, &chains, steps).await;
    let left = chains.iter().filter(|c| !c.finished).count();
    if o.dry_run {
        for c in &chains {
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
        let total = total.map_or_else(|| "unknown".into(), |t| format!("${t:.4}"));
        ui.print(&format!("estimated total: {total} for {left} input(s) to run; nothing was sent"));
        return Ok((Exit::Ok, 0.0));
    }
    if left == 0 {
        ui.info("nothing to do: every input went through the pipeline already");
        return Ok((Exit::Ok, 0.0));
    }
    match total {
        Some(t) => ui.info(&format!("{left} input(s) x {} step(s); estimated cost ${t:.4}", steps.len())),
        None => ui.info(&format!("{left} input(s) x {} step(s); estimated cost unknown", steps.len())),
    }
    check_max_cost(o.max_cost, total)?;
    let mut report = if o.append_report { Report::append(o.report)? } else { Report::open(o.report)? };
    let started = Instant::now();
    let interrupt = interrupt::watch(ui, true);
    let stopping = || interrupt.stopping() || core.stops().current().is_some();
    let mut runs = futures_util::stream::iter(chains.iter().enumerate().filter(|(_, c)| !c.finished))
        .map(|(i, c)| {
            let stopping = &stopping;
            async move { (i, c.run(core, steps, None, stopping, o.clean).await) }
        })
        .buffer_unordered(o.jobs.max(1));
    let mut results: Vec<Option<Ran>> = chains.iter().map(|_| None).collect();
    let mut abandoned = false;
    loop {
        let next = tokio::select! {
            n = runs.next() => n,
            () = interrupt.abandon.notified() => { abandoned = true; None }
        };
        let Some((i, ran)) = next else { break };
        say(core, &chains[i], steps, &ran, &mut report);
        results[i] = Some(ran);
    }
    drop(runs);
    let (mut ok, mut failed, mut not) = (0, 0, 0);
    for (c, r) in chains.iter().zip(&results) {
        match r {
            _ if c.finished => {}
            Some(ran) if ran.output.is_some() => ok += 1,
            Some(ran) if ran.outcomes.iter().any(|o| matches!(o, StepOutcome::Failed(_))) => failed += 1,
            _ => not += 1,
        }
    }
    report.finish(&ui).await;
    if let Some(path) = o.gallery {
        gallery(core, path, &chains, steps, &results, started).await;
    }
    let stop = core.stops().current();
    let mut summary = format!("done: {ok} of {left} input(s) went through every step");
    if failed > 0 {
        summary.push_str(&format!(", {failed} failed"));
    }
    if not > 0 {
        summary.push_str(&format!(", {not} not finished (run again to resume them)"));
    }
    if let Some(s) = &stop {
        summary.push_str(&format!(" ({})", s.reason));
    }
    if failed + not > 0 {
        ui.warn(&summary)
    } else {
        ui.info(&summary)
    }
    let exit = match (interrupt.stopping() || abandoned, stop) {
        (true, _) => Exit::Interrupted,
        (false, Some(s)) => s.exit,
        _ if failed + not > 0 => Exit::Partial,
        _ => Exit::Ok,
    };
    Ok((exit, total.unwrap_or(0.0)))
}

/// Each step's line (the report, `--json`) and the input's on stderr.
fn say(core: &Core, chain: &Chain, steps: &[RecipeStep], ran: &Ran, report: &mut Report) {
    let ui = core.ui;
    for (n, (step, outcome)) in steps.iter().zip(&ran.outcomes).enumerate() {
        let job = Job::new(
            std::sync::Arc::new(step.op.clone()),
            step.upload,
            chain.input.clone(),
            Target::File { path: PathBuf::new(), explicit: true, replace: false },
        );
        let mut line = match outcome {
            StepOutcome::Done(done) => outcome_line(&job, "ok", Some(done), None),
            StepOutcome::Kept(path) => {
                let mut l = outcome_line(&job, "kept", None, None);
                l["output"] = json!(path.display().to_string());
                l
            }
            StepOutcome::Failed(e) => {
                let message =
                    format!("{} step {} ({}): {}", chain.input.label(), n + 1, step.text, e.describe(true));
                ui.error(&message);
                outcome_line(&job, "failed", None, Some(&message))
            }
            StepOutcome::NotAttempted(why) => outcome_line(&job, "not-attempted", None, Some(why)),
        };
        if let StepOutcome::Done(d) = outcome {
            for w in &d.warnings {
                ui.warn(&format!("{} step {}: {w}", chain.input.label(), n + 1));
            }
        }
        line["step"] = json!(n + 1);
        line["op"] = Value::String(step.text.clone());
        report.write(&ui, &line);
    }
    // A failure at reserving the final output comes after the steps.
    if let Some(StepOutcome::Failed(e)) = ran.outcomes.get(steps.len()) {
        ui.error(&format!("{}: {}", chain.input.label(), e.describe(true)));
    }
    if let Some(output) = &ran.output
        && !ui.json
    {
        ui.info(&format!("{} -> {output}", chain.input.label()));
    }
}

/// The `--gallery` page: every stage of every input side by side.
async fn gallery(
    core: &Core,
    path: &Path,
    chains: &[Chain],
    steps: &[RecipeStep],
    results: &[Option<Ran>],
    started: Instant,
) {
    let thumbs = path.with_extension("thumbs");
    let mut rows = Vec::new();
    for (i, (c, r)) in chains.iter().zip(results).enumerate() {
        let Input::File { path: original, .. } = &c.input else { continue };
        let mut stages = vec![Stage { label: "original".into(), file: Some(original.clone()), error: None }];
        for (n, step) in steps.iter().enumerate() {
            let (file, error) = match (c.finished, r.as_ref().and_then(|r| r.outcomes.get(n))) {
                (true, _) => (c.kept[n].clone(), None),
                (false, Some(o)) => (
                    o.file(),
                    match o {
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
    o: Options<'_>,
) -> Result<Exit, Failure> {
    let ui = core.ui;
    let mut w = crate::batch::watch::Watch::start(&ui, args, recursive, o.out_dir)?;
    let (mut spent, mut passes, mut done, mut worst) = (0.0, 0usize, 0usize, Exit::Ok);
    while let Some(ready) = w.next().await? {
        if ready.is_empty() {
            continue;
        }
        let n = ready.len();
        let pass =
            Options { max_cost: o.max_cost.map(|m| (m - spent).max(0.0)), append_report: passes > 0, ..o };
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
            done += n;
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
