//! Running jobs: one on its own (its failure is the command's), or a batch
//! with `--jobs` in flight, a progress bar, a summary, and the stops that
//! protect the user's money and key (401, 402, a run of refusals, Ctrl-C).

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::Notify;
use venice_image::Error;

use crate::context::Ctx;
use crate::exit::{Exit, Failure, describe};
use crate::job::{Job, detail_text, perform, success_text, warn_about};
use crate::report::{Report, outcome_line};
use crate::ui::Ui;

/// Ctrl-C: the first stops new work, the second abandons what is in flight.
struct Interrupt {
    stopping: AtomicBool,
    abandon: Notify,
}

fn watch_ctrl_c(ui: Ui, in_flight_hint: bool) -> Arc<Interrupt> {
    let state = Arc::new(Interrupt { stopping: AtomicBool::new(false), abandon: Notify::new() });
    let watcher = state.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_err() {
            return;
        }
        watcher.stopping.store(true, Ordering::SeqCst);
        if in_flight_hint {
            ui.info("interrupted: finishing the edits in flight (Ctrl-C again to abandon them)");
            if tokio::signal::ctrl_c().await.is_err() {
                return;
            }
        }
        watcher.abandon.notify_one();
    });
    state
}

pub async fn run_one(ctx: &Ctx, job: Job, mut report: Report) -> Result<Exit, Failure> {
    let interrupt = watch_ctrl_c(ctx.ui, false);
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
            let message = format!("{}: {}", job.input.label(), describe(&e));
            if let Some(id) = e.request_id() {
                ctx.ui.detail(&format!("  request id {id}"));
            }
            report.write(&ctx.ui, &outcome_line(&job, "failed", None, Some(&message)));
            Err(Failure::new(Exit::of(&e), message))
        }
    }
}

/// Why a batch stopped early.
#[derive(Debug, Clone)]
struct Stop {
    exit: Exit,
    reason: String,
}

/// Refusals within this window that stop a batch before the key is locked
/// out (Venice locks a key after about 20 failures in 30 s).
const REFUSALS_BEFORE_STOP: usize = 10;
const REFUSAL_WINDOW: Duration = Duration::from_secs(30);

pub async fn run_batch(ctx: &Ctx, jobs: Vec<Job>, mut report: Report) -> Exit {
    let total = jobs.len();
    let interrupt = watch_ctrl_c(ctx.ui, true);
    let progress = (std::io::stderr().is_terminal() && !ctx.ui.quiet && !ctx.ui.json).then(|| {
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:30.cyan/blue} {pos}/{len} {elapsed_precise} {wide_msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let say = |text: &str| match &progress {
        Some(bar) => bar.println(text),
        None => ctx.ui.info(text),
    };
    let mut running = futures_util::stream::FuturesUnordered::new();
    let mut pending = jobs.into_iter();
    let (mut ok, mut failed, mut not_attempted) = (0usize, 0usize, 0usize);
    let mut stop: Option<Stop> = None;
    let mut refusals: std::collections::VecDeque<Instant> = std::collections::VecDeque::new();
    let mut abandoned = false;
    use futures_util::StreamExt;
    loop {
        let stopping = stop.is_some() || interrupt.stopping.load(Ordering::SeqCst);
        // Keep --jobs edits in flight while there is no reason to stop.
        while !stopping && running.len() < ctx.out.jobs.max(1) {
            let Some(job) = pending.next() else { break };
            running.push(async move {
                let result = perform(ctx, &job).await;
                (job, result)
            });
        }
        if running.is_empty() {
            break;
        }
        let next = tokio::select! {
            n = running.next() => n,
            () = interrupt.abandon.notified() => { abandoned = true; None }
        };
        let Some((job, result)) = next else { break };
        if let Some(bar) = &progress {
            bar.inc(1);
        }
        match result {
            Ok(done) => {
                ok += 1;
                warn_about(&ctx.ui, &job.input.label(), &done.edited);
                if !ctx.ui.json && !ctx.ui.quiet {
                    say(&success_text(&job, &done));
                }
                ctx.ui.detail(&detail_text(&done));
                report.write(&ctx.ui, &outcome_line(&job, "ok", Some(&done), None));
            }
            Err(e) => {
                failed += 1;
                let message = format!("{}: {}", job.input.label(), describe(&e));
                match &progress {
                    Some(bar) => bar.suspend(|| ctx.ui.error(&message)),
                    None => ctx.ui.error(&message),
                }
                report.write(&ctx.ui, &outcome_line(&job, "failed", None, Some(&message)));
                match &e {
                    Error::Unauthorized(_) => {
                        stop.get_or_insert(Stop { exit: Exit::Auth, reason: "authentication failed".into() });
                    }
                    Error::InsufficientBalance(_) => {
                        stop.get_or_insert(Stop {
                            exit: Exit::Payment,
                            reason: "the balance ran out".into(),
                        });
                    }
                    Error::Rejected(_)
                    | Error::ContentPolicy(_)
                    | Error::PayloadTooLarge(_)
                    | Error::UnsupportedMediaType(_) => {
                        let now = Instant::now();
                        refusals.push_back(now);
                        while refusals.front().is_some_and(|t| now.duration_since(*t) > REFUSAL_WINDOW) {
                            refusals.pop_front();
                        }
                        if refusals.len() >= REFUSALS_BEFORE_STOP {
                            stop.get_or_insert(Stop {
                                exit: Exit::Partial,
                                reason: format!(
                                    "{REFUSALS_BEFORE_STOP} requests were refused within {} s; stopping before Venice locks the key out",
                                    REFUSAL_WINDOW.as_secs()
                                ),
                            });
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    let interrupted = interrupt.stopping.load(Ordering::SeqCst);
    let reason = if abandoned {
        Some("interrupted; in-flight edits abandoned".to_owned())
    } else if interrupted {
        Some("interrupted".to_owned())
    } else {
        stop.as_ref().map(|s| s.reason.clone())
    };
    let cut_short = running.len();
    for job in pending {
        not_attempted += 1;
        report.write(&ctx.ui, &outcome_line(&job, "not-attempted", None, reason.as_deref()));
    }
    drop(running);
    not_attempted += cut_short;
    let mut summary = format!("done: {ok} of {total} succeeded");
    if failed > 0 {
        summary.push_str(&format!(", {failed} failed"));
    }
    if not_attempted > 0 {
        summary.push_str(&format!(", {not_attempted} not attempted"));
    }
    if let Some(r) = &reason {
        summary.push_str(&format!(" ({r})"));
    }
    if failed + not_attempted > 0 {
        ctx.ui.warn(&summary);
    } else {
        ctx.ui.info(&summary);
    }
    match (interrupted || abandoned, &stop) {
        (true, _) => Exit::Interrupted,
        (false, Some(s)) if s.exit != Exit::Partial => s.exit,
        _ if failed + not_attempted > 0 => Exit::Partial,
        _ => Exit::Ok,
    }
}
