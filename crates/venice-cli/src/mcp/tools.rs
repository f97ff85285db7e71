//! The tools the server offers: names, what each is for, and the JSON
//! schema of its arguments (from the argument structs, with the accepted
//! values of each named option filled in from the library's own lists, so
//! that they cannot drift). A new operation is a new variant here, its
//! arguments in `args`, its mapping in `mapping`.

use std::sync::Arc;

use rmcp::handler::server::common::schema_for_type;
use rmcp::model::{JsonObject, Tool, ToolAnnotations};
use schemars::JsonSchema;
use serde_json::Value;
use venice_image::{AspectRatio, OutputFormat, Quality};

use crate::mcp::args::{
    EditImageArgs, EstimateCostArgs, GenerateImageArgs, ListModelsArgs, MultiEditImageArgs,
    RemoveBackgroundArgs, RunPipelineArgs, UpscaleImageArgs,
};

/// A tool of this server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToolName {
    GenerateImage,
    EditImage,
    MultiEditImage,
    RemoveBackground,
    UpscaleImage,
    ListModels,
    EstimateCost,
    RunPipeline,
}

/// The accepted names of `encoding` (the library's `Encoding` has no list).
pub const ENCODINGS: &[&str] = &["auto", "multipart", "json"];

impl ToolName {
    pub const ALL: &'static [Self] = &[
        Self::EditImage,
        Self::MultiEditImage,
        Self::RemoveBackground,
        Self::UpscaleImage,
        Self::GenerateImage,
        Self::ListModels,
        Self::EstimateCost,
        Self::RunPipeline,
    ];

    /// The tools that write an image (and that `estimate_cost` prices).
    pub const IMAGE_TOOLS: &'static [Self] =
        &[Self::EditImage, Self::MultiEditImage, Self::RemoveBackground, Self::UpscaleImage];

    pub fn name(self) -> &'static str {
        match self {
            Self::GenerateImage => "generate_image",
            Self::EditImage => "edit_image",
            Self::MultiEditImage => "multi_edit_image",
            Self::RemoveBackground => "remove_background",
            Self::UpscaleImage => "upscale_image",
            Self::ListModels => "list_models",
            Self::EstimateCost => "estimate_cost",
            Self::RunPipeline => "run_pipeline",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|t| t.name() == name)
    }

    fn description(self) -> &'static str {
        match self {
            Self::GenerateImage => {
                "Draw new pictures from a text prompt with Venice's generation models (no input image) \
                 and write each to a file inside the allowed folders. Checked against the model's rules \
                 (size or aspect ratio, resolution, prompt length) and priced before anything is paid \
                 for, and held to this server's spending limits; variants (1 to 4) are each charged. \
                 The result gives each path written, dimensions, bytes, model, seed, estimated cost and \
                 request id; the same prompt, model and seed draw the same picture. An existing output \
                 is never replaced unless overwrite is true."
            }
            Self::EditImage => {
                "Edit one image from a prompt with Venice's image-editing models and write the result to a \
                 file. The input is checked before anything is paid for (format, size, the model's rules); \
                 the result gives the path written, dimensions, bytes, model, estimated cost and request \
                 id. An existing output is never replaced unless overwrite is true. Use estimate_cost \
                 first to see the price without paying."
            }
            Self::MultiEditImage => {
                "Edit a base image guided by layers or masks (composite, inpaint, put one image into \
                 another) and write the result to a file. images[0] is the base; the rest are layers or \
                 masks, in order. Checked before paying; the result gives the path, dimensions, bytes, \
                 model, estimated cost and request id. An existing output is never replaced unless \
                 overwrite is true."
            }
            Self::RemoveBackground => {
                "Cut the subject out of an image onto a transparent background and write it as a PNG. \
                 The result gives the path, dimensions, bytes and request id. An existing output is never \
                 replaced unless overwrite is true."
            }
            Self::UpscaleImage => {
                "Enlarge an image 2x or 4x with Venice's upscaler and write it as a PNG. Checked before \
                 paying: the scale the service will really use (4x becomes 2x for large inputs) and its \
                 price are known first; the result gives the path, dimensions, bytes, estimated cost and \
                 request id. An existing output is never replaced unless overwrite is true."
            }
            Self::ListModels => {
                "List Venice's image-edit models: id, name, price per edit (USD), prompt character limit, \
                 how many input images each takes, aspect ratios, resolution tiers and qualities; and the \
                 upscaler's price per scale. Free; pass a model's id as `model` to edit_image or \
                 multi_edit_image."
            }
            Self::RunPipeline => {
                "Run steps in order on each image (remove the background, upscale, then edit, say), each \
                 step's input the previous step's result, and write the final results. Resumable: each \
                 step's result is kept, so calling again with the same steps pays only for the steps not \
                 yet done; a changed step runs again with the steps after it. Held to this server's \
                 spending limits step by step, and to its allowed folders."
            }
            Self::EstimateCost => {
                "What a call of edit_image, multi_edit_image, remove_background or upscale_image would \
                 cost and send, \
                 without sending it or writing anything: the estimated price in USD (null when unknown), \
                 the model, the checked inputs, where the output would go, and whether this server's \
                 spending limits would allow it. Invalid arguments are reported as the tool would."
            }
        }
    }

    fn read_only(self) -> bool {
        matches!(self, Self::ListModels | Self::EstimateCost)
    }

    /// The argument schema, with the named options' values filled in.
    pub fn schema(self) -> Arc<JsonObject> {
        match self {
            Self::GenerateImage => {
                // Generation models list their own ratios (`21:9`...): no enum.
                let mut s = schema::<GenerateImageArgs>().as_ref().clone();
                if let Some(p) = s
                    .get_mut("properties")
                    .and_then(|p| p.get_mut("aspect_ratio"))
                    .and_then(Value::as_object_mut)
                {
                    p.remove("enum");
                }
                Arc::new(s)
            }
            Self::EditImage => schema::<EditImageArgs>(),
            Self::MultiEditImage => schema::<MultiEditImageArgs>(),
            Self::RemoveBackground => schema::<RemoveBackgroundArgs>(),
            Self::UpscaleImage => {
                let mut s = schema::<UpscaleImageArgs>().as_ref().clone();
                if let Some(p) =
                    s.get_mut("properties").and_then(|p| p.get_mut("scale")).and_then(Value::as_object_mut)
                {
                    p.insert("enum".into(), serde_json::json!([2, 4, null]));
                }
                Arc::new(s)
            }
            Self::ListModels => schema::<ListModelsArgs>(),
            Self::RunPipeline => schema::<RunPipelineArgs>(),
            Self::EstimateCost => {
                let mut s = schema::<EstimateCostArgs>().as_ref().clone();
                let names: Vec<&str> = Self::IMAGE_TOOLS.iter().map(|t| t.name()).collect();
                set_enum(&mut s, "tool", &names);
                Arc::new(s)
            }
        }
    }

    /// The tool as `tools/list` shows it.
    pub fn definition(self) -> Tool {
        let mut annotations = ToolAnnotations::new();
        annotations.read_only_hint = Some(self.read_only());
        // The image tools write files, and with `overwrite` replace them:
        // clients should ask before they run.
        annotations.destructive_hint = Some(!self.read_only());
        annotations.open_world_hint = Some(true);
        Tool::new(self.name(), self.description(), self.schema()).with_annotations(annotations)
    }
}

