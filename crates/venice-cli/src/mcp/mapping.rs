//! Typed tool arguments into the library's requests: inputs (a path or an
//! http(s) URL, never standard input, which carries the protocol), the edit
//! and upload options parsed with the library's own names, and what to do
//! with the output. Each bad value is a tool error naming the argument.

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

use venice_image::{EditOptions, Encoding, GenerateRequest, OutputFormat, Scale, UploadOptions};

use crate::engine::{Input, Job, Op, Target};
use rmcp::model::JsonObject;

use crate::mcp::args::{
    self, EditFields, EditImageArgs, GenerateImageArgs, MultiEditImageArgs, OutputFields,
    RemoveBackgroundArgs, UploadFields, UpscaleImageArgs,
};
use crate::mcp::error::ToolError;
use crate::mcp::tools::ToolName;
use crate::settings::flags::McpDefaults;
use crate::settings::photo::{MaskConvention, PhotoEdit};

/// An image call, mapped from a tool's arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapped {
    pub op: Op,
    /// The image (the base image of a multi-edit).
    pub image: Input,
    pub upload: UploadOptions,
    /// `output`, as given.
    pub output: Option<PathBuf>,
    pub overwrite: bool,
    pub preview: bool,
    /// `edit_image`'s `keep_size` and `mask`.
    pub photo: Option<PhotoEdit>,
}

impl Mapped {
    /// The call core's job for this call, written to `target`.
    pub fn job(&self, target: Target) -> Job {
        Job::new(Arc::new(self.op.clone()), self.upload, self.image.clone(), target)
            .with_photo(self.photo.clone().map(Arc::new))
    }
}

/// A path with a leading `~/` taken from `HOME`, as a shell would.
fn expand_home(text: &str) -> PathBuf {
    match (text.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(text),
    }
}

/// One input: an http(s) URL, or a local image file.
pub fn input(argument: &str, text: &str) -> Result<Input, ToolError> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    if t.is_empty() {
        return Err(ToolError::Arguments(format!(
            "`{argument}` is empty; pass a file path or an http(s) URL"
        )));
    }
    if t == "-" {
        return Err(ToolError::Arguments(format!(
            "`{argument}` cannot be - here (standard input carries the protocol); pass a file path or an http(s) URL"
        )));
    }
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Ok(Input::Url(t.to_owned()));
    }
    if t.contains("://") || lower.starts_with("data:") {
        return Err(ToolError::Arguments(format!(
            "`{argument}` takes a local file path or an http(s) URL, not {}",
            t.split(':').next().unwrap_or(t)
        )));
    }
    let path = expand_home(t);
    if path.is_dir() {
        return Err(ToolError::Arguments(format!(
            "`{argument}`: {} is a folder; pass one image file",
            path.display()
        )));
    }
    Ok(Input::File { path, relative: None })
}

fn named<T: FromStr<Err = venice_image::UnknownValue>>(
    argument: &str,
    value: Option<&str>,
) -> Result<Option<T>, ToolError> {
    value.map(|v| v.parse::<T>().map_err(|e| ToolError::Arguments(format!("`{argument}`: {e}")))).transpose()
}

fn non_empty(argument: &str, value: Option<String>) -> Result<Option<String>, ToolError> {
    match value.map(|v| v.trim().to_owned()) {
        Some(v) if v.is_empty() => {
            Err(ToolError::Arguments(format!("`{argument}` is empty; leave it out instead")))
        }
        other => Ok(other),
    }
}

fn upload(u: &UploadFields, d: &McpDefaults) -> Result<UploadOptions, ToolError> {
    let mut out = UploadOptions::default();
    out.fit = u.fit.unwrap_or(false);
    out.keep_metadata_in_upload = u.keep_metadata_in_upload.unwrap_or(false);
    if let Some(e) = named::<Encoding>("encoding", u.encoding.as_deref())?.or(d.encoding) {
        out.encoding = e;
    }
    Ok(out)
}

/// Where the result goes, and how.
struct Out {
    output: Option<PathBuf>,
    overwrite: bool,
    preview: bool,
}

