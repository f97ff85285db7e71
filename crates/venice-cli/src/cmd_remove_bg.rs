//! `venice remove-bg`: subjects cut out onto transparency.

use crate::cli::{Global, RemoveBgArgs};
use crate::context::{Ctx, client};
use crate::exit::{Exit, Failure};
use crate::images;
use crate::job::Kind;
use crate::ui::Ui;

pub async fn run(g: &Global, ui: Ui, a: RemoveBgArgs) -> Result<Exit, Failure> {
    let ctx = Ctx::new(ui, client(g, ui)?, Kind::RemoveBg, a.out);
    images::run(&ctx, &a.images, g.dry_run).await
}
