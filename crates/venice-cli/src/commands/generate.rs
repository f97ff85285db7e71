//! `venice generate`: pictures drawn from a prompt (`-p`), or one prompt
//! per line of a file (`--prompts FILE --out-dir DIR`), N variants each;
//! (`venice models --type image` and `venice styles` are in `models`). The jobs come from
//! `batch::prompts` and run through the same engine and queue as every
//! image command: priced, capped, resumable, reported.

use venice_image::Client;

use crate::batch::cost::{check_max_cost, price_gate};
use crate::batch::report::Report;
use crate::batch::run::{run_batch, run_one};
use crate::batch::{dry, prompts};
use crate::engine::client::client;
use crate::engine::{Core, Op};
use crate::settings::flags::{GenerateArgs, Global};
use crate::ui::Ui;
use crate::ui::exit::{Exit, Failure};

pub async fn run(g: &Global, ui: Ui, a: GenerateArgs) -> Result<Exit, Failure> {
    if a.out.watch {
        return Err(Failure::usage("--watch watches folders of images; generate takes prompts"));
    }
    if !(1..=venice_image::MAX_VARIANTS).contains(&a.variants) {
        return Err(Failure::new(
            Exit::Invalid,
            format!("--variants {} is not 1 to {}", a.variants, venice_image::MAX_VARIANTS),
        ));
    }
    let prompts = match (&a.prompts, &a.prompt) {
        (Some(file), _) => prompts::read_prompts(file)?,
        (None, Some(p)) => vec![p.clone()],
        (None, None) => return Err(Failure::usage("give -p PROMPT or --prompts FILE")),
    };
    if prompts.len() > 1 && a.out.output.is_some() {
        return Err(Failure::usage("-o names one output; use --out-dir DIR for a prompts file"));
    }
    let core = Core::for_run(ui, client(g, ui)?);
    let jobs = prompts::jobs(&prompts::base_request(&a), &prompts, a.variants, &a.out)?;
    // Every job shares the flags: the first one's checks (the catalogue's
    // rules included) refuse bad flags before anything is sent.
    if let Some(Op::Generate { request }) = jobs.first().map(|j| &*j.op) {
        core.client.prepare_generate((**request).clone()).await?;
    }
    let mut report = Report::open(a.out.report.as_deref())?;
    if g.dry_run {
        return dry::run(&core, jobs, &mut report).await;
    }
    let several = jobs.len() > 1;
    let (jobs, skipped) = prompts::skip_existing(&core.ui, jobs, a.out.force, &mut report);
    if jobs.is_empty() {
        report.finish(&core.ui).await;
        core.ui.info("nothing to do: every output exists (--force overwrites)");
        return Ok(Exit::Ok);
    }
    let n = jobs.len();
    let estimate = estimate(&core.client, &jobs).await;
    if several || skipped > 0 {
        price_gate(core.ui, &format!("{n} image(s) to generate"), estimate, a.out.max_cost)?;
        Ok(run_batch(&core, jobs, a.out.jobs, report, skipped).await.exit)
    } else {
        check_max_cost(a.out.max_cost, estimate)?;
        let mut jobs = jobs;
        run_one(&core, jobs.remove(0), report).await
    }
}

/// The jobs' total estimate (each is one picture of the same model).
async fn estimate(client: &Client, jobs: &[crate::engine::Job]) -> Option<f64> {
    let first = jobs.first()?;
    first.op.estimate(client, jobs.len()).await
}
