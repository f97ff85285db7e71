//! The one job queue. Every call of a batch, of `compare`, of a pipeline
//! (whose unit of work is one input's chain of steps) and of each pass of
//! a watch is scheduled here, as cargo's `JobQueue` schedules every build
//! step: a [`Source`] of work says how to do one unit and what its outcome
//! means; the queue keeps `--jobs` units in flight, admits the next one
//! ([`Queue::admit`], the one decision of whether another unit may start),
//! decides each answer as it arrives (a report line, a message, a count),
//! stops admitting when the engine's stop rules decide or at the first
//! Ctrl-C (the second abandons what is in flight, reported as abandoned),
//! shows a progress bar on a terminal, accounts for every unit never sent
//! (not-attempted, with the reason), writes the one summary and makes the
//! one exit-code decision ([`exit_code`]).

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::io::IsTerminal;

use futures_util::stream::FuturesUnordered;
use futures_util::{FutureExt, StreamExt};

use crate::batch::interrupt::{self, Interrupt};
use crate::batch::report::Report;
use crate::engine::Core;
use crate::engine::stops::Stop;
use crate::ui::Ui;
use crate::ui::exit::Exit;

/// Says whether the run is stopping (the first Ctrl-C, or a stop rule): a
/// unit of several calls checks it before each.
pub type Stopping<'a> = &'a (dyn Fn() -> bool + Sync);

/// The reason given for units abandoned in flight by a second Ctrl-C.
pub const ABANDONED: &str = "abandoned in flight (Ctrl-C): it may have been charged; run again to finish it";

/// What a decided unit counts as in the summary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict {
    /// Done; with the wallet's balance after it, when the service said.
    Ok {
        balance_left: Option<f64>,
    },
    Failed,
    NotAttempted,
}

/// How the summary names a source's successes and unfinished units.
pub struct Wording {
    /// After "done: 3 of 4 ", e.g. "succeeded".
    pub succeeded: &'static str,
    /// After "2 ", e.g. "not attempted".
    pub not_attempted: &'static str,
}

/// A source of work for the queue: batches, `compare`, pipelines.
pub trait Source {
    /// One unit of work (a job; a pipeline's chain for one input).
    type Unit;
    /// What became of one unit.
    type Outcome;

    /// How the unit is named in log lines.
    fn label(&self, unit: &Self::Unit) -> String;

    /// Does one unit through the engine; `stopping` says when to send no
    /// more of its calls.
    fn perform<'a>(
        &'a self,
        unit: &'a Self::Unit,
        stopping: Stopping<'a>,
    ) -> impl Future<Output = Self::Outcome> + 'a;

    /// Says and reports what a unit came to; what it counts as.
    fn decide(&self, unit: &Self::Unit, outcome: &Self::Outcome, out: &mut Output<'_>) -> Verdict;

    /// What a unit never sent (or abandoned in flight) comes to; reported
    /// with the reason.
    fn unsent(&self, unit: &Self::Unit, why: &str, out: &mut Output<'_>) -> Self::Outcome;

    /// The summary's words.
    fn wording(&self) -> Wording;
}

/// Where decisions are said: the report, and stderr around the progress bar.
pub struct Output<'r> {
    pub ui: Ui,
    pub report: &'r mut Report,
    bar: Option<&'r indicatif::ProgressBar>,
}

impl Output<'_> {
    /// A line of information, above the bar.
    pub fn info(&self, text: &str) {
        match self.bar {
            Some(bar) => bar.println(text),
            None => self.ui.info(text),
        }
    }

    /// A warning, with the bar out of the way.
    pub fn warn(&self, text: &str) {
        match self.bar {
            Some(bar) => bar.suspend(|| self.ui.warn(text)),
            None => self.ui.warn(text),
        }
    }

    /// An error, with the bar out of the way.
    pub fn error(&self, text: &str) {
        match self.bar {
            Some(bar) => bar.suspend(|| self.ui.error(text)),
            None => self.ui.error(text),
        }
    }

    /// One line of the report (and of `--json`).
    pub fn write(&mut self, line: &serde_json::Value) {
        self.report.write(&self.ui, line);
    }
}

/// How a queue runs.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Units in flight at once (`--jobs`).
    pub at_once: usize,
    /// Inputs the planning passed over, counted in the summary.
    pub skipped: usize,
}

/// Counts for the summary.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub ok: usize,
    pub failed: usize,
    pub not_attempted: usize,
    /// The wallet's balance after the last success, when the service said.
    pub balance_left: Option<f64>,
}

impl Tally {
    fn count(&mut self, verdict: Verdict) {
        match verdict {
            Verdict::Ok { balance_left } => {
                self.ok += 1;
                self.balance_left = balance_left.or(self.balance_left);
            }
            Verdict::Failed => self.failed += 1,
            Verdict::NotAttempted => self.not_attempted += 1,
        }
    }
}

