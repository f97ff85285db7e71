//! `venice multi-edit`: a base image edited with layers or masks.

use crate::cli::{Global, MultiEditArgs};
use crate::context::{Ctx, client};
use crate::exit::{Exit, Failure};
use crate::images;
use crate::inputs::{self, Input};
use crate::job::Kind;
use crate::ui::Ui;

pub async fn run(g: &Global, ui: Ui, a: MultiEditArgs) -> Result<Exit, Failure> {
    let layers = inputs::expand(&a.layers, false, None).map_err(Failure::usage)?;
    if layers.inputs.iter().any(|i| matches!(i, Input::File { relative: Some(_), .. })) {
        return Err(Failure::usage("layers must be files, URLs or -, not folders"));
    }
    let kind = Kind::Multi {
        prompt: a.prompt,
        options: Box::new(a.options),
        quality: a.quality,
        layers: layers.inputs,
    };
    let ctx = Ctx::new(ui, client(g, ui)?, kind, a.out);
    images::run(&ctx, std::slice::from_ref(&a.base), g.dry_run).await
}
