//! `list_models`: the catalogue of edit models with their limits and prices,
//! and the upscaler with its price per scale, as lines an agent reads and as
//! the catalogue's own JSON.

use serde_json::{Value, json};
use venice_image::{Client, EditModel, Scale};

use crate::mcp::error::ToolError;
use crate::mcp::reply::Reply;

fn line(m: &EditModel) -> String {
    let c = &m.constraints;
    let mut text = format!(
        "- {} ({}): ${:.3} per edit; prompt up to {} characters; up to {} image(s); aspect ratios {}",
        m.id,
        m.name,
        m.pricing.inpaint.usd,
        c.prompt_character_limit,
        c.max_images(),
        if c.aspect_ratios.is_empty() { "as the input".to_owned() } else { c.aspect_ratios.join(" ") }
    );
    let tiers = c.resolutions();
    if !tiers.is_empty() {
        text.push_str(&format!("; resolutions {} (default {})", tiers.join(" "), c.default_resolution()));
    }
    if let Some(q) = c.qualities.as_ref().filter(|q| !q.is_empty()) {
        text.push_str(&format!("; qualities {}", q.join(" ")));
    }
    if m.deprecation.is_some() {
        text.push_str("; deprecated");
    }
    if m.offline {
        text.push_str("; offline");
    }
    text
}

pub async fn list(client: &Client) -> Result<Reply, ToolError> {
    let catalogue = client.models().await?;
    let mut text = format!("{} edit model(s):", catalogue.models().len());
    for m in catalogue.models() {
        text.push('\n');
        text.push_str(&line(m));
    }
    let models = serde_json::to_value(catalogue.models()).unwrap_or(Value::Null);
    // The upscaler, for upscale_image: its prices per scale.
    let upscaler = match client.upscaler().await {
        Ok(u) => {
            let price = |s: Scale| u.price(s).map_or("no price".into(), |p| format!("${:.3}", p.usd));
            text.push_str(&format!(
                "\nUpscaler for upscale_image: {} ({}): {} at 2x, {} at 4x",
                u.id,
                u.name,
                price(Scale::X2),
                price(Scale::X4)
            ));
            serde_json::to_value(&u).unwrap_or(Value::Null)
        }
        Err(e) => {
            text.push_str(&format!("\nThe upscaler's prices are unavailable: {e}"));
            Value::Null
        }
    };
    Ok(Reply::new(text, json!({ "models": models, "upscaler": upscaler })))
}
