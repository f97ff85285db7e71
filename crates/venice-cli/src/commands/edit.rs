//! `venice edit`: images edited from a prompt.

use std::sync::Arc;

use crate::batch::{self, Batch};
use crate::engine::client::paying_client;
use crate::engine::{Core, Op};
use crate::settings::extension;
use crate::settings::flags::{EditArgs, Global};
use crate::ui::Ui;
use crate::ui::exit::{Exit, Failure};

pub async fn run(g: &Global, ui: Ui, mut a: EditArgs) -> Result<Exit, Failure> {
    // `-o out.jpg` asks the service for a JPEG.
    extension::for_edit(a.out.output.as_deref(), &mut a.options)
        .map_err(|e| Failure::usage(e.to_string()))?;
    let op = Op::Edit { prompt: a.prompt, options: Box::new(a.options) };
    let core = Core::for_run(ui, paying_client(g, ui)?);
    let b = Batch { core: &core, op: Arc::new(op), out: &a.out, cutout: None };
    batch::run(&b, &a.images, g.dry_run).await
}
