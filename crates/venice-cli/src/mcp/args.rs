//! The arguments of each tool, named as the CLI's flags are, with the
//! descriptions an agent reads in the tool's schema; and the check of an
//! agent's JSON against that schema (unknown names, missing arguments, wrong
//! JSON types), so that every mistake is a tool error that names the
//! argument, never a protocol error.

use rmcp::model::JsonObject;
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::mcp::error::ToolError;

/// The edit options every edit tool takes, named as the CLI's flags are
/// (declared once; a test checks each `EditOptions` flag has its argument).
#[derive(Debug, Deserialize, JsonSchema)]
pub struct EditFields {
    /// What to change, in plain words. The model's prompt limit applies
    /// (list_models shows it, e.g. 1500 characters).
    pub prompt: String,
    /// The edit model id, as list_models shows it. Leave it out for the
    /// server's default model (the service's, unless `venice mcp --model`).
    pub model: Option<String>,
    /// The output's shape, where the model offers a choice: one of the
    /// listed values (list_models shows which a model takes).
    pub aspect_ratio: Option<String>,
    /// The resolution tier, e.g. 1K, 2K or 4K, as the model allows
    /// (list_models shows it); a higher tier may cost more.
    pub resolution: Option<String>,
    /// The output encoding. Unset: PNG at 1K, JPEG at 2K and 4K.
    pub format: Option<String>,
    /// Blur adult content (the service's default is true).
    pub safe_mode: Option<bool>,
    /// Let the service rewrite the prompt first: charged extra, up to about
    /// 30 s slower.
    pub enhance_prompt: Option<bool>,
    /// Skip the model's prompt-optimisation reasoning step, where it has
    /// one (faster).
    pub no_thinking: Option<bool>,
}

/// How the inputs are sent, for every image tool.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct UploadFields {
    /// Downscale (and turn upright) an input over the pixel or size limit
    /// instead of refusing it; the result says what changed.
    pub fit: Option<bool>,
    /// How the request body is sent: auto (multipart for files, JSON for
    /// URLs; the default), multipart or json.
    pub encoding: Option<String>,
    /// Send the image with its metadata (EXIF with its GPS position, XMP,
    /// IPTC). Unset: they are removed from the bytes sent, losslessly.
    pub keep_metadata_in_upload: Option<bool>,
}

/// Where the result goes, for every image tool.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct OutputFields {
    /// The file to write. Default: beside the (first) input as
    /// <name>.<edited|nobg|upscaled>.<ext>, or in the server's working
    /// directory for a URL. Relative paths are relative to the server's
    /// working directory; absolute paths are safest.
    pub output: Option<String>,
    /// Replace the output file if it exists (otherwise the call is refused
    /// before anything is paid for).
    pub overwrite: Option<bool>,
    /// Also return a small preview of the result (256 px on the long side)
    /// as an image content block.
    pub preview: Option<bool>,
}

/// The arguments of `edit_image`. Unknown names are refused by [`parse`]'s
/// schema check (serde's `deny_unknown_fields` does not work with flattened
/// fields).
#[derive(Debug, Deserialize, JsonSchema)]
pub struct EditImageArgs {
    /// The image to edit: a local file path or an http(s) URL. PNG, JPEG,
    /// WebP or GIF, at least 256x256 and at most about 33 megapixels, under
    /// 25 MB (set fit to downscale a larger one).
    pub image: String,
    /// Confine the edit to a mask: a local image file (scaled to the image
    /// when its size differs). The result is the original outside the mask,
    /// pixel for pixel, at the original's size. Sent as a multi-edit with
    /// the mask as the second image. An empty or full mask is refused
    /// before anything is paid.
    pub mask: Option<String>,
    /// What the mask's pixels mean: white (the default: white = edit here),
    /// black (black = edit here) or alpha (transparent = edit here, OpenAI's
    /// convention).
    pub mask_convention: Option<String>,
    /// How many pixels outside the mask's edge the edit is blended into the
    /// original (default 4, at most 256).
    pub feather: Option<u32>,
    /// Resize the result back to the image's own pixel size (otherwise it
    /// comes at the model's size tier, e.g. 1024 px on the long side).
    pub keep_size: Option<bool>,
    #[serde(flatten)]
    pub edit: EditFields,
    #[serde(flatten)]
    pub upload: UploadFields,
    #[serde(flatten)]
    pub out: OutputFields,
}

