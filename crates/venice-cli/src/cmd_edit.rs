//! `venice edit`: images edited from a prompt.

use crate::cli::{EditArgs, Global};
use crate::context::{Ctx, client};
use crate::exit::{Exit, Failure};
use crate::images;
use crate::job::Kind;
use crate::ui::Ui;

pub async fn run(g: &Global, ui: Ui, a: EditArgs) -> Result<Exit, Failure> {
    let kind = Kind::Edit { prompt: a.prompt, options: Box::new(a.options) };
    let ctx = Ctx::new(ui, client(g, ui)?, kind, a.out);
    images::run(&ctx, &a.images, g.dry_run).await
}
