//! `remove-bg`'s finishing flags as values: a background (a colour or an
//! image), an output format, a margin around the subject. Parsed by clap;
//! the pixel work is the call core's (`engine::cutout`).

use std::path::PathBuf;
use std::str::FromStr;

use clap::Args;

/// What the cut-out is flattened onto.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Background {
    /// An RGB colour.
    Colour([u8; 3]),
    /// An image, scaled to cover the cut-out.
    Image(PathBuf),
}

impl FromStr for Background {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let named = match s.to_ascii_lowercase().as_str() {
            "white" => Some([255, 255, 255]),
            "black" => Some([0, 0, 0]),
            "grey" | "gray" => Some([128, 128, 128]),
            "red" => Some([255, 0, 0]),
            "green" => Some([0, 128, 0]),
            "blue" => Some([0, 0, 255]),
            _ => None,
        };
        if let Some(rgb) = named {
            return Ok(Self::Colour(rgb));
        }
        let hex = s.strip_prefix('#').unwrap_or(s);
        if hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
            return Ok(Self::Colour([byte(0), byte(2), byte(4)]));
        }
        if s.starts_with('#') {
            return Err(format!(
                "{s:?} is not a colour: use #rrggbb or a name (white, black, grey, red, green, blue)"
            ));
        }
        Ok(Self::Image(PathBuf::from(s)))
    }
}

/// Space kept around the subject when cropping.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Margin {
    /// A share of the subject's larger side.
    Percent(f32),
    /// Pixels.
    Px(u32),
}

impl Default for Margin {
    fn default() -> Self {
        Self::Px(0)
    }
}

impl FromStr for Margin {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("{s:?} is not a margin: use N% (of the subject's larger side) or Npx");
        if let Some(p) = s.strip_suffix('%') {
            let v: f32 = p.trim().parse().map_err(|_| bad())?;
            return if v.is_finite() && (0.0..=100.0).contains(&v) {
                Ok(Self::Percent(v))
            } else {
                Err(bad())
            };
        }
        let px = s.strip_suffix("px").unwrap_or(s);
        px.trim().parse().map(Self::Px).map_err(|_| bad())
    }
}

/// The format a finished cut-out is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CutFormat {
    Png,
    Webp,
    #[value(alias = "jpg")]
    Jpeg,
}

/// `remove-bg`'s finishing: local pixel work on the service's answer, no
/// extra request.
#[derive(Debug, Clone, Default, PartialEq, Args)]
pub struct CutOut {
    /// Flatten the cut-out onto a colour (white, #rrggbb) or an image (a path).
    #[arg(long, value_name = "COLOUR|IMAGE")]
    pub background: Option<Background>,
    /// The output format [default: png]; jpeg needs --background (or --mask-only).
    #[arg(long = "format", value_enum, value_name = "FORMAT")]
    pub format: Option<CutFormat>,
    /// Crop to the subject (the box of its opaque pixels).
    #[arg(long)]
    pub crop_to_subject: bool,
    /// Space kept around the subject with --crop-to-subject: N% or Npx.
    #[arg(long, value_name = "N%|Npx", requires = "crop_to_subject")]
    pub margin: Option<Margin>,
    /// Write the mask (the alpha as greyscale) instead of the cut-out.
    #[arg(long, conflicts_with = "background")]
    pub mask_only: bool,
}

impl CutOut {
    /// Whether any finishing is asked for.
    pub fn is_set(&self) -> bool {
        self.background.is_some() || self.format.is_some() || self.crop_to_subject || self.mask_only
    }

    /// What is wrong with the combination, found before anything is sent.
    pub fn check(&self) -> Result<(), String> {
        if self.format == Some(CutFormat::Jpeg) && self.background.is_none() && !self.mask_only {
            return Err(
                "--format jpeg has no transparency: give --background COLOUR|IMAGE (or --mask-only)".into()
            );
        }
        if let Some(Background::Image(path)) = &self.background {
            image::ImageReader::open(path)
                .and_then(|r| r.with_guessed_format())
                .map_err(|e| format!("--background {}: {e}", path.display()))?
                .into_dimensions()
                .map_err(|e| format!("--background {} is not an image this can read: {e}", path.display()))?;
        }
        Ok(())
    }

    /// The extension of the finished file.
    pub fn extension(&self) -> &'static str {
        match self.format {
            Some(CutFormat::Jpeg) => "jpg",
            Some(CutFormat::Webp) => "webp",
            Some(CutFormat::Png) | None => "png",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_parse_by_kind() {
        assert_eq!("white".parse::<Background>().unwrap(), Background::Colour([255; 3]));
        assert_eq!("#102030".parse::<Background>().unwrap(), Background::Colour([16, 32, 48]));
        assert_eq!("sky.jpg".parse::<Background>().unwrap(), Background::Image("sky.jpg".into()));
        assert!("#12".parse::<Background>().is_err());
        assert_eq!("5%".parse::<Margin>().unwrap(), Margin::Percent(5.0));
        assert_eq!("12px".parse::<Margin>().unwrap(), Margin::Px(12));
        assert_eq!("12".parse::<Margin>().unwrap(), Margin::Px(12));
        assert!("-3%".parse::<Margin>().is_err() && "NaN%".parse::<Margin>().is_err());
        let jpeg = CutOut { format: Some(CutFormat::Jpeg), ..Default::default() };
        assert!(jpeg.check().is_err());
    }
}
