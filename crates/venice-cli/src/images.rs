//! The path every image command shares: plan the jobs, then a dry run, or
//! the price first and one job or a batch.

use crate::batch;
use crate::context::Ctx;
use crate::dry;
use crate::exit::{Exit, Failure};
use crate::plan::plan;

pub async fn run(ctx: &Ctx, args: &[String], dry_run: bool) -> Result<Exit, Failure> {
    let mut planned = plan(ctx, args, dry_run).await?;
    if dry_run {
        return dry::run(ctx, planned.jobs, &mut planned.report).await;
    }
    if planned.jobs.is_empty() {
        planned.report.finish(&ctx.ui).await;
        if planned.skipped > 0 {
            ctx.ui.warn(&format!("nothing to do; {} file(s) skipped (see above)", planned.skipped));
        } else {
            ctx.ui.info("nothing to do: every output exists (--force overwrites)");
        }
        return Ok(Exit::Ok);
    }
    if planned.batch {
        let n = planned.jobs.len();
        let estimate = ctx.kind.estimate(ctx, n).await;
        match estimate {
            Some(usd) => ctx.ui.info(&format!("{n} image(s) to process; estimated cost ${usd:.4}")),
            None => ctx.ui.info(&format!("{n} image(s) to process; estimated cost unknown")),
        }
        check_max_cost(ctx, estimate)?;
        Ok(batch::run_batch(ctx, planned.jobs, planned.report, planned.skipped).await)
    } else {
        check_max_cost(ctx, ctx.kind.estimate(ctx, 1).await)?;
        batch::run_one(ctx, planned.jobs.remove(0), planned.report).await
    }
}

fn check_max_cost(ctx: &Ctx, estimate: Option<f64>) -> Result<(), Failure> {
    match (ctx.out.max_cost, estimate) {
        (Some(max), Some(usd)) if usd > max + 1e-9 => Err(Failure::new(
            Exit::Invalid,
            format!("the estimated cost ${usd:.4} is above --max-cost ${max:.4}; nothing was sent"),
        )),
        (Some(_), None) => Err(Failure::new(
            Exit::Invalid,
            "--max-cost is set but the cost cannot be estimated (the catalogue is unavailable or has no price)",
        )),
        _ => Ok(()),
    }
}
