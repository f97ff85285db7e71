//! `--dry-run`: each job prepared and shown with its estimated cost;
//! nothing is sent.

use serde_json::json;

use crate::batch::report::Report;
use crate::engine::{Core, Job};
use crate::ui::exit::{Exit, Failure};

pub async fn run(core: &Core, jobs: Vec<Job>, report: &mut Report) -> Result<Exit, Failure> {
    let mut total = 0.0;
    let mut known = true;
    let mut invalid = None;
    for job in &jobs {
        match core.prepare(job).await {
            Ok(call) => {
                let plan = core.client.plan(&call);
                match &plan.estimated_cost {
                    Some(c) => total += c.usd,
                    None => known = false,
                }
                if core.ui.json {
                    report.write(
                        &core.ui,
                        &json!({"input": job.input.label(), "output": job.target.label(), "status": "dry-run", "plan": plan}),
                    );
                } else {
                    core.ui.print(&format!("# {} -> {}\n{plan}", job.input.label(), job.target.label()));
                }
            }
            Err(e) => {
                invalid.get_or_insert(Exit::of(&e));
                core.ui.error(&job.failure_line(&e.into(), false));
            }
        }
    }
    if !core.ui.json {
        if known {
            core.ui.print(&format!(
                "estimated total: ${total:.4} for {} request(s); nothing was sent",
                jobs.len()
            ));
        } else {
            core.ui
                .print(&format!("estimated total: unknown for {} request(s); nothing was sent", jobs.len()));
        }
    }
    Ok(invalid.unwrap_or(Exit::Ok))
}
