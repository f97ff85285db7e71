//! `venice pipeline RECIPE INPUT...`: the recipe's steps in order on every
//! input (see `batch::pipeline`), from a TOML recipe or `--step`s; a recipe
//! that starts with `generate` takes `--prompts FILE` instead of images
//! (one chain per prompt).

use crate::batch::inputs::{self, Input};
use crate::batch::pipeline::{self, Options};
use crate::batch::{prompts, recipe};
use crate::engine::client::paying_client;
use crate::engine::{Core, Op};
use crate::settings::flags::{Global, PipelineArgs};
use crate::ui::Ui;
use crate::ui::exit::{Exit, Failure};

pub async fn run(g: &Global, ui: Ui, a: PipelineArgs) -> Result<Exit, Failure> {
    let (steps, images) = if a.step.is_empty() {
        let (first, rest) =
            a.args.split_first().ok_or_else(|| Failure::usage("give a recipe, then the images"))?;
        (recipe::from_file(std::path::Path::new(first)), rest.to_vec())
    } else {
        (recipe::from_flags(&a.step), a.args.clone())
    };
    let steps = steps.map_err(|e| Failure::usage(e.to_string()))?;
    let generates = steps.first().is_some_and(|s| matches!(s.op, Op::Generate { .. }));
    if generates || a.prompts.is_some() {
        let prompts = prompt_inputs(&a, &images, generates)?;
        let core = Core::for_run(ui, paying_client(g, ui)?);
        return pipeline::run(&core, prompts, &steps, options(g, &a)).await;
    }
    if images.is_empty() {
        return Err(Failure::usage("give the images (files or folders) after the recipe"));
    }
    let expanded = inputs::expand(&images, a.recursive, a.out_dir.as_deref()).map_err(Failure::usage)?;
    for (path, why) in &expanded.skipped {
        ui.warn(&format!("skipped {}: {why}", path.display()));
    }
    if let Some(other) = expanded.inputs.iter().find(|i| !matches!(i, Input::File { .. })) {
        return Err(Failure::usage(format!(
            "{}: a pipeline takes image files and folders (run a first step on a URL or stdin with its own command)",
            other.label()
        )));
    }
    if expanded.inputs.is_empty() && !a.watch {
        return Err(Failure::new(Exit::Invalid, format!("no images found in {}", images.join(", "))));
    }
    let outputs: Vec<(String, std::path::PathBuf)> = expanded
        .inputs
        .iter()
        .filter_map(|i| {
            let last = steps.last()?;
            let out =
                inputs::output_path(i, a.out_dir.as_deref(), last.op.suffix(), last.op.extension()).ok()?;
            Some((i.label(), out))
        })
        .collect();
    inputs::check_collisions(&outputs).map_err(Failure::usage)?;
    let core = Core::for_run(ui, paying_client(g, ui)?);
    let options = options(g, &a);
    if a.watch {
        if g.dry_run {
            return Err(Failure::usage("--watch and --dry-run do not go together"));
        }
        return pipeline::watch(&core, &images, a.recursive, &steps, options).await;
    }
    pipeline::run(&core, expanded.inputs, &steps, options).await
}

/// How the pipeline runs, from its flags.
fn options<'a>(g: &Global, a: &'a PipelineArgs) -> Options<'a> {
    Options {
        out_dir: a.out_dir.as_deref(),
        jobs: a.jobs,
        max_cost: a.max_cost,
        report: a.report.as_deref(),
        gallery: a.gallery.as_deref(),
        force: a.force,
        clean: a.clean,
        dry_run: g.dry_run,
        append_report: false,
        pass_over_unplannable: false,
    }
}

/// A generating pipeline's inputs: the prompts of `--prompts`, one chain
/// each. A generate first step needs `--prompts` (and no images), and
/// `--prompts` needs a generate first step.
fn prompt_inputs(a: &PipelineArgs, images: &[String], generates: bool) -> Result<Vec<Input>, Failure> {
    let file = match (&a.prompts, generates) {
        (Some(file), true) => file,
        (None, _) => {
            return Err(Failure::usage(
                "step 1 (generate) draws from prompts: give --prompts FILE (one prompt a line)",
            ));
        }
        (Some(_), false) => {
            return Err(Failure::usage(
                "--prompts feeds a recipe whose first step is generate; this one starts with another step",
            ));
        }
    };
    if let Some(first) = images.first() {
        return Err(Failure::usage(format!(
            "{first}: a pipeline that starts with generate takes prompts (--prompts), not images"
        )));
    }
    if a.watch {
        return Err(Failure::usage("--watch watches folders of images; a generating pipeline takes prompts"));
    }
    if a.out_dir.is_none() {
        return Err(Failure::usage("--prompts needs --out-dir DIR (where the results are written)"));
    }
    Ok(prompts::read_prompts(file)?.into_iter().map(Input::Prompt).collect())
}
