//! `venice remove-bg`: subjects cut out onto transparency, and finished
//! here as asked (a background, a format, a crop, the mask alone).

use std::sync::Arc;

use crate::batch::{self, Batch};
use crate::engine::client::paying_client;
use crate::engine::{Core, Op};
use crate::settings::extension;
use crate::settings::flags::{Global, RemoveBgArgs};
use crate::ui::Ui;
use crate::ui::exit::{Exit, Failure};

pub async fn run(g: &Global, ui: Ui, mut a: RemoveBgArgs) -> Result<Exit, Failure> {
    // `-o out.jpg` finishes the cut-out as a JPEG (which needs --background).
    extension::for_cutout(a.out.output.as_deref(), &mut a.cutout)
        .map_err(|e| Failure::usage(e.to_string()))?;
    // The finishing is checked before anything is sent.
    a.cutout.check().map_err(Failure::usage)?;
    let core = Core::for_run(ui, paying_client(g, ui)?);
    let cutout = Some(Arc::new(a.cutout.clone()));
    let b = Batch { core: &core, op: Arc::new(Op::RemoveBg), out: &a.out, cutout, photo: None };
    batch::run(&b, &a.images, g.dry_run).await
}