/// What a queue's run came to: each unit's outcome, in the units' order,
/// and the exit code.
pub struct Settled<O> {
    pub exit: Exit,
    pub outcomes: Vec<O>,
}

/// Why a run ended early, as the summary and the unsent units say it.
struct Ending {
    interrupted: bool,
    abandoned: bool,
    stop: Option<Stop>,
}

impl Ending {
    fn reason(&self) -> Option<String> {
        if self.abandoned {
            Some("interrupted; in-flight calls abandoned".to_owned())
        } else if self.interrupted {
            Some("interrupted".to_owned())
        } else {
            self.stop.as_ref().map(|s| s.reason.clone())
        }
    }
}

/// What a run keeps of its units: where decisions are said, the units in
/// flight, each decided unit's outcome, the counts.
struct Books<'r, S: Source> {
    out: Output<'r>,
    in_flight: BTreeSet<usize>,
    outcomes: BTreeMap<usize, S::Outcome>,
    tally: Tally,
}

impl<S: Source> Books<'_, S> {
    /// Decides unit `index`, finished with `outcome`.
    fn settle(&mut self, source: &S, unit: &S::Unit, index: usize, outcome: S::Outcome) {
        self.in_flight.remove(&index);
        if let Some(bar) = self.out.bar {
            bar.inc(1);
        }
        self.tally.count(source.decide(unit, &outcome, &mut self.out));
        self.outcomes.insert(index, outcome);
    }
}

/// One run of the queue over a source's units.
pub struct Queue<'a, S: Source> {
    core: &'a Core,
    source: &'a S,
    limits: Limits,
    interrupt: std::sync::Arc<Interrupt>,
}

impl<'a, S: Source> Queue<'a, S> {
    pub fn new(core: &'a Core, source: &'a S, limits: Limits) -> Self {
        Self { core, source, limits, interrupt: interrupt::watch(core.ui, true) }
    }

    /// Whether the run is stopping: the first Ctrl-C, or a stop rule.
    fn stopping(&self) -> bool {
        self.interrupt.stopping() || self.core.stops().current().is_some()
    }

    /// Admission: whether the next unit may start, with `running` in
    /// flight. The one place that decides it, always after
    /// [`Queue::decide_arrived`]: every answer already received has been
    /// decided (its stop recorded) when this is asked. The engine asks its
    /// stop rules once more right before it sends.
    pub fn admit(&self, running: usize) -> bool {
        !self.stopping() && running < self.limits.at_once.max(1)
    }

    /// Runs every unit (in flight `--jobs` at a time) and decides each; the
    /// summary is said; the report is left open for the caller to finish.
    pub async fn run(self, units: &[S::Unit], report: &mut Report) -> Settled<S::Outcome> {
        let bar = progress_bar(self.core.ui, units.len());
        let mut books = Books {
            out: Output { ui: self.core.ui, report, bar: bar.as_ref() },
            in_flight: BTreeSet::new(),
            outcomes: BTreeMap::new(),
            tally: Tally::default(),
        };
        let (interrupt, core) = (&self.interrupt, self.core);
        let stopping = || interrupt.stopping() || core.stops().current().is_some();
        let mut running = FuturesUnordered::new();
        let mut pending = units.iter().enumerate().peekable();
        let mut abandoned = false;
        loop {
            if pending.peek().is_some() && !running.is_empty() {
                self.decide_arrived(&mut running, units, &mut books).await;
            }
            while pending.peek().is_some() && self.admit(running.len()) {
                let Some((i, unit)) = pending.next() else { break };
                books.in_flight.insert(i);
                running.push(self.start(i, unit, &stopping));
            }
            if running.is_empty() {
                break;
            }
            let next = tokio::select! {
                n = running.next() => n,
                () = self.interrupt.abandon.notified() => { abandoned = true; None }
            };
            let Some((i, outcome)) = next else { break };
            books.settle(self.source, &units[i], i, outcome);
        }
        drop(running);
        if let Some(bar) = &bar {
            bar.finish_and_clear();
            crate::ui::logs::clear_bar();
        }
        let ending =
            Ending { interrupted: self.interrupt.stopping(), abandoned, stop: self.core.stops().current() };
        let reason = ending.reason();
        let unsent = std::mem::take(&mut books.in_flight)
            .into_iter()
            .map(|i| (i, ABANDONED.to_owned()))
            .chain(pending.map(|(i, _)| (i, reason.clone().unwrap_or_default())));
        for (index, why) in unsent {
            books.tally.count(Verdict::NotAttempted);
            let outcome = self.source.unsent(&units[index], &why, &mut books.out);
            books.outcomes.insert(index, outcome);
        }
        let words = self.source.wording();
        summarise(self.core.ui, &books.tally, units.len(), self.limits.skipped, &words, reason.as_deref());
        Settled { exit: exit_code(&ending, &books.tally), outcomes: books.outcomes.into_values().collect() }
    }

