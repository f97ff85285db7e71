//! `--dry-run`: each job prepared and shown with its estimated cost;
//! nothing is sent.

use serde_json::json;

use crate::context::Ctx;
use crate::exit::{Exit, Failure, describe};
use crate::job::{Job, prepare};
use crate::report::Report;

pub async fn run(ctx: &Ctx, jobs: Vec<Job>, report: &mut Report) -> Result<Exit, Failure> {
    let mut total = 0.0;
    let mut known = true;
    let mut invalid = None;
    for job in &jobs {
        match prepare(ctx, job).await {
            Ok(call) => {
                let plan = ctx.client.plan(&call);
                match &plan.estimated_cost {
                    Some(c) => total += c.usd,
                    None => known = false,
                }
                if ctx.ui.json {
                    report.write(
                        &ctx.ui,
                        &json!({"input": job.input.label(), "output": job.target.label(), "status": "dry-run", "plan": plan}),
                    );
                } else {
                    ctx.ui.print(&format!("# {} -> {}\n{plan}", job.input.label(), job.target.label()));
                }
            }
            Err(e) => {
                let message = format!("{}: {}", job.input.label(), describe(&e));
                ctx.ui.error(&message);
                invalid.get_or_insert(Exit::of(&e));
            }
        }
    }
    if !ctx.ui.json {
        if known {
            ctx.ui.print(&format!(
                "estimated total: ${total:.4} for {} request(s); nothing was sent",
                jobs.len()
            ));
        } else {
            ctx.ui
                .print(&format!("estimated total: unknown for {} request(s); nothing was sent", jobs.len()));
        }
    }
    Ok(invalid.unwrap_or(Exit::Ok))
}