/// The arguments of `multi_edit_image`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct MultiEditImageArgs {
    /// The images, in order: the first is the base image, the others are
    /// layers or masks that guide the edit. Each a local file path or an
    /// http(s) URL; how many a model takes is in list_models.
    pub images: Vec<String>,
    /// The output quality, for models that list qualities (low, medium or
    /// high); a higher quality may cost more.
    pub quality: Option<String>,
    #[serde(flatten)]
    pub edit: EditFields,
    #[serde(flatten)]
    pub upload: UploadFields,
    #[serde(flatten)]
    pub out: OutputFields,
}

/// The arguments of `remove_background`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct RemoveBackgroundArgs {
    /// The image to cut the subject out of: a local file path or an
    /// http(s) URL (PNG, JPEG, WebP or GIF, at least 256x256, under 25 MB).
    pub image: String,
    #[serde(flatten)]
    pub upload: UploadFields,
    #[serde(flatten)]
    pub out: OutputFields,
}

/// The arguments of `upscale_image`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct UpscaleImageArgs {
    /// The image to enlarge: a local file path (PNG, JPEG, WebP or GIF, at
    /// least 256x256, at most 4,194,304 pixels, under 25 MB). The upscaler
    /// does not fetch URLs.
    pub image: String,
    /// How many times larger each side gets: 2 (the default) or 4. At 4 the
    /// service lowers the scale to 2 for inputs over 1,048,576 pixels, so
    /// that the output stays within 16,777,216 pixels; the price is the
    /// scale actually used.
    pub scale: Option<u32>,
    /// How freely detail may be invented, 0 to 0.02 (the service's default
    /// is 0.01).
    pub creativity: Option<f64>,
    #[serde(flatten)]
    pub upload: UploadFields,
    #[serde(flatten)]
    pub out: OutputFields,
}

/// The arguments of `generate_image`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct GenerateImageArgs {
    /// What to draw, in plain words (the model's prompt limit applies).
    pub prompt: String,
    /// The generation model id (`venice models --type image` lists them).
    /// Leave it out for the service's default (venice-sd35).
    pub model: Option<String>,
    /// What to keep out of the picture.
    pub negative_prompt: Option<String>,
    /// The picture's shape (`16:9`), for models sized by aspect ratio.
    pub aspect_ratio: Option<String>,
    /// The resolution tier (`1K`, `2K`, `4K`), for models that list tiers;
    /// a higher tier may cost more.
    pub resolution: Option<String>,
    /// Width in pixels, for models sized by width and height (up to 1280).
    pub width: Option<u32>,
    /// Height in pixels, for models sized by width and height (up to 1280).
    pub height: Option<u32>,
    /// A style preset by name (e.g. `Cinematic`).
    pub style: Option<String>,
    /// The seed: the same request with the same seed draws the same
    /// picture. Unset: a random one, given in the result.
    pub seed: Option<i64>,
    /// How many pictures, 1 to 4 (each charged, each its own call): variant
    /// i is drawn with seed + i - 1 and written as OUTPUT-i before the
    /// extension.
    pub variants: Option<u32>,
    /// The output encoding (the service's default is WebP).
    pub format: Option<String>,
    #[serde(flatten)]
    pub out: OutputFields,
}