fn names<T: std::fmt::Display>(all: &[T]) -> Vec<String> {
    all.iter().map(ToString::to_string).collect()
}

fn set_enum<S: AsRef<str>>(schema: &mut JsonObject, property: &str, values: &[S]) {
    let Some(p) =
        schema.get_mut("properties").and_then(|p| p.get_mut(property)).and_then(Value::as_object_mut)
    else {
        return;
    };
    let mut list: Vec<Value> = values.iter().map(|v| Value::from(v.as_ref())).collect();
    let nullable = matches!(p.get("type"), Some(Value::Array(ts)) if ts.contains(&Value::from("null")));
    if nullable {
        list.push(Value::Null);
    }
    p.insert("enum".into(), Value::Array(list));
}

/// The struct's schema, closed to other names, with the accepted values of
/// every named option that the struct has.
fn schema<T: JsonSchema + 'static>() -> Arc<JsonObject> {
    let mut s = schema_for_type::<T>().as_ref().clone();
    s.insert("additionalProperties".into(), Value::Bool(false));
    set_enum(&mut s, "aspect_ratio", &names(AspectRatio::ALL));
    set_enum(&mut s, "format", &names(OutputFormat::ALL));
    set_enum(&mut s, "quality", &names(Quality::ALL));
    set_enum(&mut s, "encoding", ENCODINGS);
    Arc::new(s)
}

