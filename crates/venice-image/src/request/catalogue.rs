//! The edit models, their limits and their prices, from `GET /models?type=inpaint`.
//!
//! A model's `constraints` and `pricing` have a different shape for each
//! model type; they are read as the inpaint shapes only for models whose
//! `type` is `inpaint`, never by trying each shape in turn.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::request::options::{EditOptions, Quality};

pub use crate::limits::DEFAULT_MODEL;

/// A price in USD (and DIEM, when listed). A catalogue is the service's
/// word, checked like any answer: a price that is negative or not finite is
/// refused when read (the model is then skipped), so that no cost cap can be
/// turned off by the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(try_from = "RawPrice")]
pub struct Price {
    /// US dollars.
    pub usd: f64,
    /// DIEM.
    pub diem: Option<f64>,
}

/// A price as the answer gives it, before it is checked.
#[derive(Deserialize)]
struct RawPrice {
    usd: f64,
    #[serde(default)]
    diem: Option<f64>,
}

impl TryFrom<RawPrice> for Price {
    type Error = String;

    fn try_from(raw: RawPrice) -> Result<Self, String> {
        let amount = |v: f64| v.is_finite() && v >= 0.0;
        if !amount(raw.usd) || raw.diem.is_some_and(|d| !amount(d)) {
            return Err(format!("a price must be a finite amount, 0 or more (got {} USD)", raw.usd));
        }
        Ok(Self { usd: raw.usd, diem: raw.diem })
    }
}

/// What an edit model accepts (`model_spec.constraints` of an inpaint model).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InpaintConstraints {
    /// Accepted `aspect_ratio` values.
    pub aspect_ratios: Vec<String>,
    /// Longest prompt, in UTF-16 code units.
    pub prompt_character_limit: u32,
    /// Whether the model takes more than one input image.
    pub combine_images: bool,
    /// Most images one multi-edit may carry; see [`InpaintConstraints::max_images`].
    #[serde(default)]
    pub max_input_images: Option<u32>,
    /// False: a single-image edit keeps the input's shape.
    #[serde(default)]
    pub single_image_aspect_ratio: Option<bool>,
    /// Default resolution tier.
    #[serde(default)]
    pub default_resolution: Option<String>,
    /// Accepted resolution tiers; absent means only the default (1K).
    #[serde(default)]
    pub resolutions: Option<Vec<String>>,
    /// Default quality.
    #[serde(default)]
    pub default_quality: Option<String>,
    /// Accepted qualities; absent means the model takes none.
    #[serde(default)]
    pub qualities: Option<Vec<String>>,
}

impl InpaintConstraints {
    /// Most input images: `maxInputImages`, else 3, or 1 when the model
    /// cannot combine images.
    pub fn max_images(&self) -> u32 {
        self.max_input_images.unwrap_or(if self.combine_images { 3 } else { 1 })
    }

    /// The resolution tier used when none is asked for.
    pub fn default_resolution(&self) -> &str {
        self.default_resolution.as_deref().unwrap_or("1K")
    }

    /// Accepted resolution tiers.
    pub fn resolutions(&self) -> Vec<String> {
        self.resolutions.clone().unwrap_or_else(|| vec![self.default_resolution().to_owned()])
    }
}

/// How an edit model is priced (`model_spec.pricing` of an inpaint model).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InpaintPricing {
    /// Price of one edit.
    pub inpaint: Price,
    /// Price per resolution tier.
    #[serde(default)]
    pub resolutions: BTreeMap<String, Price>,
    /// Input images included in the price, and the price of each further one.
    #[serde(default)]
    pub input_images: Option<InputImagePricing>,
    /// Price by resolution tier, then quality.
    #[serde(default)]
    pub quality: BTreeMap<String, BTreeMap<String, Price>>,
}

/// Input-image pricing.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
pub struct InputImagePricing {
    /// Images covered by the base price.
    pub included: u32,
    /// Price of each image beyond those.
    pub additional: Price,
}

/// A deprecation notice from the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Deprecation {
    /// When the model stops answering.
    #[serde(default)]
    pub date: Option<String>,
    /// The model to move to.
    #[serde(default)]
    pub replacement_model_id: Option<String>,
}

