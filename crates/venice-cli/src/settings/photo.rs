//! `edit`'s photo flags: `--keep-size` (the result at the input's pixel
//! size) and `--mask` (the edit confined to a mask, with its convention and
//! feather). Parsed by clap; the pixel work is the call core's
//! (`engine::photo`).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

/// What a mask's pixels mean.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum MaskConvention {
    /// White (light) is edited, black is kept.
    #[default]
    White,
    /// Black (dark) is edited, white is kept.
    Black,
    /// Transparent is edited, opaque is kept (OpenAI's convention).
    Alpha,
}

impl MaskConvention {
    /// The convention from its name (`white`, `black`, `alpha`).
    pub fn parse(name: &str) -> Option<Self> {
        Self::from_str(name, true).ok()
    }
}

/// `--keep-size`, `--mask`, `--mask-convention`, `--feather`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Args)]
pub struct PhotoEdit {
    /// Resize the result back to the input's pixel size (Lanczos3) instead
    /// of the model's size tier.
    #[arg(long)]
    pub keep_size: bool,
    /// Confine the edit to a mask (an image; see --mask-convention): the
    /// result is the input outside it, pixel for pixel, at the input's size.
    #[arg(long, value_name = "PATH")]
    pub mask: Option<PathBuf>,
    /// What the mask's pixels mean: white = edit here (the default), black
    /// = edit here, or alpha = transparent is edited.
    #[arg(long, value_enum, value_name = "HOW", default_value_t, requires = "mask")]
    pub mask_convention: MaskConvention,
    /// Blend the edit into the original over N pixels outside the mask's edge.
    #[arg(long, value_name = "N", default_value_t = 4, requires = "mask",
          value_parser = clap::value_parser!(u32).range(0..=256))]
    pub feather: u32,
}

impl PhotoEdit {
    /// Whether anything is asked.
    pub fn is_set(&self) -> bool {
        self.keep_size || self.mask.is_some()
    }
}