fn out(o: OutputFields) -> Result<Out, ToolError> {
    let output = match non_empty("output", o.output)? {
        Some(t) if t == "-" => {
            return Err(ToolError::Arguments(
                "`output` cannot be - here (standard output carries the protocol); pass a file path".into(),
            ));
        }
        Some(t) => Some(expand_home(&t)),
        None => None,
    };
    Ok(Out { output, overwrite: o.overwrite.unwrap_or(false), preview: o.preview.unwrap_or(false) })
}

fn edit_options(f: &EditFields, d: &McpDefaults) -> Result<Box<EditOptions>, ToolError> {
    let mut o = EditOptions::default();
    o.model = non_empty("model", f.model.clone())?.or_else(|| d.model.clone());
    o.aspect_ratio = named("aspect_ratio", f.aspect_ratio.as_deref())?;
    o.resolution = non_empty("resolution", f.resolution.clone())?;
    o.output_format = named("format", f.format.as_deref())?.or(d.format);
    o.safe_mode = f.safe_mode;
    o.enhance_prompt = f.enhance_prompt;
    o.disable_prompt_optimization_thinking = f.no_thinking;
    Ok(Box::new(o))
}

fn mapped(op: Op, image: Input, upload: UploadOptions, o: Out) -> Mapped {
    Mapped { op, image, upload, output: o.output, overwrite: o.overwrite, preview: o.preview, photo: None }
}

pub fn edit(a: EditImageArgs, d: &McpDefaults) -> Result<Mapped, ToolError> {
    let options = edit_options(&a.edit, d)?;
    let photo = photo(&a)?;
    // A mask goes as multi-edit's second image (see `venice edit --mask`).
    let op = if photo.mask.is_some() {
        let prompt = format!("{}{}", a.edit.prompt, crate::engine::photo::MASK_INSTRUCTION);
        Op::Multi { prompt, options, quality: None, layers: Vec::new() }
    } else {
        Op::Edit { prompt: a.edit.prompt, options }
    };
    let mut m = mapped(op, input("image", &a.image)?, upload(&a.upload, d)?, out(a.out)?);
    m.photo = Some(photo).filter(PhotoEdit::is_set);
    Ok(m)
}

/// `keep_size`, `mask`, `mask_convention` and `feather`, as the CLI's flags.
fn photo(a: &EditImageArgs) -> Result<PhotoEdit, ToolError> {
    let mask = match non_empty("mask", a.mask.clone())? {
        Some(t) => match input("mask", &t)? {
            Input::File { path, .. } => Some(path),
            _ => return Err(ToolError::Arguments("`mask` takes a local image file, not a URL".into())),
        },
        None => None,
    };
    if mask.is_none() && (a.mask_convention.is_some() || a.feather.is_some()) {
        return Err(ToolError::Arguments("`mask_convention` and `feather` go with `mask`".into()));
    }
    let mask_convention = match a.mask_convention.as_deref() {
        Some(name) => MaskConvention::parse(name).ok_or_else(|| {
            ToolError::Arguments(format!("`mask_convention`: {name:?} is not white, black or alpha"))
        })?,
        None => MaskConvention::default(),
    };
    let feather = a.feather.unwrap_or(4);
    if feather > 256 {
        return Err(ToolError::Arguments(format!("`feather` is at most 256 pixels, not {feather}")));
    }
    Ok(PhotoEdit { keep_size: a.keep_size.unwrap_or(false), mask, mask_convention, feather })
}

pub fn multi_edit(a: MultiEditImageArgs, d: &McpDefaults) -> Result<Mapped, ToolError> {
    let mut images = a.images.iter().map(|i| input("images", i)).collect::<Result<Vec<_>, _>>()?.into_iter();
    let Some(base) = images.next() else {
        return Err(ToolError::Arguments(
            "`images` is empty; pass the base image first, then its layers or masks".into(),
        ));
    };
    let options = edit_options(&a.edit, d)?;
    let quality = named("quality", a.quality.as_deref())?;
    let op = Op::Multi { prompt: a.edit.prompt, options, quality, layers: images.collect() };
    Ok(mapped(op, base, upload(&a.upload, d)?, out(a.out)?))
}