/// One edit model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EditModel {
    /// The id to send.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What it accepts.
    pub constraints: InpaintConstraints,
    /// What it costs.
    pub pricing: InpaintPricing,
    /// Set when it is being retired.
    pub deprecation: Option<Deprecation>,
    /// True while it cannot take requests.
    pub offline: bool,
}

/// An estimated price and how it was reached.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cost {
    /// The estimate in USD.
    pub usd: f64,
    /// How: base, tier or quality price, plus extra images.
    pub basis: String,
}

impl fmt::Display for Cost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "${:.4} ({})", self.usd, self.basis)
    }
}

impl EditModel {
    /// The price of one edit with these options and `images` inputs.
    pub fn edit_cost(&self, options: &EditOptions, quality: Option<Quality>, images: u32) -> Cost {
        self.price(options.resolution.as_deref(), quality.map(Quality::as_str), images)
    }

    /// The price of one edit at `resolution` (default tier when `None`),
    /// `quality` (the model's default when `None`) with `images` inputs: the
    /// quality price, else the tier price, else the base price, plus each
    /// image beyond those included.
    pub fn price(&self, resolution: Option<&str>, quality: Option<&str>, images: u32) -> Cost {
        let tier = resolution.unwrap_or_else(|| self.constraints.default_resolution());
        let quality = quality.or(self.constraints.default_quality.as_deref());
        let p = &self.pricing;
        let (base, basis) = if let Some(price) = quality.and_then(|q| p.quality.get(tier)?.get(q)) {
            (price.usd, format!("{tier} {} quality", quality.unwrap_or_default()))
        } else if let Some(price) = p.resolutions.get(tier) {
            (price.usd, format!("{tier} tier"))
        } else {
            (p.inpaint.usd, "per edit".to_owned())
        };
        match p.input_images {
            Some(extra) if images > extra.included => {
                let n = images - extra.included;
                Cost {
                    usd: base + f64::from(n) * extra.additional.usd,
                    basis: format!("{basis} + {n} extra image(s) at ${:.4}", extra.additional.usd),
                }
            }
            _ => Cost { usd: base, basis },
        }
    }
}

/// The edit models by id.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Catalogue {
    models: Vec<EditModel>,
}

impl Catalogue {
    /// Reads the inpaint models of a model list; models of other types are
    /// skipped, and an inpaint model whose constraints or pricing cannot be
    /// read is skipped with a warning (and validated by the general rules).
    pub fn from_list(list: &venice_raw::types::ModelList) -> Self {
        let mut models = Vec::new();
        for m in list.data.iter().filter(|m| m.type_ == "inpaint") {
            let spec = &m.model_spec;
            let constraints = serde_json::from_value(serde_json::Value::Object(spec.constraints.clone()));
            let pricing = serde_json::from_value(serde_json::Value::Object(spec.pricing.clone()));
            match (constraints, pricing) {
                (Ok(constraints), Ok(pricing)) => models.push(EditModel {
                    id: m.id.clone(),
                    name: spec.name.clone().unwrap_or_else(|| m.id.clone()),
                    constraints,
                    pricing,
                    deprecation: spec.deprecation.as_ref().map(|d| Deprecation {
                        date: d.date.clone(),
                        replacement_model_id: d.replacement_model_id.clone(),
                    }),
                    offline: spec.offline.unwrap_or(false),
                }),
                (c, p) => tracing::warn!(
                    model = %m.id,
                    constraints = ?c.err().map(|e| e.to_string()),
                    pricing = ?p.err().map(|e| e.to_string()),
                    "skipping an inpaint model whose constraints or pricing cannot be read"
                ),
            }
        }
        models.sort_by(|a, b| a.id.cmp(&b.id));
        Self { models }
    }

    /// The estimated price of one edit with these options (the model they
    /// name, else the service's default), when the catalogue lists it.
    pub fn edit_cost(&self, options: &EditOptions, quality: Option<Quality>, images: u32) -> Option<Cost> {
        let model = self.get(options.model.as_deref().unwrap_or(DEFAULT_MODEL))?;
        Some(model.edit_cost(options, quality, images))
    }

