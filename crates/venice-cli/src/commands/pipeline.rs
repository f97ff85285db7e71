//! `venice pipeline RECIPE INPUT...`: the recipe's steps in order on every
//! input (see `batch::pipeline`), from a TOML recipe or `--step`s.

use crate::batch::inputs::{self, Input};
use crate::batch::pipeline::{self, Options};
use crate::batch::recipe;
use crate::engine::Core;
use crate::engine::client::paying_client;
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
    let options = Options {
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
    };
    if a.watch {
        if g.dry_run {
            return Err(Failure::usage("--watch and --dry-run do not go together"));
        }
        return pipeline::watch(&core, &images, a.recursive, &steps, options).await;
    }
    pipeline::run(&core, expanded.inputs, &steps, options).await
}
