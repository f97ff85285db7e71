//! The output's format follows `-o`'s extension: `out.jpg` is a JPEG.
//! Edits ask the service for that format (`output_format`); remove-bg and
//! upscale, which answer PNG, are converted here (the cut-out's finishing).
//! An extension that disagrees with `--format` is refused, before anything
//! is read or sent; so is a cut-out to JPEG without `--background`.

use std::path::Path;

use venice_image::{EditOptions, OutputFormat};

use crate::settings::cutout::{CutFormat, CutOut};

/// Why `-o`'s extension and the other flags disagree.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExtensionError {
    #[error(
        "-o {path} asks for {wanted} by its extension, but --format is {given}; drop --format or change the extension"
    )]
    Disagrees { path: String, wanted: &'static str, given: &'static str },
    #[error(
        "-o {0} is a JPEG, which has no transparency: give --background COLOUR|IMAGE (or --mask-only), or write a .png or .webp"
    )]
    NeedsBackground(String),
}

/// The format `-o`'s extension names (`jpg`, `jpeg`, `png`, `webp`, any
/// case); none for standard output, no extension or another one.
fn named(output: Option<&Path>) -> Option<CutFormat> {
    let ext = output.filter(|p| p.as_os_str() != "-")?.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "jpg" | "jpeg" => Some(CutFormat::Jpeg),
        "png" => Some(CutFormat::Png),
        "webp" => Some(CutFormat::Webp),
        _ => None,
    }
}

fn word(f: CutFormat) -> &'static str {
    match f {
        CutFormat::Jpeg => "jpeg",
        CutFormat::Png => "png",
        CutFormat::Webp => "webp",
    }
}

fn disagrees(output: Option<&Path>, wanted: CutFormat, given: CutFormat) -> ExtensionError {
    let path = output.map(|p| p.display().to_string()).unwrap_or_default();
    ExtensionError::Disagrees { path, wanted: word(wanted), given: word(given) }
}

/// An edit's `output_format` from `-o`'s extension; a `--format` that
/// disagrees is refused.
pub fn for_edit(output: Option<&Path>, options: &mut EditOptions) -> Result<(), ExtensionError> {
    let Some(wanted) = named(output) else { return Ok(()) };
    let asked = match wanted {
        CutFormat::Jpeg => OutputFormat::Jpeg,
        CutFormat::Png => OutputFormat::Png,
        CutFormat::Webp => OutputFormat::Webp,
    };
    match options.output_format {
        Some(given) if given != asked => {
            let given = match given {
                OutputFormat::Jpeg => CutFormat::Jpeg,
                OutputFormat::Webp => CutFormat::Webp,
                _ => CutFormat::Png,
            };
            Err(disagrees(output, wanted, given))
        }
        _ => {
            options.output_format = Some(asked);
            Ok(())
        }
    }
}

/// A cut-out's format from `-o`'s extension; a `--format` that disagrees
/// is refused (a JPEG without `--background` is refused by the cut-out's
/// own check).
pub fn for_cutout(output: Option<&Path>, cutout: &mut CutOut) -> Result<(), ExtensionError> {
    let Some(wanted) = named(output) else { return Ok(()) };
    match cutout.format {
        Some(given) if given != wanted => Err(disagrees(output, wanted, given)),
        _ if wanted == CutFormat::Jpeg && cutout.background.is_none() && !cutout.mask_only => {
            Err(ExtensionError::NeedsBackground(output.map(|p| p.display().to_string()).unwrap_or_default()))
        }
        _ => {
            cutout.format = Some(wanted);
            Ok(())
        }
    }
}

/// An upscale's conversion: the answer is a PNG; another extension is
/// converted here (the metadata handled as for any output).
pub fn for_upscale(output: Option<&Path>) -> Option<CutOut> {
    named(output).filter(|f| *f != CutFormat::Png).map(|f| CutOut { format: Some(f), ..CutOut::default() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_names_the_format_and_a_disagreeing_flag_is_refused() {
        let mut o = EditOptions::default();
        for_edit(Some(Path::new("a/out.JPG")), &mut o).unwrap();
        assert_eq!(o.output_format, Some(OutputFormat::Jpeg));
        let mut o = EditOptions::default();
        o.output_format = Some(OutputFormat::Webp);
        assert!(for_edit(Some(Path::new("out.jpg")), &mut o).is_err());
        let mut o = EditOptions::default();
        for_edit(Some(Path::new("-")), &mut o).unwrap();
        for_edit(Some(Path::new("out.bin")), &mut o).unwrap();
        assert_eq!(o.output_format, None, "no format named");
        let mut c = CutOut { format: Some(CutFormat::Png), ..CutOut::default() };
        assert!(for_cutout(Some(Path::new("x.webp")), &mut c).is_err());
        assert_eq!(for_upscale(Some(Path::new("x.png"))), None);
        assert_eq!(for_upscale(Some(Path::new("x.webp"))).and_then(|c| c.format), Some(CutFormat::Webp));
    }
}
