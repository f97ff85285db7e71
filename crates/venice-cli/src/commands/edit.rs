//! `venice edit`: images edited from a prompt (with `--mask`, through
//! multi-edit with the mask as the second image).

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
    let options = Box::new(a.options);
    // A mask goes as multi-edit's second image, the prompt saying what it
    // means (the edit endpoints take no mask field).
    let op = if a.photo.mask.is_some() {
        let prompt = format!("{}{}", a.prompt, crate::engine::photo::MASK_INSTRUCTION);
        Op::Multi { prompt, options, quality: None, layers: Vec::new() }
    } else {
        Op::Edit { prompt: a.prompt, options }
    };
    let core = Core::for_run(ui, paying_client(g, ui)?);
    let photo = Some(Arc::new(a.photo));
    let b = Batch { core: &core, op: Arc::new(op), out: &a.out, cutout: None, photo };
    batch::run(&b, &a.images, g.dry_run).await
}