    /// Builds a catalogue from models directly.
    pub fn from_models(models: Vec<EditModel>) -> Self {
        Self { models }
    }

    /// The catalogue's ids nearest to `id` (a misspelt model), nearest
    /// first: what "did you mean" offers.
    pub fn nearest(&self, id: &str) -> Vec<String> {
        crate::support::near::nearest(id, self.models().iter().map(|m| m.id.as_str()))
    }

    /// The model with this id.
    pub fn get(&self, id: &str) -> Option<&EditModel> {
        self.models.iter().find(|m| m.id == id)
    }

    /// Every model, by id.
    pub fn models(&self) -> &[EditModel] {
        &self.models
    }

    /// True when there are no models.
    pub fn is_empty(&self) -> bool {
        self.models.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn list() -> venice_raw::types::ModelList {
        serde_json::from_value(json!({
            "object": "list", "type": "all",
            "data": [
                {"id": "gpt-image-2-edit", "type": "inpaint", "model_spec": {
                    "name": "GPT Image 2",
                    "constraints": {"aspectRatios": ["1:1"], "promptCharacterLimit": 10000, "combineImages": true,
                                    "maxInputImages": 6, "defaultQuality": "high", "qualities": ["low", "medium", "high"],
                                    "resolutions": ["1K", "2K", "4K"], "defaultResolution": "1K"},
                    "pricing": {"inpaint": {"usd": 0.34, "diem": 0.34},
                                "resolutions": {"1K": {"usd": 0.34}, "2K": {"usd": 0.52}},
                                "inputImages": {"included": 1, "additional": {"usd": 0.0092}},
                                "quality": {"1K": {"low": {"usd": 0.03}, "high": {"usd": 0.34}}, "2K": {"low": {"usd": 0.03}}}}}},
                {"id": "some-text-model", "type": "text", "model_spec": {
                    "constraints": {"temperature": {"default": 0.7}}, "pricing": {"input": {"usd": 1}}}},
                {"id": "broken-edit", "type": "inpaint", "model_spec": {"constraints": {}, "pricing": {}}}
            ]
        }))
        .unwrap()
    }

    #[test]
    fn only_readable_inpaint_models_are_kept() {
        let c = Catalogue::from_list(&list());
        let ids: Vec<_> = c.models().iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["gpt-image-2-edit"]);
    }

    #[test]
    fn negative_prices_are_refused_when_read() {
        let bad: Result<Price, _> = serde_json::from_value(serde_json::json!({"usd": -0.5}));
        assert!(bad.unwrap_err().to_string().contains("0 or more"));
        let ok: Price = serde_json::from_value(serde_json::json!({"usd": 0.0, "diem": 0.1})).unwrap();
        assert_eq!(ok.usd, 0.0);
    }

    #[test]
    fn prices_pick_quality_then_tier_then_base_plus_extra_images() {
        let c = Catalogue::from_list(&list());
        let m = c.get("gpt-image-2-edit").unwrap();
        assert!((m.price(None, None, 1).usd - 0.34).abs() < 1e-9, "default tier, default quality");
        assert!((m.price(Some("2K"), Some("low"), 1).usd - 0.03).abs() < 1e-9);
        assert!(
            (m.price(Some("2K"), Some("medium"), 1).usd - 0.52).abs() < 1e-9,
            "no quality price: the tier's"
        );
        let three = m.price(Some("1K"), Some("low"), 3);
        assert!((three.usd - (0.03 + 2.0 * 0.0092)).abs() < 1e-9);
        assert_eq!(three.basis, "1K low quality + 2 extra image(s) at $0.0092");
    }

    #[test]
    fn max_images_defaults() {
        let mut c = InpaintConstraints {
            aspect_ratios: vec![],
            prompt_character_limit: 1500,
            combine_images: true,
            max_input_images: None,
            single_image_aspect_ratio: None,
            default_resolution: None,
            resolutions: None,
            default_quality: None,
            qualities: None,
        };
        assert_eq!(c.max_images(), 3);
        c.combine_images = false;
        assert_eq!(c.max_images(), 1);
        assert_eq!(c.resolutions(), ["1K"]);
    }
}
