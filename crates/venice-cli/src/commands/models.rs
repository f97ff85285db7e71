//! `venice models`: the edit models with their limits and prices, or
//! (`--type upscale`) the upscaler with its price per scale, or (`--type
//! image`) the generation models; `venice styles`: the style presets.

use serde_json::Value;
use venice_image::{Client, Error, ErrorKind, Scale};

use crate::settings::flags::ModelType;
use crate::ui::Ui;
use crate::ui::exit::{Exit, Failure};

pub async fn models(ui: &Ui, client: &Client, kind: ModelType) -> Result<Exit, Failure> {
    if kind == ModelType::Upscale {
        return upscalers(ui, client).await;
    }
    if kind == ModelType::Image {
        return image_models(ui, client).await;
    }
    let catalogue = client.models().await.map_err(unreachable)?;
    if ui.json {
        ui.json_line(&serde_json::to_value(catalogue.models()).unwrap_or(Value::Null));
        return Ok(Exit::Ok);
    }
    let mut rows = vec![[
        "ID".to_owned(),
        "NAME".into(),
        "PRICE".into(),
        "PROMPT".into(),
        "IMAGES".into(),
        "ASPECT RATIOS".into(),
        "RESOLUTIONS".into(),
    ]];
    for m in catalogue.models() {
        let c = &m.constraints;
        rows.push([
            m.id.clone(),
            m.name.clone(),
            format!("${:.3}", m.pricing.inpaint.usd),
            c.prompt_character_limit.to_string(),
            c.max_images().to_string(),
            c.aspect_ratios.join(" "),
            c.resolutions().join(" "),
        ]);
    }
    ui.print(&table(&rows));
    Ok(Exit::Ok)
}

async fn upscalers(ui: &Ui, client: &Client) -> Result<Exit, Failure> {
    let models = client.upscale_models().await.map_err(unreachable)?;
    if ui.json {
        ui.json_line(&serde_json::to_value(&*models).unwrap_or(Value::Null));
        return Ok(Exit::Ok);
    }
    let mut rows = vec![["ID".to_owned(), "NAME".into(), "PRICE 2X".into(), "PRICE 4X".into()]];
    let price =
        |m: &venice_image::UpscaleModel, s| m.price(s).map_or("-".into(), |p| format!("${:.3}", p.usd));
    for m in models.iter() {
        rows.push([m.id.clone(), m.name.clone(), price(m, Scale::X2), price(m, Scale::X4)]);
    }
    ui.print(&table(&rows));
    Ok(Exit::Ok)
}

/// `venice models --type image`: the generation models, their sizes and prices.
pub async fn image_models(ui: &Ui, client: &Client) -> Result<Exit, Failure> {
    let models = client.generation_models().await?;
    if ui.json {
        ui.json_line(&serde_json::to_value(&*models).unwrap_or(Value::Null));
        return Ok(Exit::Ok);
    }
    let mut rows = vec![[
        "ID".to_owned(),
        "NAME".into(),
        "PRICE".into(),
        "PROMPT".into(),
        "SIZE".into(),
        "RESOLUTIONS".into(),
    ]];
    for m in models.iter() {
        let c = &m.constraints;
        let price = match (m.pricing.generation, c.resolutions.is_empty()) {
            (Some(p), true) => format!("${:.3}", p.usd),
            _ => c
                .resolutions
                .iter()
                .filter_map(|t| m.price(Some(t), None).map(|p| format!("{t} ${:.3}", p.usd)))
                .collect::<Vec<_>>()
                .join(" "),
        };
        let size = if m.sized_by_ratio() {
            c.aspect_ratios.join(" ")
        } else {
            format!("width/height /{}", c.width_height_divisor.unwrap_or(1))
        };
        rows.push([
            m.id.clone(),
            m.name.clone(),
            price,
            c.prompt_character_limit.to_string(),
            size,
            c.resolutions.join(" "),
        ]);
    }
    ui.print(&table(&rows));
    Ok(Exit::Ok)
}

/// `venice styles`: the style presets, one per line.
pub async fn styles(ui: &Ui, client: &Client) -> Result<Exit, Failure> {
    let styles = client.image_styles().await?;
    if ui.json {
        ui.json_line(&serde_json::to_value(&styles).unwrap_or(Value::Null));
    } else {
        ui.print(&styles.join("\n"));
    }
    Ok(Exit::Ok)
}

/// The failure to list the models; when the service cannot be reached,
/// it names `--offline` (the built-in emulator's catalogue).
fn unreachable(e: Error) -> Failure {
    let offline = matches!(e.kind(), ErrorKind::Network | ErrorKind::Server);
    let mut failure = Failure::from(e);
    if offline {
        failure.message.push_str(
            "; to see the models without the network, use the built-in emulator's catalogue: venice --offline models",
        );
    }
    failure
}

/// Rows as columns padded to their widest cell.
fn table<const N: usize>(rows: &[[String; N]]) -> String {
    let widths: Vec<usize> =
        (0..N).map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0)).collect();
    let mut text = String::new();
    for r in rows {
        let line: Vec<String> = r.iter().zip(&widths).map(|(cell, w)| format!("{cell:<w$}")).collect();
        text.push_str(line.join("  ").trim_end());
        text.push('\n');
    }
    text.trim_end().to_owned()
}
