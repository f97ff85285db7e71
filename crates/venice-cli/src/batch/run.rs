//! Running jobs through the call core: one on its own (its failure is the
//! command's), or a batch with `--jobs` in flight, a progress bar and a
//! summary that counts every input. A batch stops launching when the core's
//! stop rules decide (whichever job decided it) or at the first Ctrl-C; the
//! second Ctrl-C abandons what is in flight. `compare` runs its models as a
//! batch too.

use std::collections::BTreeMap;
use std::io::IsTerminal;

use futures_util::StreamExt;

use crate::batch::interrupt;
use crate::batch::report::{Report, failed_line, outcome_line};
use crate::engine::{CallError, Core, Done, Job};
use crate::ui::exit::{Exit, Failure};

/// What became of one job of a batch.
pub enum Finished {
    Done(Box<Done>),
    Failed(CallError),
    /// Never sent (or abandoned in flight), and why.
    NotAttempted(String),
}

/// A batch's jobs, in their order, with what became of each, and the exit
/// code the run calls for.
pub struct Ran {
    pub exit: Exit,
    pub jobs: Vec<(Job, Finished)>,
}

/// Runs one job whose failure is the command's.
pub async fn run_one(core: &Core, job: Job, mut report: Report) -> Result<Exit, Failure> {
    let interrupt = interrupt::watch(core.ui, false);
    let result = tokio::select! {
        r = core.perform(&job, None) => r,
        () = interrupt.abandon.notified() => {
            report.write(&core.ui, &outcome_line(&job, "not-attempted", None, Some("interrupted")));
            report.finish(&core.ui).await;
            return Err(Failure::new(Exit::Interrupted, "interrupted; nothing was written"));
        }
    };
    let outcome = match result {
        Ok(done) => {
            said(core, &job, &done, |t| core.ui.info(t));
            report.write(&core.ui, &outcome_line(&job, "ok", Some(&done), None));
            Ok(Exit::Ok)
        }
        Err(e) => {
            let message = failure_line(core, &job, &e, false);
            report.write(&core.ui, &failed_line(&job, &message, e.error()));
            Err(Failure::new(e.exit(), message))
        }
    };
    report.finish(&core.ui).await;
    outcome
}

/// Says what a finished job did: its warnings, the output (unless it went
/// to stdout, or with `--json`), and with `-v` the details.
fn said(core: &Core, job: &Job, done: &Done, say: impl Fn(&str)) {
    for w in &done.warnings {
        core.ui.warn(&format!("{}: {w}", job.label()));
    }
    if done.output != "-" && !core.ui.json && !core.ui.quiet {
        say(&format!("{} -> {}", job.label(), done.output));
    }
    core.ui.detail(&detail_text(done));
}

fn failure_line(core: &Core, job: &Job, e: &CallError, batch: bool) -> String {
    if let Some(id) = e.error().and_then(|e| e.request_id()) {
        core.ui.detail(&format!("  request id {id}"));
    }
    format!("{}: {}", job.label(), e.describe(batch))
}

fn detail_text(done: &Done) -> String {
    let m = done.edited.meta();
    let model = done.model().map(|id| format!(", model {id}")).unwrap_or_default();
    let mut text = format!(
        "  {} {} bytes{model}, request {}, {} attempt(s)",
        done.edited.format(),
        done.edited.bytes().len(),
        m.request_id.as_deref().unwrap_or("unknown"),
        m.attempts
    );
    if let Some(p) = &m.enhanced_prompt {
        text.push_str(&format!("\n  enhanced prompt: {p}"));
    }
    text
}

/// Counts for the summary.
#[derive(Default)]
struct Tally {
    ok: usize,
    failed: usize,
    not_attempted: usize,
    /// The wallet's balance after the last success, when the service said.
    balance_left: Option<f64>,
}