pub fn remove_background(a: RemoveBackgroundArgs, d: &McpDefaults) -> Result<Mapped, ToolError> {
    Ok(mapped(Op::RemoveBg, input("image", &a.image)?, upload(&a.upload, d)?, out(a.out)?))
}

pub fn upscale(a: UpscaleImageArgs, d: &McpDefaults) -> Result<Mapped, ToolError> {
    let scale = match a.scale {
        None => Scale::X2,
        Some(n) => Scale::from_str(&n.to_string())
            .map_err(|_| ToolError::Arguments(format!("`scale` is {n}; use 2 or 4")))?,
    };
    let op = Op::Upscale { scale: Some(scale), creativity: a.creativity };
    Ok(mapped(op, input("image", &a.image)?, upload(&a.upload, d)?, out(a.out)?))
}

/// A `generate_image` call: one mapped call per variant (each with its
/// own seed and, past one, its numbered output).
pub fn generate(a: GenerateImageArgs, d: &McpDefaults) -> Result<Vec<Mapped>, ToolError> {
    let variants = a.variants.unwrap_or(1);
    if !(1..=venice_image::MAX_VARIANTS).contains(&variants) {
        return Err(ToolError::Arguments(format!(
            "`variants` is {variants}; use 1 to {}",
            venice_image::MAX_VARIANTS
        )));
    }
    let prompt = non_empty("prompt", Some(a.prompt))?.unwrap_or_default();
    let mut r = GenerateRequest::new(prompt.clone());
    if let Some(m) = non_empty("model", a.model)? {
        r = r.model(m);
    }
    if let Some(n) = non_empty("negative_prompt", a.negative_prompt)? {
        r = r.negative_prompt(n);
    }
    if let Some(v) = non_empty("aspect_ratio", a.aspect_ratio)? {
        r = r.aspect_ratio(v);
    }
    if let Some(v) = non_empty("resolution", a.resolution)? {
        r = r.resolution(v);
    }
    if let Some(v) = non_empty("style", a.style)? {
        r = r.style_preset(v);
    }
    if let Some(f) = named::<OutputFormat>("format", a.format.as_deref())?.or(d.format) {
        r = r.format(f);
    }
    r = match (a.width, a.height) {
        (Some(w), Some(h)) => r.width(w).height(h),
        (Some(w), None) => r.width(w),
        (None, Some(h)) => r.height(h),
        (None, None) => r,
    };
    let o = out(a.out)?;
    let calls = (0..variants)
        .map(|i| {
            let seed = crate::batch::prompts::seed_for(a.seed, &prompt, i);
            let request = r.clone().with_seed(Some(seed));
            let output = match (&o.output, variants) {
                (Some(p), 2..) => Some(crate::batch::prompts::numbered(p, i + 1)),
                (other, _) => other.clone(),
            };
            let call = Out { output, overwrite: o.overwrite, preview: o.preview };
            let op = Op::Generate { request: Box::new(request) };
            mapped(op, Input::Prompt(prompt.clone()), UploadOptions::default(), call)
        })
        .collect();
    Ok(calls)
}

