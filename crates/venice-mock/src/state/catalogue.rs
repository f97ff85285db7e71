//! The emulator's model catalogue: the edit models' ids, names, constraints
//! and prices, kept in `data/inpaint-models.json`, the upscale model's
//! name and prices, kept in `data/upscale-models.json`, and the image
//! models (`type: image`): the generation models, kept in
//! `data/image-models.json`, and the background remover, listed as Venice
//! lists it and priced from the emulator's configuration.
//!
//! The emulator reads the catalogue on its own terms (plain JSON access, its
//! own pricing arithmetic) rather than sharing code with the client, so that
//! the client's rules are checked against an independent implementation.

use serde_json::{Value, json};

const DATA: &str = include_str!("../../data/inpaint-models.json");
const UPSCALE_DATA: &str = include_str!("../../data/upscale-models.json");
const IMAGE_DATA: &str = include_str!("../../data/image-models.json");

/// Models listed under `type: image` that do not draw from a prompt (the
/// service lists its background remover there): never generation models.
pub const NOT_GENERATORS: [&str; 1] = ["bria-bg-remover"];

/// The model used when a request names none.
pub const DEFAULT_MODEL: &str = "firered-image-edit";

/// The model behind `POST /image/upscale` (which takes no model field).
pub const UPSCALE_MODEL: &str = "upscaler";

/// The model behind `POST /image/background-remove` (which takes no model
/// field), as Venice's listing names it.
pub const BACKGROUND_REMOVER: &str = "bria-bg-remover";

/// All models the emulator knows: the edit models, and the upscaler.
#[derive(Debug, Clone)]
pub struct Catalogue {
    models: Vec<Value>,
    upscalers: Vec<Value>,
    /// The image models listed: the background remover.
    image_models: Vec<Value>,
    generators: Vec<Value>,
}

/// The request rules and prices of one generation model.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratorRules {
    /// The model id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Longest prompt (and negative prompt), in UTF-16 code units.
    pub prompt_limit: usize,
    /// Width and height must be multiples of this.
    pub divisor: u32,
    /// Most steps allowed.
    pub max_steps: Option<u64>,
    /// Accepted `aspect_ratio` values; empty when size is set by width and height.
    pub aspect_ratios: Vec<String>,
    /// The ratio used when none is asked for.
    pub default_aspect_ratio: Option<String>,
    /// Accepted `resolution` values; empty when the model has no tiers.
    pub resolutions: Vec<String>,
    /// The tier used when none is asked for.
    pub default_resolution: Option<String>,
    /// Accepted `quality` values; empty when the model takes none.
    pub qualities: Vec<String>,
    /// Quality used for pricing when none is asked for.
    pub default_quality: Option<String>,
    pricing: Value,
}

impl GeneratorRules {
    fn from_json(model: &Value) -> Self {
        let spec = &model["model_spec"];
        let c = &spec["constraints"];
        Self {
            id: model["id"].as_str().unwrap_or_default().to_owned(),
            name: spec["name"].as_str().unwrap_or_default().to_owned(),
            prompt_limit: c["promptCharacterLimit"].as_u64().unwrap_or(7500) as usize,
            divisor: c["widthHeightDivisor"].as_u64().and_then(|d| u32::try_from(d).ok()).unwrap_or(1).max(1),
            max_steps: c["steps"]["max"].as_u64(),
            aspect_ratios: strings(&c["aspectRatios"]),
            default_aspect_ratio: c["defaultAspectRatio"].as_str().map(str::to_owned),
            resolutions: strings(&c["resolutions"]),
            default_resolution: c["defaultResolution"].as_str().map(str::to_owned),
            qualities: strings(&c["qualities"]),
            default_quality: c["defaultQuality"].as_str().map(str::to_owned),
            pricing: spec["pricing"].clone(),
        }
    }

    /// The USD price of one picture at `resolution` and `quality`: the
    /// quality price, else the tier price, else the flat generation price.
    pub fn price(&self, resolution: Option<&str>, quality: Option<&str>) -> f64 {
        let p = &self.pricing;
        let tier = resolution.or(self.default_resolution.as_deref()).unwrap_or("1K");
        let quality = quality.or(self.default_quality.as_deref());
        quality
            .and_then(|q| usd(&p["quality"][tier][q]))
            .or_else(|| usd(&p["resolutions"][tier]))
            .or_else(|| usd(&p["generation"]))
            .unwrap_or(0.0)
    }
}

