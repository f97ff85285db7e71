//! The options a request takes, defined once: each is a field here, with
//! readable names for its values, and (with the `clap` feature) the
//! command-line flag that sets it. The CLI flattens these structs, so a new
//! option is added here and in the spec, nowhere else.

use std::fmt;
use std::str::FromStr;

use venice_raw::types;

/// A value that is not one of an option's names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not {what}; use {}", expected.join(", "))]
pub struct UnknownValue {
    /// The value given.
    pub value: String,
    /// What was expected (`an aspect ratio`).
    pub what: &'static str,
    /// The accepted names.
    pub expected: &'static [&'static str],
}

/// An option whose values are a fixed list of names: one enum, its wire
/// names, parsing with the list in the error, `Display`, serde, the
/// generated wire type and (with `clap`) the possible values in `--help`.
macro_rules! named_values {
    (
        $(#[$meta:meta])* $name:ident, $what:literal, $wire:ty;
        $($(#[$vmeta:meta])* $variant:ident = $text:literal $(| $alias:literal)* => $wire_variant:ident,)+
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every value, in the order the API lists them.
            pub const ALL: &'static [Self] = &[$(Self::$variant,)+];
            const NAMES: &'static [&'static str] = &[$($text,)+];

            /// The name the API uses.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)+
                }
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;
            fn from_str(s: &str) -> Result<Self, UnknownValue> {
                match s.trim() {
                    $($text $(| $alias)* => Ok(Self::$variant),)+
                    other => Err(UnknownValue { value: other.to_owned(), what: $what, expected: Self::NAMES }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl From<$name> for $wire {
            fn from(v: $name) -> Self {
                match v {
                    $($name::$variant => <$wire>::$wire_variant,)+
                }
            }
        }

        #[cfg(feature = "clap")]
        impl clap::ValueEnum for $name {
            fn value_variants<'a>() -> &'a [Self] {
                Self::ALL
            }
            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                let value = clap::builder::PossibleValue::new(self.as_str());
                Some(match self {
                    $(Self::$variant => value $(.alias($alias))*,)+
                })
            }
        }
    };
}

named_values! {
    /// The shape of the output, where the model lets you choose one.
    AspectRatio, "an aspect ratio", types::AspectRatio;
    /// The model decides (it usually keeps the input's shape).
    Auto = "auto" => Auto,
    /// 1:1.
    Square = "1:1" => X11,
    /// 3:2 landscape.
    Landscape3x2 = "3:2" => X32,
    /// 16:9 landscape.
    Landscape16x9 = "16:9" => X169,
    /// 21:9 ultra-wide.
    Ultrawide21x9 = "21:9" => X219,
    /// 9:16 portrait.
    Portrait9x16 = "9:16" => X916,
    /// 2:3 portrait.
    Portrait2x3 = "2:3" => X23,
    /// 3:4 portrait.
    Portrait3x4 = "3:4" => X34,
    /// 4:5 portrait.
    Portrait4x5 = "4:5" => X45,
}

named_values! {
    /// The encoding of the answer.
    OutputFormat, "an output format", types::OutputFormat;
    /// JPEG.
    Jpeg = "jpeg" | "jpg" => Jpeg,
    /// PNG.
    Png = "png" => Png,
    /// WebP.
    Webp = "webp" => Webp,
}

named_values! {
    /// Output quality, for models that list qualities (multi-edit).
    Quality, "a quality", types::Quality;
    /// Low: cheapest.
    Low = "low" => Low,
    /// Medium.
    Medium = "medium" => Medium,
    /// High: dearest.
    High = "high" => High,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Encoding {
    /// Multipart for local images (streamed from disk), JSON when any input
    /// is a URL. The default.
    #[default]
    Auto,
    /// `multipart/form-data`: local images only, streamed from disk.
    Multipart,
    /// JSON with base64 images (streamed) and URLs.
    Json,
}

impl FromStr for Encoding {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(Self::Auto),
            "multipart" => Ok(Self::Multipart),
            "json" => Ok(Self::Json),
            _ => Err(UnknownValue {
                value: s.to_owned(),
                what: "an encoding",
                expected: &["auto", "multipart", "json"],
            }),
        }
    }
}

/// How the inputs of any operation are sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
#[non_exhaustive]
pub struct UploadOptions {
    /// Body encoding.
    #[cfg_attr(feature = "clap", arg(long, value_enum, default_value_t = Encoding::Auto))]
    pub encoding: Encoding,
    /// Downscale images over the pixel or size limit (and turn them upright)
    /// instead of refusing them; each change is reported.
    #[cfg_attr(feature = "clap", arg(long))]
    pub fit: bool,
    /// Send each image with its metadata (EXIF with its GPS position, XMP,
    /// IPTC, comments). By default these are removed from the bytes sent,
    /// losslessly: the pixels and the ICC colour profile go as they are.
    #[cfg_attr(feature = "clap", arg(long))]
    pub keep_metadata_in_upload: bool,
}

/// The options of edit and multi-edit. Each is left out of the request when
/// unset, so that the service applies its own default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
#[non_exhaustive]
pub struct EditOptions {
    /// The edit model (`venice models` lists them); the service's default
    /// when unset.
    #[cfg_attr(feature = "clap", arg(short, long, value_name = "ID"))]
    pub model: Option<String>,
    /// Output shape, as the model allows.
    #[cfg_attr(feature = "clap", arg(long, value_name = "R"))]
    pub aspect_ratio: Option<AspectRatio>,
    /// Resolution tier (`1K`, `2K`, `4K`), as the model allows.
    #[cfg_attr(feature = "clap", arg(long, value_name = "R"))]
    pub resolution: Option<String>,
    /// Output encoding; the service picks PNG at 1K and JPEG above when unset.
    #[cfg_attr(feature = "clap", arg(long = "format", value_name = "FORMAT"))]
    pub output_format: Option<OutputFormat>,
    /// Whether to blur adult content (the service's default is on).
    #[cfg_attr(
        feature = "clap",
        arg(
            long = "no-safe-mode",
            help = "Do not blur adult content",
            num_args = 0,
            default_missing_value = "false"
        )
    )]
    pub safe_mode: Option<bool>,
    /// Let the service rewrite the prompt first: charged extra, up to ~30 s
    /// slower.
    #[cfg_attr(feature = "clap", arg(long, num_args = 0, default_missing_value = "true"))]
    pub enhance_prompt: Option<bool>,
    /// Skip the model's prompt-optimisation reasoning step, where it has one
    /// (faster).
    #[cfg_attr(
        feature = "clap",
        arg(
            long = "no-thinking",
            alias = "disable-prompt-optimization-thinking",
            num_args = 0,
            default_missing_value = "true"
        )
    )]
    pub disable_prompt_optimization_thinking: Option<bool>,
}