/// The image call of an image tool's arguments, checked against its schema.
pub fn for_tool(tool: ToolName, arguments: JsonObject, d: &McpDefaults) -> Result<Mapped, ToolError> {
    let (schema, name) = (tool.schema(), tool.name());
    match tool {
        ToolName::EditImage => edit(args::parse(name, &schema, arguments)?, d),
        ToolName::MultiEditImage => multi_edit(args::parse(name, &schema, arguments)?, d),
        ToolName::RemoveBackground => remove_background(args::parse(name, &schema, arguments)?, d),
        ToolName::UpscaleImage => upscale(args::parse(name, &schema, arguments)?, d),
        ToolName::ListModels | ToolName::EstimateCost | ToolName::RunPipeline | ToolName::GenerateImage => {
            Err(ToolError::Arguments(format!("{name} is not an image tool")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use venice_image::{AspectRatio, OutputFormat, Quality};

    #[test]
    fn upscale_maps_its_scale_and_refuses_others() {
        let a: UpscaleImageArgs =
            serde_json::from_value(serde_json::json!({"image": "p.png", "scale": 4, "creativity": 0.02}))
                .unwrap();
        let m = upscale(a, &McpDefaults::default()).unwrap();
        assert_eq!(m.op.suffix(), "upscaled");
        assert!(matches!(m.op, Op::Upscale { scale: Some(Scale::X4), creativity: Some(c) } if c == 0.02));
        let a: UpscaleImageArgs = serde_json::from_value(serde_json::json!({"image": "p.png"})).unwrap();
        assert!(matches!(
            upscale(a, &McpDefaults::default()).unwrap().op,
            Op::Upscale { scale: Some(Scale::X2), creativity: None }
        ));
        let a: UpscaleImageArgs =
            serde_json::from_value(serde_json::json!({"image": "p.png", "scale": 3})).unwrap();
        assert_eq!(message(upscale(a, &McpDefaults::default())), "`scale` is 3; use 2 or 4");
    }

    fn edit_args(json: serde_json::Value) -> Result<Mapped, ToolError> {
        let args: EditImageArgs =
            serde_json::from_value(json).map_err(|e| ToolError::Arguments(e.to_string()))?;
        edit(args, &McpDefaults::default())
    }

    fn message(r: Result<Mapped, ToolError>) -> String {
        match r {
            Err(ToolError::Arguments(m)) => m,
            other => panic!("expected an argument error, got {other:?}"),
        }
    }

    #[test]
    fn mask_and_keep_size_reach_the_job() {
        let m = edit_args(serde_json::json!({
            "image": "photo.jpg", "prompt": "a boat", "mask": "mask.png",
            "mask_convention": "alpha", "feather": 2, "keep_size": true
        }))
        .unwrap();
        let Op::Multi { prompt, layers, .. } = &m.op else { panic!("{m:?}") };
        assert!(prompt.starts_with("a boat ") && prompt.contains("second image"), "{prompt}");
        assert!(layers.is_empty(), "the mask layer is made from the mask when the call is prepared");
        let photo = m.photo.clone().unwrap();
        assert_eq!(photo.mask, Some(PathBuf::from("mask.png")));
        assert_eq!((photo.mask_convention, photo.feather, photo.keep_size), (MaskConvention::Alpha, 2, true));
        assert!(m.job(crate::engine::Target::Stdout).photo.is_some());

        let m = edit_args(serde_json::json!({"image": "p.jpg", "prompt": "x", "keep_size": true})).unwrap();
        assert!(matches!(m.op, Op::Edit { .. }) && m.photo.is_some_and(|p| p.keep_size && p.mask.is_none()));
        let none = edit_args(serde_json::json!({"image": "p.jpg", "prompt": "x"})).unwrap();
        assert_eq!(none.photo, None);
        let e = edit_args(
            serde_json::json!({"image": "p.jpg", "prompt": "x", "mask": "m.png", "mask_convention": "grey"}),
        );
        assert_eq!(message(e), "`mask_convention`: \"grey\" is not white, black or alpha");
        let e = edit_args(serde_json::json!({"image": "p.jpg", "prompt": "x", "feather": 3}));
        assert_eq!(message(e), "`mask_convention` and `feather` go with `mask`");
        let e =
            edit_args(serde_json::json!({"image": "p.jpg", "prompt": "x", "mask": "https://e.com/m.png"}));
        assert_eq!(message(e), "`mask` takes a local image file, not a URL");
    }

    #[test]
    fn every_option_reaches_the_request() {
        let m = edit_args(serde_json::json!({
            "image": "shots/photo.jpg", "prompt": "night", "model": "nano-banana-2-edit",
            "aspect_ratio": "16:9", "resolution": "2K", "format": "jpg", "safe_mode": false,
            "enhance_prompt": true, "no_thinking": true, "fit": true, "encoding": "json",
            "output": "out/x.jpg", "overwrite": true, "preview": true
        }))
        .unwrap();
        let Op::Edit { prompt, options } = &m.op else { panic!("{m:?}") };
        assert_eq!(m.image, Input::File { path: "shots/photo.jpg".into(), relative: None });
        assert_eq!(prompt, "night");
        assert_eq!(options.model.as_deref(), Some("nano-banana-2-edit"));
        assert_eq!(options.aspect_ratio, Some(AspectRatio::Landscape16x9));
        assert_eq!(options.resolution.as_deref(), Some("2K"));
        assert_eq!(options.output_format, Some(OutputFormat::Jpeg));
        assert_eq!(options.safe_mode, Some(false));
        assert_eq!(options.enhance_prompt, Some(true));
        assert_eq!(options.disable_prompt_optimization_thinking, Some(true));
        assert!(m.upload.fit);
        assert_eq!(m.upload.encoding, Encoding::Json);
        assert_eq!(m.output, Some(PathBuf::from("out/x.jpg")));
        assert!(m.overwrite && m.preview);
    }

    #[test]
    fn unset_options_stay_unset_for_the_service_defaults() {
        let m = edit_args(serde_json::json!({"image": "https://x.example/a.png", "prompt": "p"})).unwrap();
        let Op::Edit { options, .. } = &m.op else { panic!("{m:?}") };
        assert_eq!(m.image, Input::Url("https://x.example/a.png".into()));
        assert_eq!(**options, EditOptions::default());
        assert_eq!(m.upload, UploadOptions::default());
        assert!(!m.overwrite && !m.preview && m.output.is_none());
    }

    #[test]
    fn bad_values_name_the_argument_and_the_accepted_values() {
        let m =
            message(edit_args(serde_json::json!({"image": "a.png", "prompt": "p", "aspect_ratio": "7:5"})));
        assert!(m.starts_with("`aspect_ratio`: \"7:5\" is not an aspect ratio; use auto, 1:1"), "{m}");
        let m = message(edit_args(serde_json::json!({"image": "a.png", "prompt": "p", "format": "bmp"})));
        assert!(m.contains("`format`") && m.contains("jpeg, png, webp"), "{m}");
        let m = message(edit_args(serde_json::json!({"image": "a.png", "prompt": "p", "encoding": "xml"})));
        assert!(m.contains("`encoding`") && m.contains("auto, multipart, json"), "{m}");
        let m = message(edit_args(serde_json::json!({"image": "-", "prompt": "p"})));
        assert!(m.contains("standard input carries the protocol"), "{m}");
        let m = message(edit_args(serde_json::json!({"image": "ftp://x/a.png", "prompt": "p"})));
        assert!(m.contains("not ftp"), "{m}");
        let m = message(edit_args(serde_json::json!({"image": "a.png", "prompt": "p", "output": "-"})));
        assert!(m.contains("`output` cannot be -"), "{m}");
        let m = message(edit_args(serde_json::json!({"image": "a.png", "prompt": "p", "model": " "})));
        assert!(m.contains("`model` is empty"), "{m}");
        let dir = tempfile::tempdir().unwrap();
        let m = message(edit_args(serde_json::json!({"image": dir.path(), "prompt": "p"})));
        assert!(m.contains("is a folder"), "{m}");
    }

    #[test]
    fn multi_edit_keeps_the_order_and_the_quality() {
        let a: MultiEditImageArgs = serde_json::from_value(serde_json::json!({
            "images": ["base.png", "https://x.example/mask.png"], "prompt": "p", "quality": "high"
        }))
        .unwrap();
        let m = multi_edit(a, &McpDefaults::default()).unwrap();
        let Op::Multi { layers, quality, .. } = &m.op else { panic!("{m:?}") };
        assert_eq!(m.image, Input::File { path: "base.png".into(), relative: None });
        assert_eq!(*layers, [Input::Url("https://x.example/mask.png".into())]);
        assert_eq!(*quality, Some(Quality::High));
        let none: MultiEditImageArgs =
            serde_json::from_value(serde_json::json!({"images": [], "prompt": "p"})).unwrap();
        assert!(
            matches!(multi_edit(none, &McpDefaults::default()), Err(ToolError::Arguments(m)) if m.contains("`images` is empty"))
        );
    }

    #[test]
    fn remove_background_writes_nobg_png() {
        let a: RemoveBackgroundArgs = serde_json::from_value(serde_json::json!({"image": "p.jpg"})).unwrap();
        let m = remove_background(a, &McpDefaults::default()).unwrap();
        assert_eq!((m.op.suffix(), m.op.extension()), ("nobg", "png"));
    }
}