    /// Decides every answer already received before another unit is
    /// admitted (issue 34): the task yields, so the runtime reads what has
    /// arrived on the sockets and wakes the units it belongs to; then each
    /// woken unit is polled (a unit that met a stop records it as soon as
    /// it is polled, before its output is written), and each that finished
    /// is decided. Nothing here waits for an answer that has not arrived.
    async fn decide_arrived<F>(
        &self,
        running: &mut FuturesUnordered<F>,
        units: &[S::Unit],
        books: &mut Books<'_, S>,
    ) where
        F: Future<Output = (usize, S::Outcome)>,
    {
        tokio::task::yield_now().await;
        while let Some(Some((i, outcome))) = running.next().now_or_never() {
            books.settle(self.source, &units[i], i, outcome);
        }
    }

    /// Starts one unit, its log lines naming it.
    fn start<'f>(
        &'f self,
        index: usize,
        unit: &'f S::Unit,
        stopping: Stopping<'f>,
    ) -> impl Future<Output = (usize, S::Outcome)> + 'f {
        let span = tracing::error_span!("input", message = %self.source.label(unit));
        tracing::Instrument::instrument(
            async move {
                let outcome = self.source.perform(unit, stopping).await;
                (index, outcome)
            },
            span,
        )
    }
}

/// The progress bar, on a terminal when nothing asked for quiet or JSON.
fn progress_bar(ui: Ui, total: usize) -> Option<indicatif::ProgressBar> {
    (std::io::stderr().is_terminal() && !ui.quiet && !ui.json).then(|| {
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:30.cyan/blue} {pos}/{len} {elapsed_precise} {wide_msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        crate::ui::logs::set_bar(&bar);
        bar
    })
}

/// The one exit-code decision of a run: interrupted, else the stop rule's
/// exit, else partial when anything failed or was not attempted, else ok.
fn exit_code(ending: &Ending, tally: &Tally) -> Exit {
    match (ending.interrupted || ending.abandoned, &ending.stop) {
        (true, _) => Exit::Interrupted,
        (false, Some(stop)) => stop.exit,
        _ if tally.failed + tally.not_attempted > 0 => Exit::Partial,
        _ => Exit::Ok,
    }
}

/// The one summary line: every unit and every skipped input counted.
fn summarise(ui: Ui, tally: &Tally, total: usize, skipped: usize, words: &Wording, reason: Option<&str>) {
    let text = summary_text(tally, total, skipped, words, reason);
    // A count, not a warning: the failures were said as errors above.
    ui.info(&text);
}

fn summary_text(t: &Tally, total: usize, skipped: usize, words: &Wording, reason: Option<&str>) -> String {
    let mut summary = format!("done: {} of {total} {}", t.ok, words.succeeded);
    if t.failed > 0 {
        summary.push_str(&format!(", {} failed", t.failed));
    }
    if t.not_attempted > 0 {
        summary.push_str(&format!(", {} {}", t.not_attempted, words.not_attempted));
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
    summary
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORDS: Wording = Wording { succeeded: "succeeded", not_attempted: "not attempted" };

    fn stop() -> Stop {
        Stop { reason: "the wallet is empty".into(), exit: Exit::Payment }
    }

    #[test]
    fn the_exit_code_is_decided_in_one_order() {
        let clean = Tally { ok: 2, ..Tally::default() };
        let partial = Tally { ok: 1, failed: 1, ..Tally::default() };
        let ending = |interrupted, abandoned, stop| Ending { interrupted, abandoned, stop };
        assert_eq!(exit_code(&ending(false, false, None), &clean), Exit::Ok);
        assert_eq!(exit_code(&ending(false, false, None), &partial), Exit::Partial);
        assert_eq!(exit_code(&ending(false, false, Some(stop())), &partial), Exit::Payment);
        assert_eq!(exit_code(&ending(true, false, Some(stop())), &partial), Exit::Interrupted);
        assert_eq!(exit_code(&ending(false, true, None), &clean), Exit::Interrupted);
    }

    #[test]
    fn the_summary_counts_every_unit_and_says_why_it_ended() {
        let mut t = Tally::default();
        t.count(Verdict::Ok { balance_left: Some(1.5) });
        t.count(Verdict::Ok { balance_left: None });
        t.count(Verdict::Failed);
        t.count(Verdict::NotAttempted);
        let text = summary_text(&t, 4, 2, &WORDS, Some("interrupted"));
        assert_eq!(
            text,
            "done: 2 of 4 succeeded, 1 failed, 1 not attempted; 2 file(s) skipped (see above) \
             (interrupted); wallet balance left $1.50"
        );
    }

    #[test]
    fn an_abandoned_run_says_so_before_a_stop_rule() {
        let e = Ending { interrupted: true, abandoned: true, stop: Some(stop()) };
        assert_eq!(e.reason().as_deref(), Some("interrupted; in-flight calls abandoned"));
        let e = Ending { interrupted: false, abandoned: false, stop: Some(stop()) };
        assert_eq!(e.reason().as_deref(), Some("the wallet is empty"));
    }
}