/// The arguments of `run_pipeline`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct RunPipelineArgs {
    /// The steps, in order: each an object with `op` (edit, multi-edit,
    /// remove-bg or upscale) and that command's options by their long
    /// names, e.g. [{"op": "remove-bg"}, {"op": "upscale", "scale": 2},
    /// {"op": "edit", "prompt": "on a warm studio backdrop"}]. Each step's
    /// input is the previous step's result, exactly as returned.
    pub steps: Vec<JsonObject>,
    /// The images, local files inside the allowed folders.
    pub images: Vec<String>,
    /// Where the final results go (a folder inside the allowed folders);
    /// each step's result is kept in its hidden .venice-pipeline folder, so
    /// a call again resumes and pays only for the steps not yet done.
    /// Default: beside each image.
    pub out_dir: Option<String>,
    /// Replace final results this pipeline did not write.
    pub overwrite: Option<bool>,
}

/// The arguments of `list_models` (none).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListModelsArgs {}

/// The arguments of `estimate_cost`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EstimateCostArgs {
    /// The tool whose call to price: edit_image, multi_edit_image,
    /// remove_background or upscale_image.
    pub tool: String,
    /// Exactly the arguments you would pass to that tool. They are checked
    /// as that tool checks them (the inputs are read, nothing is sent or
    /// written).
    pub arguments: JsonObject,
}

