//! The background remover's price, from the image models' listing
//! (`GET /models?type=image`), where Venice lists it as `bria-bg-remover`
//! with `model_spec.pricing.generation` as the price of one removal.
//!
//! The listing holds other image models too (generation models): only the
//! background remover is read here, so that another reader of the same
//! listing can sit beside this one.

use serde::Serialize;

use crate::request::catalogue::{Cost, Price};

/// The id Venice lists its background remover under.
pub const BACKGROUND_REMOVER: &str = "bria-bg-remover";

/// The background remover, as `GET /models?type=image` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct BackgroundRemover {
    /// Its id (`bria-bg-remover`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// The price of one removal (`model_spec.pricing.generation`), when listed.
    pub price: Option<Price>,
}

impl BackgroundRemover {
    /// The estimated cost of one removal, when priced.
    pub(crate) fn cost(&self) -> Option<Cost> {
        self.price.map(|p| Cost { usd: p.usd, basis: "background removal".to_owned() })
    }
}

/// What the client keeps of the image listing: the background remover,
/// when it is listed.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Removers(pub Option<BackgroundRemover>);

/// Reads the background remover of an image listing; every other model is
/// passed over, and a price that cannot be read is left unknown (with a
/// warning), never guessed.
pub(crate) fn background_remover(list: &venice_raw::types::ModelList) -> Removers {
    let found = list.data.iter().find(|m| m.id == BACKGROUND_REMOVER && m.type_ == "image");
    Removers(found.map(|m| {
        let spec = &m.model_spec;
        let price = match spec.pricing.get("generation").cloned().map(serde_json::from_value::<Price>) {
            Some(Ok(p)) => Some(p),
            other => {
                tracing::warn!(
                    model = %m.id,
                    problem = ?other.map(|r| r.err().map(|e| e.to_string())),
                    "the background remover's price cannot be read; its cost is unknown"
                );
                None
            }
        };
        BackgroundRemover { id: m.id.clone(), name: spec.name.clone().unwrap_or_else(|| m.id.clone()), price }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(json: serde_json::Value) -> venice_raw::types::ModelList {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn the_remover_is_found_among_other_image_models_and_priced() {
        let l = list(serde_json::json!({"object": "list", "type": "image", "data": [
            {"id": "flux-2-pro", "type": "image", "model_spec": {"pricing": {"generation": {"usd": 0.05}}}},
            {"id": "bria-bg-remover", "type": "image", "model_spec": {"name": "Background Remover",
              "pricing": {"generation": {"usd": 0.03, "diem": 0.03}}, "constraints": {"steps": {"max": 50}}}}
        ]}));
        let r = background_remover(&l).0.expect("listed");
        assert_eq!((r.name.as_str(), r.price.map(|p| p.usd)), ("Background Remover", Some(0.03)));
        assert_eq!(r.cost().map(|c| c.usd), Some(0.03));
    }

    #[test]
    fn an_unlisted_or_badly_priced_remover_has_no_price() {
        let l = list(serde_json::json!({"object": "list", "type": "image", "data": []}));
        assert_eq!(background_remover(&l), Removers(None));
        let l = list(serde_json::json!({"object": "list", "type": "image", "data": [
            {"id": "bria-bg-remover", "type": "image", "model_spec": {"pricing": {"generation": {"usd": -1}}}}
        ]}));
        assert_eq!(background_remover(&l).0.and_then(|r| r.price), None);
    }
}
