//! Running jobs: one on its own (its failure is the command's), or a batch
//! with `--jobs` in flight, a progress bar and a summary that counts every
//! input, stopping early when `stops` says so.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::time::Instant;

use futures_util::StreamExt;

use crate::context::Ctx;
use crate::exit::{Exit, Failure, describe_job};
use crate::interrupt;
use crate::job::{Job, JobError, detail_text, perform, success_text, warn_about};
use crate::report::{Report, failed_line, outcome_line};
use crate::stops::{Refusals, Stop, stop_for};

pub async fn run_one(ctx: &Ctx, job: Job, mut report: Report) -> Result<Exit, Failure> {
    let result = one(ctx, job, &mut report).await;
    report.finish(&ctx.ui).await;
    result
}

async fn one(ctx: &Ctx, job: Job, report: &mut Report) -> Result<Exit, Failure> {
    let interrupt = interrupt::watch(ctx.ui, false);
    let result = tokio::select! {
        r = perform(ctx, &job) => r,
        () = interrupt.abandon.notified() => {
            report.write(&ctx.ui, &outcome_line(&job, "not-attempted", None, Some("interrupted")));
            return Err(Failure::new(Exit::Interrupted, "interrupted; nothing was written"));
        }
    };
    match result {
        Ok(done) => {
            warn_about(&ctx.ui, &job.input.label(), &done.edited);
            if done.output != "-" && !ctx.ui.json {
                ctx.ui.info(&success_text(&job, &done));
            }
            ctx.ui.detail(&detail_text(&done));
            report.write(&ctx.ui, &outcome_line(&job, "ok", Some(&done), None));
            Ok(Exit::Ok)
        }
        Err(e) => {
            let message = failure_line(ctx, &job, &e, false);
            report.write(&ctx.ui, &failed_line(&job, &message, &e.error));
            Err(Failure::new(Exit::of(&e.error), message))
        }
    }
}

fn failure_line(ctx: &Ctx, job: &Job, e: &JobError, batch: bool) -> String {
    if let Some(id) = e.error.request_id() {
        ctx.ui.detail(&format!("  request id {id}"));
    }
    format!("{}: {}", job.input.label(), describe_job(e, batch))
}

/// Counts for the summary.
#[derive(Default)]
struct Tally {
    ok: usize,
    failed: usize,
    not_attempted: usize,
}

pub async fn run_batch(ctx: &Ctx, jobs: Vec<Job>, mut report: Report, skipped: usize) -> Exit {
    let total = jobs.len();
    let interrupt = interrupt::watch(ctx.ui, true);
    let progress = (std::io::stderr().is_terminal() && !ctx.ui.quiet && !ctx.ui.json).then(|| {
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:30.cyan/blue} {pos}/{len} {elapsed_precise} {wide_msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        crate::logs::set_bar(&bar);
        bar
    });
    let say = |text: &str| match &progress {
        Some(bar) => bar.println(text),
        None => ctx.ui.info(text),
    };
    let mut running = futures_util::stream::FuturesUnordered::new();
    // The jobs in flight, so that abandoned ones still reach the report.
    let mut in_flight: BTreeMap<usize, Job> = BTreeMap::new();
    let mut pending = jobs.into_iter().enumerate();
    let mut tally = Tally::default();
    let mut stop: Option<Stop> = None;
    let mut refusals = Refusals::default();
    let mut abandoned = false;
    loop {
        let stopping = stop.is_some() || interrupt.stopping();
        // Keep --jobs edits in flight while there is no reason to stop.
        while !stopping && running.len() < ctx.out.jobs.max(1) {
            let Some((i, job)) = pending.next() else { break };
            in_flight.insert(i, job.clone());
            // The library's log lines in this job name its input.
            let span = tracing::error_span!("input", message = %job.input.label());
            running.push(tracing::Instrument::instrument(
                async move {
                    let result = perform(ctx, &job).await;
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
        match result {
            Ok(done) => {
                tally.ok += 1;
                warn_about(&ctx.ui, &job.input.label(), &done.edited);
                if !ctx.ui.json && !ctx.ui.quiet {
                    say(&success_text(&job, &done));
                }
                ctx.ui.detail(&detail_text(&done));
                report.write(&ctx.ui, &outcome_line(&job, "ok", Some(&done), None));
            }
            Err(e) => {
                tally.failed += 1;
                let message = failure_line(ctx, &job, &e, true);
                match &progress {
                    Some(bar) => bar.suspend(|| ctx.ui.error(&message)),
                    None => ctx.ui.error(&message),
                }
                report.write(&ctx.ui, &failed_line(&job, &message, &e.error));
                if let Some(s) = stop_for(&e.error, &mut refusals, Instant::now()) {
                    stop.get_or_insert(s);
                }
            }
        }
    }
    if let Some(bar) = &progress {
        bar.finish_and_clear();
        crate::logs::clear_bar();
    }
    drop(running);
    let interrupted = interrupt.stopping();
    let reason = if abandoned {
        Some("interrupted; in-flight edits abandoned".to_owned())
    } else if interrupted {
        Some("interrupted".to_owned())
    } else {
        stop.as_ref().map(|s| s.reason.clone())
    };
    for job in in_flight.into_values() {
        tally.not_attempted += 1;
        let why = "abandoned in flight (Ctrl-C): it may have been charged; run again to finish it";
        report.write(&ctx.ui, &outcome_line(&job, "not-attempted", None, Some(why)));
    }
    for (_, job) in pending {
        tally.not_attempted += 1;
        report.write(&ctx.ui, &outcome_line(&job, "not-attempted", None, reason.as_deref()));
    }
    summarise(ctx, &tally, total, skipped, reason.as_deref());
    report.finish(&ctx.ui).await;
    match (interrupted || abandoned, &stop) {
        (true, _) => Exit::Interrupted,
        (false, Some(s)) if s.exit != Exit::Partial => s.exit,
        _ if tally.failed + tally.not_attempted > 0 => Exit::Partial,
        _ => Exit::Ok,
    }
}

fn summarise(ctx: &Ctx, t: &Tally, total: usize, skipped: usize, reason: Option<&str>) {
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
    if t.failed + t.not_attempted + skipped > 0 {
        ctx.ui.warn(&summary);
    } else {
        ctx.ui.info(&summary);
    }
}
