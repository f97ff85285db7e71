//! `venice upscale`: images upscaled by 2 or 4, as PNG (or, for `-o` with
//! another extension, converted here to that format).

use std::sync::Arc;

use venice_image::UpscaleRequest;

use crate::batch::{self, Batch};
use crate::engine::client::paying_client;
use crate::engine::{Core, Op};
use crate::settings::extension;
use crate::settings::flags::{Global, UpscaleArgs};
use crate::ui::Ui;
use crate::ui::exit::{Exit, Failure};

pub async fn run(g: &Global, ui: Ui, a: UpscaleArgs) -> Result<Exit, Failure> {
    // Checked once, before any input is read: a bad value is every job's.
    UpscaleRequest::check_creativity(a.creativity).map_err(venice_image::Error::from)?;
    let op = Op::Upscale { scale: a.scale, creativity: a.creativity };
    let core = Core::for_run(ui, paying_client(g, ui)?);
    // The answer is a PNG: `-o out.jpg` converts it here.
    let convert = extension::for_upscale(a.out.output.as_deref()).map(Arc::new);
    let b = Batch { core: &core, op: Arc::new(op), out: &a.out, cutout: convert, photo: None };
    batch::run(&b, &a.images, g.dry_run).await
}
