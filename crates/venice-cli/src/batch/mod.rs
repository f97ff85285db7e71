//! Batches: the inputs of an image command expanded and planned (targets,
//! skips, collisions), priced and checked against `--max-cost`, then run
//! as a source of work for the one job queue ([`queue`]: `--jobs` in
//! flight, stop rules, Ctrl-C, progress, the summary and the exit code),
//! reported (`--report`, `--json`, `--gallery`); or, with `--dry-run`,
//! shown. Pipelines (`recipe`, `chain`, `pipeline`) are a source of work
//! for the same queue, one input's chain of steps per unit, resumable per
//! step; a watch (`watch`) feeds it one pass at a time.
//!
//! Inside, from the bottom: `inputs`, `recipe`, `cost`, `interrupt`,
//! `gallery`, `report`, `queue`, `chain`, `waste`, `dry`, `run`, `plan`,
//! `prompts`, `watch`, `pipeline`. Generation's prompts are a source of
//! jobs (`prompts`) like the inputs of the other commands.
//!
//! Below it: `engine`, `html`, `settings`, `ui`.

pub mod chain;
pub mod cost;
pub mod dry;
pub mod gallery;
pub mod inputs;
pub mod interrupt;
pub mod pipeline;
pub mod plan;
pub mod prompts;
pub mod queue;
pub mod recipe;
pub mod report;
pub mod run;
pub mod waste;
pub mod watch;

use std::sync::Arc;

use crate::batch::cost::{check_max_cost, price_gate};
use crate::engine::{Core, Input, Job, Op, Target};
use crate::settings::cutout::CutOut;
use crate::settings::flags::OutputArgs;
use crate::settings::photo::PhotoEdit;
use crate::ui::exit::{Exit, Failure};

/// One image command's run: the core, what each job does, and the output
/// flags.
pub struct Batch<'a> {
    pub core: &'a Core,
    pub op: Arc<Op>,
    pub out: &'a OutputArgs,
    /// `remove-bg`'s finishing, for its jobs.
    pub cutout: Option<Arc<CutOut>>,
    /// `edit`'s `--keep-size` and `--mask`, for its jobs.
    pub photo: Option<Arc<PhotoEdit>>,
}

impl Batch<'_> {
    /// The job for `input`, written to `target`.
    pub fn job(&self, input: Input, target: Target) -> Job {
        Job::new(Arc::clone(&self.op), self.out.upload, input, target)
            .with_metadata(self.out.metadata)
            .with_cutout(self.cutout.clone())
            .with_photo(self.photo.clone())
    }
}

/// The path every image command shares: plan the jobs, then a dry run, or
/// the price first and one job or a batch.
pub async fn run(b: &Batch<'_>, args: &[String], dry_run: bool) -> Result<Exit, Failure> {
    if b.out.watch {
        if dry_run {
            return Err(Failure::usage(
                "--watch and --dry-run do not go together: a dry run sends nothing to watch for",
            ));
        }
        return watch::run(b, args).await;
    }
    let mut planned = plan::plan(b, args, dry_run).await?;
    let ui = &b.core.ui;
    if dry_run {
        return dry::run(b.core, planned.jobs, &mut planned.report).await;
    }
    if planned.jobs.is_empty() {
        planned.report.finish(ui).await;
        if planned.skipped > 0 {
            ui.warn(&format!("nothing to do; {} file(s) skipped (see above)", planned.skipped));
        } else {
            ui.info("nothing to do: every output exists (--force overwrites)");
        }
        return Ok(Exit::Ok);
    }
    let n = planned.jobs.len();
    // One job without --max-cost needs no estimate before it starts: its
    // catalogue is then read once its input has passed its checks.
    let needed = planned.batch || b.out.max_cost.is_some();
    let estimate = if needed { b.op.estimate(&b.core.client, n).await } else { None };
    if planned.batch {
        price_gate(*ui, &format!("{n} image(s) to process"), estimate, b.out.max_cost)?;
        Ok(run::run_batch(b.core, planned.jobs, b.out.jobs, planned.report, planned.skipped).await.exit)
    } else {
        check_max_cost(b.out.max_cost, estimate)?;
        run::run_one(b.core, planned.jobs.remove(0), planned.report).await
    }
}