/// The upscale model's id, name and prices, read from the catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct Upscaler {
    /// The model id.
    pub id: String,
    /// Display name.
    pub name: String,
    pricing: Value,
}

impl Upscaler {
    /// The USD price of one upscale by `scale` (`model_spec.pricing.upscale`
    /// under `"2x"`, `"4x"`), if the catalogue prices that scale.
    pub fn price(&self, scale: u32) -> Option<f64> {
        usd(&self.pricing["upscale"][format!("{scale}x")])
    }
}

/// The request rules and prices of one model, read from the catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelRules {
    /// The model id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Longest prompt, in UTF-16 code units (how the service counts).
    pub prompt_limit: usize,
    /// Most input images one multi-edit may carry.
    pub max_images: usize,
    /// Accepted `aspect_ratio` values.
    pub aspect_ratios: Vec<String>,
    /// Accepted `resolution` values; without a list only the default tier.
    pub resolutions: Vec<String>,
    /// The tier used when none is asked for.
    pub default_resolution: String,
    /// Accepted `quality` values; empty when the model takes none.
    pub qualities: Vec<String>,
    /// Quality used for pricing when none is asked for.
    pub default_quality: Option<String>,
    /// False: a single-image edit keeps the input's shape.
    pub single_image_aspect_ratio: bool,
    pricing: Value,
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
}

fn usd(v: &Value) -> Option<f64> {
    v.get("usd").and_then(Value::as_f64)
}

impl ModelRules {
    fn from_json(model: &Value) -> Self {
        let spec = &model["model_spec"];
        let c = &spec["constraints"];
        let combine = c["combineImages"].as_bool().unwrap_or(true);
        let max_images = c["maxInputImages"].as_u64().map_or(if combine { 3 } else { 1 }, |n| n as usize);
        let default_resolution = c["defaultResolution"].as_str().unwrap_or("1K").to_owned();
        let mut resolutions = strings(&c["resolutions"]);
        if resolutions.is_empty() {
            resolutions.push(default_resolution.clone());
        }
        Self {
            id: model["id"].as_str().unwrap_or_default().to_owned(),
            name: spec["name"].as_str().unwrap_or_default().to_owned(),
            prompt_limit: c["promptCharacterLimit"].as_u64().unwrap_or(32768) as usize,
            max_images,
            aspect_ratios: strings(&c["aspectRatios"]),
            resolutions,
            default_resolution,
            qualities: strings(&c["qualities"]),
            default_quality: c["defaultQuality"].as_str().map(str::to_owned),
            single_image_aspect_ratio: c["singleImageAspectRatio"].as_bool().unwrap_or(true),
            pricing: spec["pricing"].clone(),
        }
    }

    /// The USD price of one edit at `resolution`, `quality`, with `images`
    /// input images: the quality price, else the tier price, else the base
    /// price, plus each image beyond those included.
    pub fn price(&self, resolution: &str, quality: Option<&str>, images: usize) -> f64 {
        let p = &self.pricing;
        let quality = quality.or(self.default_quality.as_deref());
        let base = quality
            .and_then(|q| usd(&p["quality"][resolution][q]))
            .or_else(|| usd(&p["resolutions"][resolution]))
            .or_else(|| usd(&p["inpaint"]))
            .unwrap_or(0.0);
        let included = p["inputImages"]["included"].as_u64().unwrap_or(u64::MAX) as usize;
        let extra = usd(&p["inputImages"]["additional"]).unwrap_or(0.0);
        base + images.saturating_sub(included) as f64 * extra
    }
}

impl Catalogue {
    /// The catalogue shipped with the crate.
    pub fn builtin() -> Self {
        let doc: Value = serde_json::from_str(DATA).expect("data/inpaint-models.json is valid JSON");
        let upscale: Value =
            serde_json::from_str(UPSCALE_DATA).expect("data/upscale-models.json is valid JSON");
        let image: Value = serde_json::from_str(IMAGE_DATA).expect("data/image-models.json is valid JSON");
        Self {
            models: doc["models"].as_array().cloned().unwrap_or_default(),
            upscalers: upscale["models"].as_array().cloned().unwrap_or_default(),
            generators: image["models"].as_array().cloned().unwrap_or_default(),
            image_models: Vec::new(),
        }
    }

