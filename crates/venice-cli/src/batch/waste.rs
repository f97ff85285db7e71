//! A pipeline step whose result is larger than what the next step gives
//! back is paid for and lost: an upscale before an edit (an edit model
//! answers at its resolution tier, 1K being 1024 px on the long side,
//! whatever it is sent). The planner says so before anything is sent,
//! from the catalogue (the edit model's tier) and the input's size.

use std::path::Path;

use venice_image::DEFAULT_MODEL;

use crate::batch::chain::Chain;
use crate::batch::inputs::Input;
use crate::batch::recipe::RecipeStep;
use crate::engine::{Core, Op};

/// The long side, in pixels, of a resolution tier (`1K` 1024, `2K` 2048,
/// `4K` 4096); none for a tier not named that way.
fn tier_long_side(tier: &str) -> Option<u32> {
    let n: u32 = tier.strip_suffix(['K', 'k'])?.parse().ok()?;
    n.checked_mul(1024)
}

/// The tier an edit step answers at: its `--resolution`, else its model's
/// default from the catalogue.
async fn edit_tier(core: &Core, op: &Op) -> Option<String> {
    let (Op::Edit { options, .. } | Op::Multi { options, .. }) = op else { return None };
    if let Some(r) = &options.resolution {
        return Some(r.clone());
    }
    let catalogue = core.client.models().await.ok()?;
    let model = options.model.as_deref().unwrap_or(DEFAULT_MODEL);
    catalogue.get(model).map(|m| m.constraints.default_resolution().to_owned())
}

/// An image file's size, from its header.
fn size_of(path: &Path) -> Option<(u32, u32)> {
    let file = std::fs::File::open(path).ok()?;
    let info = venice_image::probe::probe(std::io::BufReader::new(file)).ok()?;
    Some((info.width, info.height))
}

/// The size of each step's result for an input of `size`, as far as it
/// can be told before sending: a removal keeps the size, an upscale
/// multiplies it, an edit's is its own (unknown here, and so are those
/// after it).
fn sizes(steps: &[RecipeStep], size: (u32, u32)) -> Vec<Option<(u32, u32)>> {
    let mut current = Some(size);
    steps
        .iter()
        .map(|s| {
            current = match (&s.op, current) {
                (Op::RemoveBg, c) => c,
                (Op::Upscale { scale, .. }, Some((w, h))) => {
                    let k = scale.unwrap_or_default().factor();
                    Some((w.saturating_mul(k), h.saturating_mul(k)))
                }
                _ => None,
            };
            current
        })
        .collect()
}

/// Warns, once per pair of steps, when a step's result is larger than
/// what the next step returns (an upscale fed to an edit).
pub async fn warn(core: &Core, chains: &[Chain], steps: &[RecipeStep]) {
    for n in 1..steps.len() {
        if !matches!(steps[n - 1].op, Op::Upscale { .. }) {
            continue;
        }
        let Some(tier) = edit_tier(core, &steps[n].op).await else { continue };
        let Some(long) = tier_long_side(&tier) else { continue };
        let first = chains.iter().filter(|c| !c.finished).find_map(|c| match &c.input {
            Input::File { path, .. } => size_of(path).map(|s| (c.input.label(), s)),
            _ => None,
        });
        let Some((label, size)) = first else { continue };
        let Some((w, h)) = sizes(steps, size)[n - 1] else { continue };
        if w.max(h) > long {
            core.ui.warn(&format!(
                "step {} ({}) makes {w}x{h} of {label}, but step {} ({}) answers at {tier}, at most {long} px \
                 on the long side: the upscale is paid for and lost; put it after the {} step",
                n,
                steps[n - 1].text,
                n + 1,
                steps[n].text,
                steps[n].op.name()
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_name_their_long_side() {
        assert_eq!(tier_long_side("1K"), Some(1024));
        assert_eq!(tier_long_side("4K"), Some(4096));
        assert_eq!(tier_long_side("hd"), None);
    }
}
