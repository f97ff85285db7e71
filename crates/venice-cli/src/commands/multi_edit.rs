//! `venice multi-edit`: a base image edited with layers or masks.

use std::sync::Arc;

use crate::batch::inputs::{self, Input};
use crate::batch::{self, Batch};
use crate::engine::client::paying_client;
use crate::engine::{Core, Op};
use crate::settings::extension;
use crate::settings::flags::{Global, MultiEditArgs};
use crate::ui::Ui;
use crate::ui::exit::{Exit, Failure};

pub async fn run(g: &Global, ui: Ui, mut a: MultiEditArgs) -> Result<Exit, Failure> {
    // `-o out.jpg` asks the service for a JPEG.
    extension::for_edit(a.out.output.as_deref(), &mut a.options)
        .map_err(|e| Failure::usage(e.to_string()))?;
    let layers = inputs::expand(&a.layers, false, None).map_err(Failure::usage)?;
    if layers.inputs.iter().any(|i| matches!(i, Input::File { relative: Some(_), .. })) {
        return Err(Failure::usage("layers must be files, URLs or -, not folders"));
    }
    let op = Op::Multi {
        prompt: a.prompt,
        options: Box::new(a.options),
        quality: a.quality,
        layers: layers.inputs,
    };
    let core = Core::for_run(ui, paying_client(g, ui)?);
    let b = Batch { core: &core, op: Arc::new(op), out: &a.out, cutout: None, photo: None };
    batch::run(&b, std::slice::from_ref(&a.base), g.dry_run).await
}