    /// The rules of generation model `id`, if it is one.
    pub fn generator(&self, id: &str) -> Option<GeneratorRules> {
        if NOT_GENERATORS.contains(&id) {
            return None;
        }
        self.generators.iter().find(|m| m["id"] == id && m["type"] == "image").map(GeneratorRules::from_json)
    }

    /// Every generation model id, in catalogue order.
    pub fn generator_ids(&self) -> Vec<String> {
        self.generators
            .iter()
            .filter_map(|m| m["id"].as_str())
            .filter(|id| !NOT_GENERATORS.contains(id))
            .map(str::to_owned)
            .collect()
    }

    /// The same catalogue listing the background remover at `usd` a
    /// removal, in the shape of Venice's listing (type `image`, the price
    /// under `model_spec.pricing.generation`).
    pub fn with_background_remover(mut self, usd: f64) -> Self {
        self.image_models = vec![json!({
            "id": BACKGROUND_REMOVER,
            "type": "image",
            "created": 1_772_064_000,
            "model_spec": {
                "privacy": "anonymized",
                "pricing": { "generation": { "usd": usd, "diem": usd } },
                "traits": [],
                "name": "Background Remover",
                "constraints": { "promptCharacterLimit": 1500, "steps": { "default": 20, "max": 50 }, "widthHeightDivisor": 1 }
            }
        })];
        self
    }

    /// The upscale model, [`UPSCALE_MODEL`].
    pub fn upscaler(&self) -> Option<Upscaler> {
        self.upscalers.iter().find(|m| m["id"] == UPSCALE_MODEL).map(|m| Upscaler {
            id: UPSCALE_MODEL.to_owned(),
            name: m["model_spec"]["name"].as_str().unwrap_or_default().to_owned(),
            pricing: m["model_spec"]["pricing"].clone(),
        })
    }

    /// The rules of edit model `id`, if it exists.
    pub fn get(&self, id: &str) -> Option<ModelRules> {
        self.models.iter().find(|m| m["id"] == id).map(ModelRules::from_json)
    }

    /// Every edit model id, sorted.
    pub fn ids(&self) -> Vec<String> {
        self.models.iter().filter_map(|m| m["id"].as_str().map(str::to_owned)).collect()
    }