/// Runs `jobs`, `at_once` in flight; `skipped` inputs are counted in the
/// summary.
pub async fn run_batch(
    core: &Core,
    jobs: Vec<Job>,
    at_once: usize,
    mut report: Report,
    skipped: usize,
) -> Ran {
    let total = jobs.len();
    let interrupt = interrupt::watch(core.ui, true);
    let progress = (std::io::stderr().is_terminal() && !core.ui.quiet && !core.ui.json).then(|| {
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:30.cyan/blue} {pos}/{len} {elapsed_precise} {wide_msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        crate::ui::logs::set_bar(&bar);
        bar
    });
    let say = |text: &str| match &progress {
        Some(bar) => bar.println(text),
        None => core.ui.info(text),
    };
    let mut running = futures_util::stream::FuturesUnordered::new();
    // The jobs in flight, so that abandoned ones still reach the report.
    let mut in_flight: BTreeMap<usize, Job> = BTreeMap::new();
    let mut results: BTreeMap<usize, (Job, Finished)> = BTreeMap::new();
    let mut pending = jobs.into_iter().enumerate();
    let mut tally = Tally::default();
    let mut abandoned = false;
    loop {
        let stopping = core.stops().current().is_some() || interrupt.stopping();
        // Keep `at_once` calls in flight while there is no reason to stop.
        while !stopping && running.len() < at_once.max(1) {
            let Some((i, job)) = pending.next() else { break };
            in_flight.insert(i, job.clone());
            // The library's log lines in this job name its input.
            let span = tracing::error_span!("input", message = %job.label());
            running.push(tracing::Instrument::instrument(
                async move {
                    let result = core.perform(&job, None).await;
                    (i, job, result)
                },
                span,
            ));
        }
        if running.is_empty() {
            break;
        }
        let next = tokio::select! {
            n = running.next() => n,
            () = interrupt.abandon.notified() => { abandoned = true; None }
        };
        let Some((i, job, result)) = next else { break };
        in_flight.remove(&i);
        if let Some(bar) = &progress {
            bar.inc(1);
        }
        let finished = match result {
            Ok(done) => {
                tally.ok += 1;
                tally.balance_left = done.edited.meta().x402_balance_remaining.or(tally.balance_left);
                said(core, &job, &done, say);
                report.write(&core.ui, &outcome_line(&job, "ok", Some(&done), None));
                Finished::Done(Box::new(done))
            }
            Err(CallError::Stopped(stop)) => {
                // Never sent: the run was stopping when its turn came.
                tally.not_attempted += 1;
                report.write(&core.ui, &outcome_line(&job, "not-attempted", None, Some(&stop.reason)));
                Finished::NotAttempted(stop.reason)
            }
            Err(e) => {
                tally.failed += 1;
                let message = failure_line(core, &job, &e, true);
                match &progress {
                    Some(bar) => bar.suspend(|| core.ui.error(&message)),
                    None => core.ui.error(&message),
                }
                report.write(&core.ui, &failed_line(&job, &message, e.error()));
                Finished::Failed(e)
            }
        };
        results.insert(i, (job, finished));
    }
    if let Some(bar) = &progress {
        bar.finish_and_clear();
        crate::ui::logs::clear_bar();
    }
    drop(running);
    let stop = core.stops().current();
    let interrupted = interrupt.stopping();
    let reason = if abandoned {
        Some("interrupted; in-flight calls abandoned".to_owned())
    } else if interrupted {
        Some("interrupted".to_owned())
    } else {
        stop.as_ref().map(|s| s.reason.clone())
    };
    for (i, job) in in_flight {
        tally.not_attempted += 1;
        let why = "abandoned in flight (Ctrl-C): it may have been charged; run again to finish it";
        report.write(&core.ui, &outcome_line(&job, "not-attempted", None, Some(why)));
        results.insert(i, (job, Finished::NotAttempted(why.to_owned())));
    }
    for (i, job) in pending {
        tally.not_attempted += 1;
        report.write(&core.ui, &outcome_line(&job, "not-attempted", None, reason.as_deref()));
        results.insert(i, (job, Finished::NotAttempted(reason.clone().unwrap_or_default())));
    }
    summarise(core, &tally, total, skipped, reason.as_deref());
    report.finish(&core.ui).await;
    let exit = match (interrupted || abandoned, &stop) {
        (true, _) => Exit::Interrupted,
        (false, Some(s)) => s.exit,
        _ if tally.failed + tally.not_attempted > 0 => Exit::Partial,
        _ => Exit::Ok,
    };
    Ran { exit, jobs: results.into_values().collect() }
}

fn summarise(core: &Core, t: &Tally, total: usize, skipped: usize, reason: Option<&str>) {
    let mut summary = format!("done: {} of {total} succeeded", t.ok);
    if t.failed > 0 {
        summary.push_str(&format!(", {} failed", t.failed));
    }
    if t.not_attempted > 0 {
        summary.push_str(&format!(", {} not attempted", t.not_attempted));
    }
    if skipped > 0 {
        summary.push_str(&format!("; {skipped} file(s) skipped (see above)"));
    }
    if let Some(r) = reason {
        summary.push_str(&format!(" ({r})"));
    }
    if let Some(left) = t.balance_left {
        summary.push_str(&format!("; wallet balance left ${left:.2}"));
    }
    if t.failed + t.not_attempted + skipped > 0 {
        core.ui.warn(&summary);
    } else {
        core.ui.info(&summary);
    }
}