/// The JSON types a schema property allows (`"string"`, `["string", "null"]`).
fn allowed_types(property: &Value) -> Vec<&str> {
    match property.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn type_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_u64() || n.is_i64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn fits(allowed: &[&str], v: &Value) -> bool {
    let t = type_of(v);
    allowed.is_empty() || allowed.contains(&t) || (t == "integer" && allowed.contains(&"number"))
}

fn described(what: &str) -> &str {
    match what {
        "boolean" => "true or false",
        "string" => "a string",
        "array" => "a list",
        "object" => "an object",
        "integer" | "number" => "a number",
        _ => what,
    }
}

/// Checks `args` against the tool's `schema` and reads them as `T`.
pub fn parse<T: DeserializeOwned>(tool: &str, schema: &JsonObject, args: JsonObject) -> Result<T, ToolError> {
    let empty = JsonObject::new();
    let properties = schema.get("properties").and_then(Value::as_object).unwrap_or(&empty);
    let names = || properties.keys().map(String::as_str).collect::<Vec<_>>().join(", ");
    for key in args.keys() {
        if !properties.contains_key(key) {
            return Err(ToolError::Arguments(format!(
                "{tool} has no argument `{key}`; it takes: {}",
                names()
            )));
        }
    }
    let required = schema.get("required").and_then(Value::as_array);
    for name in required.into_iter().flatten().filter_map(Value::as_str) {
        if args.get(name).is_none_or(Value::is_null) {
            let about = properties.get(name).and_then(|p| p.get("description")).and_then(Value::as_str);
            return Err(ToolError::Arguments(format!(
                "{tool} needs `{name}`{}",
                about.map(|d| format!(": {d}")).unwrap_or_default()
            )));
        }
    }
    for (key, value) in &args {
        let Some(property) = properties.get(key) else { continue };
        let allowed = allowed_types(property);
        if !fits(&allowed, value) {
            let want: Vec<&str> = allowed.iter().filter(|t| **t != "null").map(|t| described(t)).collect();
            return Err(ToolError::Arguments(format!(
                "`{key}` must be {}, not {}",
                want.join(" or "),
                described(type_of(value))
            )));
        }
        if let (Value::Array(items), Some(item_schema)) = (value, property.get("items")) {
            let allowed = allowed_types(item_schema);
            if let Some(bad) = items.iter().find(|i| !fits(&allowed, i)) {
                let want: Vec<&str> = allowed.iter().map(|t| described(t)).collect();
                return Err(ToolError::Arguments(format!(
                    "each item of `{key}` must be {}, not {}",
                    want.join(" or "),
                    described(type_of(bad))
                )));
            }
        }
    }
    serde_json::from_value(Value::Object(args)).map_err(|e| ToolError::Arguments(format!("{tool}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mcp::tools::ToolName;

    fn check(tool: ToolName, args: Value) -> Result<(), String> {
        let Value::Object(args) = args else { panic!("not an object") };
        let schema = tool.schema();
        match tool {
            ToolName::EditImage => parse::<EditImageArgs>(tool.name(), &schema, args).map(drop),
            ToolName::MultiEditImage => parse::<MultiEditImageArgs>(tool.name(), &schema, args).map(drop),
            _ => parse::<RemoveBackgroundArgs>(tool.name(), &schema, args).map(drop),
        }
        .map_err(|e| e.to_string())
    }

    /// Derived from the CLI's own flags: a request option added to the
    /// library's `EditOptions` or `UploadOptions` fails this until the
    /// edit tools take it too.
    #[test]
    fn every_cli_edit_option_has_its_mcp_argument() {
        use clap::Args;
        let cli = venice_image::UploadOptions::augment_args(venice_image::EditOptions::augment_args(
            clap::Command::new("edit"),
        ));
        let photo = crate::settings::photo::PhotoEdit::augment_args(cli.clone());
        for (tool, cli) in [(ToolName::EditImage, &photo), (ToolName::MultiEditImage, &cli)] {
            let schema = tool.schema();
            let properties = schema.get("properties").and_then(Value::as_object).cloned().unwrap_or_default();
            let mut checked = 0;
            for arg in cli.get_arguments() {
                let id = arg.get_id().as_str();
                let long = arg.get_long().map(|l| l.replace('-', "_")).unwrap_or_default();
                assert!(
                    properties.contains_key(id) || properties.contains_key(&long),
                    "{}: the CLI's --{} ({id}) has no argument",
                    tool.name(),
                    arg.get_long().unwrap_or(id)
                );
                checked += 1;
            }
            assert!(checked >= 9, "the CLI's options were not found: {checked}");
        }
    }

    #[test]
    fn good_arguments_pass_and_null_means_unset() {
        let ok = check(
            ToolName::EditImage,
            serde_json::json!({"image": "a.png", "prompt": "p", "safe_mode": null}),
        );
        assert_eq!(ok, Ok(()));
    }

    #[test]
    fn unknown_names_are_refused_with_the_names_taken() {
        let e =
            check(ToolName::EditImage, serde_json::json!({"image": "a.png", "prompt": "p", "force": true}))
                .unwrap_err();
        assert!(e.starts_with("edit_image has no argument `force`; it takes: "), "{e}");
        assert!(e.contains("overwrite"), "{e}");
    }

    #[test]
    fn a_missing_argument_is_named_and_explained() {
        let e = check(ToolName::EditImage, serde_json::json!({"image": "a.png"})).unwrap_err();
        assert!(e.starts_with("edit_image needs `prompt`: What to change"), "{e}");
        let e =
            check(ToolName::MultiEditImage, serde_json::json!({"images": null, "prompt": "p"})).unwrap_err();
        assert!(e.starts_with("multi_edit_image needs `images`"), "{e}");
    }

    #[test]
    fn wrong_json_types_name_the_argument() {
        let e = check(
            ToolName::EditImage,
            serde_json::json!({"image": "a.png", "prompt": "p", "safe_mode": "no"}),
        )
        .unwrap_err();
        assert_eq!(e, "`safe_mode` must be true or false, not a string");
        let e =
            check(ToolName::EditImage, serde_json::json!({"image": ["a.png"], "prompt": "p"})).unwrap_err();
        assert_eq!(e, "`image` must be a string, not a list");
        let e = check(ToolName::MultiEditImage, serde_json::json!({"images": ["a.png", 3], "prompt": "p"}))
            .unwrap_err();
        assert_eq!(e, "each item of `images` must be a string, not a number");
        let e = check(ToolName::RemoveBackground, serde_json::json!({"image": "a.png", "overwrite": 1}))
            .unwrap_err();
        assert_eq!(e, "`overwrite` must be true or false, not a number");
    }
}