    /// The `GET /models` answer for `type` (`None` lists all).
    pub fn list(&self, kind: Option<&str>) -> Value {
        let data: Vec<Value> = self
            .models
            .iter()
            .chain(&self.upscalers)
            .chain(&self.generators)
            .chain(&self.image_models)
            .filter(|m| matches!(kind, None | Some("all")) || m["type"].as_str() == kind)
            .map(|m| {
                let mut m = m.clone();
                m["object"] = json!("model");
                m["owned_by"] = json!("venice.ai");
                m
            })
            .collect();
        json!({ "object": "list", "type": kind.unwrap_or("all"), "data": data })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_catalogue_has_the_edit_models() {
        let c = Catalogue::builtin();
        assert_eq!(c.ids().len(), 21);
        let default = c.get(DEFAULT_MODEL).unwrap();
        assert_eq!(default.prompt_limit, 1500);
        assert_eq!(default.max_images, 3, "combineImages without maxInputImages means 3");
        assert_eq!(default.resolutions, ["1K"]);
        assert!(c.get("qwen-edit").is_none(), "retired");
    }

    #[test]
    fn models_that_cannot_combine_take_one_image() {
        assert_eq!(Catalogue::builtin().get("luma-uni-1-edit").unwrap().max_images, 1);
    }

    #[test]
    fn prices_follow_tier_quality_and_extra_images() {
        let c = Catalogue::builtin();
        let gpt = c.get("gpt-image-2-edit").unwrap();
        // Default quality is high: 1K high is 0.34; 2K low is 0.03.
        assert!((gpt.price("1K", None, 1) - 0.34).abs() < 1e-9);
        assert!((gpt.price("2K", Some("low"), 1) - 0.03).abs() < 1e-9);
        // One image included, each further one 0.0092.
        assert!((gpt.price("1K", Some("medium"), 3) - (0.08 + 2.0 * 0.0092)).abs() < 1e-9);
        let nano = c.get("nano-banana-2-edit").unwrap();
        assert!((nano.price("4K", None, 1) - 0.19).abs() < 1e-9);
        assert!((c.get(DEFAULT_MODEL).unwrap().price("1K", None, 3) - 0.04).abs() < 1e-9);
    }

    #[test]
    fn listing_has_the_real_shape() {
        let list = Catalogue::builtin().list(Some("inpaint"));
        assert_eq!(list["object"], "list");
        assert_eq!(list["type"], "inpaint");
        assert_eq!(list["data"][0]["object"], "model");
        assert_eq!(list["data"][0]["owned_by"], "venice.ai");
        assert_eq!(Catalogue::builtin().list(Some("text"))["data"], json!([]));
    }

    #[test]
    fn the_upscaler_is_listed_and_priced_per_scale_but_is_no_edit_model() {
        let c = Catalogue::builtin();
        let up = c.upscaler().unwrap();
        assert_eq!((up.id.as_str(), up.name.as_str()), ("upscaler", "Upscaler"));
        assert_eq!(up.price(2), Some(0.02));
        assert_eq!(up.price(4), Some(0.08));
        assert_eq!(up.price(3), None);
        assert!(c.get(UPSCALE_MODEL).is_none(), "not an edit model");
        let list = c.list(Some("upscale"));
        assert_eq!(list["data"].as_array().unwrap().len(), 1);
        assert_eq!(list["data"][0]["id"], "upscaler");
        assert_eq!(list["data"][0]["model_spec"]["pricing"]["upscale"]["4x"]["usd"], 0.08);
        assert_eq!(c.list(Some("inpaint"))["data"].as_array().unwrap().len(), 21);
        assert_eq!(c.list(None)["data"].as_array().unwrap().len(), 22 + c.generator_ids().len());
    }

    #[test]
    fn generation_models_are_listed_as_image_and_priced_per_picture() {
        let c = Catalogue::builtin();
        let image = c.list(Some("image"));
        assert_eq!(image["data"].as_array().unwrap().len(), c.generator_ids().len());
        let sd = c.generator("venice-sd35").unwrap();
        assert_eq!((sd.prompt_limit, sd.divisor, sd.max_steps), (1500, 16, Some(30)));
        assert!(sd.aspect_ratios.is_empty());
        assert!((sd.price(None, None) - 0.01).abs() < 1e-9);
        let gpt = c.generator("gpt-image-2").unwrap();
        assert!((gpt.price(None, None) - 0.26).abs() < 1e-9, "1K at the default quality, high");
        assert!((gpt.price(Some("2K"), None) - gpt.price(Some("2K"), Some("high"))).abs() < 1e-9);
        let nano = c.generator("nano-banana-pro").unwrap();
        assert!((nano.price(Some("4K"), None) - 0.35).abs() < 1e-9);
        assert!(c.generator("firered-image-edit").is_none(), "an edit model draws nothing");
        assert!(c.generator("bria-bg-remover").is_none());
    }

    #[test]
    fn the_background_remover_is_an_image_model_priced_from_the_config() {
        let c = Catalogue::builtin().with_background_remover(0.05);
        let list = c.list(Some("image"));
        let models = list["data"].as_array().unwrap();
        // The generation models, and the remover among them, once.
        assert_eq!(models.len(), c.generator_ids().len() + 1);
        let removers: Vec<_> = models.iter().filter(|m| m["id"] == BACKGROUND_REMOVER).collect();
        assert_eq!(removers.len(), 1);
        assert_eq!(removers[0]["type"], "image");
        assert_eq!(removers[0]["model_spec"]["pricing"]["generation"]["usd"], 0.05);
        assert!(c.generator(BACKGROUND_REMOVER).is_none(), "not a generation model");
        assert!(c.get(BACKGROUND_REMOVER).is_none(), "not an edit model");
        assert_eq!(c.list(Some("inpaint"))["data"].as_array().unwrap().len(), 21);
    }
}