/// Every tool, as `tools/list` shows them.
pub fn definitions() -> Vec<Tool> {
    ToolName::ALL.iter().map(|t| t.definition()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(t: ToolName) -> JsonObject {
        t.schema().get("properties").and_then(Value::as_object).cloned().unwrap_or_default()
    }

    fn required(t: ToolName) -> Vec<String> {
        let s = t.schema();
        let list = s.get("required").and_then(Value::as_array).cloned().unwrap_or_default();
        let mut names: Vec<String> = list.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect();
        names.sort();
        names
    }

    #[test]
    fn every_tool_has_a_unique_name_a_description_and_an_object_schema() {
        let defs = definitions();
        let mut seen: Vec<&str> = defs.iter().map(|t| t.name.as_ref()).collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), ToolName::ALL.len());
        for t in &defs {
            assert!(t.description.as_ref().is_some_and(|d| d.len() > 40), "{}", t.name);
            assert_eq!(t.input_schema.get("type"), Some(&Value::from("object")), "{}", t.name);
            assert_eq!(t.input_schema.get("additionalProperties"), Some(&Value::Bool(false)));
            assert_eq!(ToolName::parse(&t.name).map(ToolName::name), Some(t.name.as_ref()));
        }
    }

    #[test]
    fn required_arguments_are_the_ones_an_agent_must_pass() {
        assert_eq!(required(ToolName::EditImage), ["image", "prompt"]);
        assert_eq!(required(ToolName::MultiEditImage), ["images", "prompt"]);
        assert_eq!(required(ToolName::RemoveBackground), ["image"]);
        assert!(required(ToolName::ListModels).is_empty());
        assert_eq!(required(ToolName::EstimateCost), ["arguments", "tool"]);
    }

    #[test]
    fn arguments_are_named_as_the_cli_names_them_and_each_is_described() {
        let edit = props(ToolName::EditImage);
        for name in [
            "image",
            "prompt",
            "model",
            "aspect_ratio",
            "resolution",
            "format",
            "safe_mode",
            "enhance_prompt",
            "no_thinking",
            "fit",
            "encoding",
            "output",
            "overwrite",
            "preview",
        ] {
            let p = edit.get(name).unwrap_or_else(|| panic!("edit_image lacks {name}"));
            assert!(p.get("description").and_then(Value::as_str).is_some_and(|d| !d.is_empty()), "{name}");
        }
        let multi = props(ToolName::MultiEditImage);
        assert!(
            multi.contains_key("images") && multi.contains_key("quality") && !multi.contains_key("image")
        );
        let nobg = props(ToolName::RemoveBackground);
        assert!(!nobg.contains_key("prompt") && !nobg.contains_key("model"));
        for t in ToolName::ALL {
            for (name, p) in props(*t) {
                assert!(p.get("description").is_some(), "{}.{name} has no description", t.name());
            }
        }
    }

    #[test]
    fn named_options_list_the_library_values() {
        let edit = props(ToolName::EditImage);
        let ratios = edit["aspect_ratio"]["enum"].as_array().cloned().unwrap_or_default();
        assert!(ratios.contains(&Value::from("16:9")) && ratios.contains(&Value::from("auto")));
        assert_eq!(ratios.iter().filter(|v| v.is_string()).count(), AspectRatio::ALL.len());
        assert!(edit["format"]["enum"].as_array().is_some_and(|v| v.contains(&Value::from("webp"))));
        assert!(edit["encoding"]["enum"].as_array().is_some_and(|v| v.contains(&Value::from("multipart"))));
        let multi = props(ToolName::MultiEditImage);
        assert!(multi["quality"]["enum"].as_array().is_some_and(|v| v.contains(&Value::from("high"))));
        let up = props(ToolName::UpscaleImage);
        assert_eq!(up["scale"]["enum"], serde_json::json!([2, 4, null]));
        assert!(up["creativity"]["description"].as_str().is_some_and(|d| d.contains("0 to 0.02")));
        let est = props(ToolName::EstimateCost);
        assert_eq!(
            est["tool"]["enum"],
            serde_json::json!(["edit_image", "multi_edit_image", "remove_background", "upscale_image"])
        );
    }
}
