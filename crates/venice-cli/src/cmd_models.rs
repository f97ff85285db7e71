//! `venice models`: the edit models with their limits and prices.

use serde_json::Value;
use venice_image::Client;

use crate::exit::{Exit, Failure};
use crate::ui::Ui;

pub async fn models(ui: &Ui, client: &Client) -> Result<Exit, Failure> {
    let catalogue = client.models().await?;
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
    let widths: Vec<usize> =
        (0..7).map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0)).collect();
    let mut text = String::new();
    for r in &rows {
        let line: Vec<String> = r.iter().zip(&widths).map(|(cell, w)| format!("{cell:<w$}")).collect();
        text.push_str(line.join("  ").trim_end());
        text.push('\n');
    }
    ui.print(text.trim_end());
    Ok(Exit::Ok)
}
