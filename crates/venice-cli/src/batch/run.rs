//! Running jobs through the engine: one on its own (its failure is the
//! command's), or a batch as a source of work for the job queue
//! ([`crate::batch::queue`]: `--jobs` in flight, stop rules, Ctrl-C,
//! progress, the summary and the exit code). `compare` and each pass of a
//! watch run their jobs as a batch too.

use crate::batch::interrupt;
use crate::batch::queue::{Limits, Output, Queue, Source, Stopping, Verdict, Wording};
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
pub struct BatchRun {
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
    job.failure_line(e, batch)
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

/// A batch's jobs as a source of work for the queue: each job one call.
pub struct Jobs<'a> {
    pub core: &'a Core,
}

impl Source for Jobs<'_> {
    type Unit = Job;
    type Outcome = Finished;

    fn label(&self, job: &Job) -> String {
        job.label()
    }

    async fn perform(&self, job: &Job, _stopping: Stopping<'_>) -> Finished {
        match self.core.perform(job, None).await {
            Ok(done) => Finished::Done(Box::new(done)),
            // Never sent: the run was stopping when its turn came.
            Err(CallError::Stopped(stop)) => Finished::NotAttempted(stop.reason),
            Err(e) => Finished::Failed(e),
        }
    }

    fn decide(&self, job: &Job, finished: &Finished, out: &mut Output<'_>) -> Verdict {
        match finished {
            Finished::Done(done) => {
                said(self.core, job, done, |t| out.info(t));
                out.write(&outcome_line(job, "ok", Some(done), None));
                Verdict::Ok { balance_left: done.edited.meta().x402_balance_remaining }
            }
            Finished::NotAttempted(why) => {
                out.write(&outcome_line(job, "not-attempted", None, Some(why)));
                Verdict::NotAttempted
            }
            Finished::Failed(e) => {
                let message = failure_line(self.core, job, e, true);
                out.error(&message);
                out.write(&failed_line(job, &message, e.error()));
                Verdict::Failed
            }
        }
    }

    fn unsent(&self, job: &Job, why: &str, out: &mut Output<'_>) -> Finished {
        let reason = (!why.is_empty()).then_some(why);
        out.write(&outcome_line(job, "not-attempted", None, reason));
        Finished::NotAttempted(why.to_owned())
    }

    fn wording(&self) -> Wording {
        Wording { succeeded: "succeeded", not_attempted: "not attempted" }
    }
}

/// Runs `jobs` through the queue, `at_once` in flight; `skipped` inputs
/// are counted in the summary.
pub async fn run_batch(
    core: &Core,
    jobs: Vec<Job>,
    at_once: usize,
    mut report: Report,
    skipped: usize,
) -> BatchRun {
    let source = Jobs { core };
    let settled = Queue::new(core, &source, Limits { at_once, skipped }).run(&jobs, &mut report).await;
    report.finish(&core.ui).await;
    BatchRun { exit: settled.exit, jobs: jobs.into_iter().zip(settled.outcomes).collect() }
}
