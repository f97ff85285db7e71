//! Output names that are safe on every file system the outputs may land
//! on: stems from an allow-list of characters, Windows' reserved device
//! names refused, and a comparison key (case-folded, NFC) under which two
//! names that macOS, Windows or exFAT would take for one collide.

use std::path::Path;

/// Characters kept in a stem besides letters and digits; anything else
/// (path separators, `:`, `*`, `?`, quotes, control characters...) becomes `_`.
const ALLOWED: &[char] = &[' ', '-', '_', '.', ',', '+', '(', ')', '[', ']', '@', '=', '~', '#', '&', '\''];

/// Device names Windows reserves, with any extension.
const RESERVED: &[&str] = &["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"];

/// The suffixes of the names this tool writes (`photo.<suffix>.png`).
pub const OUTPUT_SUFFIXES: &[&str] = &["edited", "nobg", "upscaled"];

/// Whether `path` is named as this tool names its outputs.
pub fn is_own_output(path: &Path) -> bool {
    let Some(stem) = path.file_stem().map(|s| s.to_string_lossy().into_owned()) else { return false };
    OUTPUT_SUFFIXES.iter().any(|suffix| stem.strip_suffix(suffix).is_some_and(|rest| rest.ends_with('.')))
}

/// A stem made only of allowed characters, without leading or trailing dots
/// and spaces (Windows drops those); `image` when nothing is left.
pub fn safe_stem(raw: &str) -> String {
    // Composed first, so that an accent written as a combining mark stays
    // an accent rather than becoming `_`.
    let raw = icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(raw);
    let mapped: String =
        raw.chars().map(|c| if c.is_alphanumeric() || ALLOWED.contains(&c) { c } else { '_' }).collect();
    let trimmed = mapped.trim_matches(|c| c == '.' || c == ' ');
    if trimmed.is_empty() || trimmed.chars().all(|c| c == '.') {
        "image".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Whether Windows reserves `name` (its part before the first dot): `CON`,
/// `nul.png`, `COM1.edited.png`, ...
pub fn is_reserved(name: &str) -> bool {
    let base = name.split('.').next().unwrap_or_default().trim_end().to_ascii_uppercase();
    if RESERVED.contains(&base.as_str()) {
        return true;
    }
    match base.strip_prefix("COM").or_else(|| base.strip_prefix("LPT")) {
        Some(n) => matches!(n, "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"),
        None => false,
    }
}

/// The key under which two paths name the same file on a file system that
/// ignores case or normalises Unicode.
pub fn collision_key(path: &Path) -> String {
    let text = path.to_string_lossy();
    let nfc = icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(&text);
    nfc.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_keep_letters_and_lose_what_file_systems_refuse() {
        assert_eq!(safe_stem("café (1)"), "café (1)");
        assert_eq!(safe_stem("D:holiday"), "D_holiday");
        assert_eq!(safe_stem("a/b\\c*d?e\"f<g>h|i"), "a_b_c_d_e_f_g_h_i");
        assert_eq!(safe_stem("..."), "image");
        assert_eq!(safe_stem(" .hidden. "), "hidden");
        assert_eq!(safe_stem("tab\there"), "tab_here");
        assert_eq!(safe_stem("cafe\u{301}"), "caf\u{e9}", "decomposed accents are composed, not dropped");
    }

    #[test]
    fn the_tools_own_outputs_are_known_by_name() {
        assert!(is_own_output(Path::new("shoot/a.edited.png")));
        assert!(is_own_output(Path::new("a.nobg.png")));
        assert!(is_own_output(Path::new("a.upscaled.jpg")));
        assert!(!is_own_output(Path::new("edited.png")), "a plain name is an input");
        assert!(!is_own_output(Path::new("a.png")));
    }

    #[test]
    fn windows_device_names_are_recognised_with_any_extension() {
        for name in ["CON", "nul.png", "Com1.edited.png", "lpt9", "aux .jpg", "COM²"] {
            assert!(is_reserved(name), "{name}");
        }
        for name in ["console.png", "com10.png", "null", "photo.con"] {
            assert!(!is_reserved(name), "{name}");
        }
    }

    #[test]
    fn names_differing_by_case_or_normalisation_collide() {
        assert_eq!(collision_key(Path::new("o/IMG_1.png")), collision_key(Path::new("o/img_1.png")));
        let nfc = Path::new("o/caf\u{e9}.png");
        let nfd = Path::new("o/cafe\u{301}.png");
        assert_ne!(nfc, nfd);
        assert_eq!(collision_key(nfc), collision_key(nfd));
        assert_ne!(collision_key(Path::new("a.png")), collision_key(Path::new("b.png")));
    }
}
