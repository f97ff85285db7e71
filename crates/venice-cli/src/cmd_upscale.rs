//! `venice upscale`: images upscaled by 2 or 4, as PNG.

use crate::cli::{Global, UpscaleArgs};
use crate::context::{Ctx, client};
use crate::exit::{Exit, Failure};
use crate::images;
use crate::job::Kind;
use crate::ui::Ui;

pub async fn run(g: &Global, ui: Ui, a: UpscaleArgs) -> Result<Exit, Failure> {
    // Checked once, before any input is read: a bad value is every job's.
    venice_image::check_creativity(a.creativity).map_err(venice_image::Error::from)?;
    let kind = Kind::Upscale { scale: a.scale, creativity: a.creativity };
    let ctx = Ctx::new(ui, client(g, ui)?, kind, a.out);
    images::run(&ctx, &a.images, g.dry_run).await
}