impl EditOptions {
    /// The extension the answer most likely has: the asked format, else what
    /// the service picks (PNG at 1K, JPEG above). The real one comes from the
    /// answer's bytes.
    pub fn expected_extension(&self) -> &'static str {
        match self.output_format {
            Some(OutputFormat::Jpeg) => "jpg",
            Some(OutputFormat::Webp) => "webp",
            Some(OutputFormat::Png) => "png",
            None if matches!(self.resolution.as_deref(), Some("2K" | "4K")) => "jpg",
            None => "png",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_errors_list_the_values() {
        for r in AspectRatio::ALL {
            assert_eq!(r.as_str().parse::<AspectRatio>().unwrap(), *r);
            assert_eq!(types::AspectRatio::from(*r).to_string(), r.as_str(), "the wire name agrees");
        }
        assert_eq!("16:9".parse::<AspectRatio>().unwrap(), AspectRatio::Landscape16x9);
        let e = "7:5".parse::<AspectRatio>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "\"7:5\" is not an aspect ratio; use auto, 1:1, 3:2, 16:9, 21:9, 9:16, 2:3, 3:4, 4:5"
        );
        assert_eq!("jpg".parse::<OutputFormat>().unwrap(), OutputFormat::Jpeg);
        for q in Quality::ALL {
            assert_eq!(types::Quality::from(*q).to_string(), q.as_str());
        }
        for f in OutputFormat::ALL {
            assert_eq!(types::OutputFormat::from(*f).to_string(), f.as_str());
        }
        assert!("xml".parse::<Encoding>().unwrap_err().to_string().contains("auto, multipart, json"));
    }

    #[test]
    fn the_expected_extension_follows_format_then_tier() {
        let mut o = EditOptions::default();
        assert_eq!(o.expected_extension(), "png");
        o.resolution = Some("2K".into());
        assert_eq!(o.expected_extension(), "jpg");
        o.output_format = Some(OutputFormat::Webp);
        assert_eq!(o.expected_extension(), "webp");
    }
}
