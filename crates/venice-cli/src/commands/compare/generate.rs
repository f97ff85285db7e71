//! `venice compare --generate`: each generation model draws the prompt
//! with the same seed (the asked one, else one chosen for the whole
//! comparison) and the same options (`--aspect-ratio`, `--resolution`,
//! `--format`, `--safe-mode`, `--enhance-prompt`), so that the pictures
//! differ by their model only.

use venice_image::GenerateRequest;

use crate::engine::Op;
use crate::settings::flags::CompareArgs;

/// The seed every model draws with.
pub fn seed(args: &CompareArgs) -> i64 {
    crate::batch::prompts::seed_for(args.seed, &args.prompt, 0)
}

/// The generation of `model`.
pub fn op(args: &CompareArgs, model: &str, seed: i64) -> Op {
    let o = &args.options;
    let mut r = GenerateRequest::new(args.prompt.clone()).model(model).seed(seed);
    if let Some(ratio) = o.aspect_ratio {
        r = r.aspect_ratio(ratio.to_string());
    }
    if let Some(tier) = &o.resolution {
        r = r.resolution(tier.clone());
    }
    if let Some(format) = o.output_format {
        r = r.format(format);
    }
    if let Some(safe) = o.safe_mode {
        r = r.safe_mode(safe);
    }
    if let Some(enhance) = o.enhance_prompt {
        r = r.enhance_prompt(enhance);
    }
    Op::Generate { request: Box::new(r) }
}
