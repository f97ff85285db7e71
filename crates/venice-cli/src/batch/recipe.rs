//! A pipeline's recipe: steps in order, each an operation (`generate`,
//! first only and fed by `--prompts`; `edit`, `multi-edit`, `remove-bg`,
//! `upscale`) and that command's long flags as
//! keys, read from a TOML file a team can commit and review, or from
//! `--step 'upscale --scale 2'` on the command line. Each step is parsed by
//! the command's own clap definition, so its keys take the same values and
//! rules as the flags and the config file; an unknown op or key, or a bad
//! value, is an error naming the file, the line and the step, before
//! anything is sent. Run-level flags (`--out-dir`, `--jobs`, ...) belong to
//! the pipeline, not to a step.

use std::path::{Path, PathBuf};

use clap::{CommandFactory, Parser};
use sha2::{Digest, Sha256};
use toml::Spanned;
use toml::de::{DeTable, DeValue};
use venice_image::{UploadOptions, UpscaleRequest};

use crate::engine::{Input, Op};
use crate::settings::flags::{Cli, Command};

/// The operations a step may be.
pub const OPS: &[&str] = &["generate", "edit", "multi-edit", "remove-bg", "upscale"];

/// A generation step's keys that are the run's: its prompts come from
/// `--prompts`, one chain per prompt.
const GENERATE_RUN_LEVEL: &[&str] = &["prompt", "prompts", "variants", "watch"];

/// Flags that are the pipeline's, not a step's.
const RUN_LEVEL: &[&str] =
    &["output", "out-dir", "force", "recursive", "jobs", "report", "max-cost", "gallery", "watch", "help"];

/// One step, ready to run on any input.
#[derive(Debug, Clone, PartialEq)]
pub struct RecipeStep {
    pub op: Op,
    pub upload: UploadOptions,
    /// The step as written (`upscale --scale 2`), for people.
    pub text: String,
    /// What identifies the step's result: its op, its options and the
    /// contents of its layers. A changed step re-runs, with those after it.
    pub identity: [u8; 32],
}

/// Why a recipe cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{origin}{}: {message}", .line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct RecipeError {
    /// The recipe file, or `--step N`.
    pub origin: String,
    pub line: Option<usize>,
    pub message: String,
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes().iter().take(offset).filter(|&&b| b == b'\n').count() + 1
}

/// Reads a recipe file.
pub fn from_file(path: &Path) -> Result<Vec<RecipeStep>, RecipeError> {
    let origin = path.display().to_string();
    let error = |line, message: String| RecipeError { origin: origin.clone(), line, message };
    let text =
        std::fs::read_to_string(path).map_err(|e| error(None, format!("cannot read the recipe: {e}")))?;
    let doc = DeTable::parse(&text).map_err(|e| {
        let line = e.span().map(|s| line_of(&text, s.start));
        error(line, e.message().trim().to_owned())
    })?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut steps = Vec::new();
    for (key, value) in doc.get_ref() {
        let at = Some(line_of(&text, key.span().start));
        if key.get_ref() != "step" {
            return Err(error(
                at,
                format!("unknown key {}; a recipe is a list of [[step]] tables", key.get_ref()),
            ));
        }
        let Some(list) = value.get_ref().as_array() else {
            return Err(error(at, "step must be a list of [[step]] tables".into()));
        };
        for (i, table) in list.iter().enumerate() {
            let n = i + 1;
            let at = Some(line_of(&text, table.span().start));
            let Some(table) = table.get_ref().as_table() else {
                return Err(error(at, format!("step {n} is not a table of options")));
            };
            let mut entries = Vec::new();
            for (k, v) in table {
                let line = line_of(&text, k.span().start);
                let value = toml_value(v)
                    .map_err(|why| error(Some(line), format!("step {n}: {}: {why}", k.get_ref())))?;
                entries.push((k.get_ref().to_string(), value, Some(line)));
            }
            let step = build(n, entries, dir).map_err(|(line, message)| error(line.or(at), message))?;
            steps.push(step);
        }
    }
    if steps.is_empty() {
        return Err(error(None, "the recipe has no [[step]]".into()));
    }
    Ok(steps)
}

/// A value as it would follow its flag.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Flag(bool),
    Text(String),
    List(Vec<String>),
}

fn toml_value(v: &Spanned<DeValue<'_>>) -> Result<Value, String> {
    match v.get_ref() {
        DeValue::Boolean(b) => Ok(Value::Flag(*b)),
        DeValue::String(s) => Ok(Value::Text(s.to_string())),
        DeValue::Integer(n) if n.radix() == 10 => Ok(Value::Text(n.as_str().replace('_', ""))),
        DeValue::Float(f) => Ok(Value::Text(f.as_str().replace('_', ""))),
        DeValue::Array(items) => items
            .iter()
            .map(|i| {
                i.get_ref().as_str().map(str::to_owned).ok_or_else(|| "a list of paths (strings)".to_owned())
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Value::List),
        other => Err(format!("takes a string, a number or true/false, not {}", other.type_str())),
    }
}

/// Reads `--step` texts (`remove-bg`, `upscale --scale 2`).
pub fn from_flags(texts: &[String]) -> Result<Vec<RecipeStep>, RecipeError> {
    let mut steps = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let n = i + 1;
        let error = |message: String| RecipeError { origin: format!("--step {n}"), line: None, message };
        let words = split(text).map_err(error)?;
        let mut words = words.into_iter();
        let Some(op) = words.next() else { return Err(error("an empty step".into())) };
        let mut entries = vec![("op".to_owned(), Value::Text(op), None)];
        let mut rest = words.peekable();
        while let Some(word) = rest.next() {
            let Some(key) = word.strip_prefix("--") else {
                return Err(error(format!("{word:?}: give options as --name value")));
            };
            let value = match rest.peek() {
                Some(next) if !next.starts_with("--") => Value::Text(rest.next().unwrap_or_default()),
                _ => Value::Flag(true),
            };
            entries.push((key.to_owned(), value, None));
        }
        steps.push(build(n, entries, Path::new(".")).map_err(|(_, m)| error(m))?);
    }
    if steps.is_empty() {
        return Err(RecipeError {
            origin: "the command line".into(),
            line: None,
            message: "no --step".into(),
        });
    }
    Ok(steps)
}

/// Reads steps given as JSON objects (`{"op": "upscale", "scale": 2}`), as
/// `venice mcp`'s `run_pipeline` takes them: the same keys as a recipe
/// file; layers relative to `dir`.
pub fn from_json(
    steps: &[serde_json::Map<String, serde_json::Value>],
    dir: &Path,
) -> Result<Vec<RecipeStep>, RecipeError> {
    let mut out = Vec::new();
    for (i, table) in steps.iter().enumerate() {
        let n = i + 1;
        let error = |message: String| RecipeError { origin: format!("steps[{i}]"), line: None, message };
        let mut entries = Vec::new();
        for (key, value) in table {
            let value = match value {
                serde_json::Value::Bool(b) => Value::Flag(*b),
                serde_json::Value::String(t) => Value::Text(t.clone()),
                serde_json::Value::Number(x) => Value::Text(x.to_string()),
                serde_json::Value::Array(items) => Value::List(
                    items
                        .iter()
                        .map(|v| v.as_str().map(str::to_owned))
                        .collect::<Option<Vec<_>>>()
                        .ok_or_else(|| error(format!("step {n}: {key}: a list of paths (strings)")))?,
                ),
                _ => return Err(error(format!("step {n}: {key}: a string, a number or true/false"))),
            };
            entries.push((key.clone(), value, None));
        }
        out.push(build(n, entries, dir).map_err(|(_, m)| error(m))?);
    }
    if out.is_empty() {
        return Err(RecipeError { origin: "steps".into(), line: None, message: "no steps".into() });
    }
    Ok(out)
}

/// Splits a step's text into words: spaces separate, quotes group.
fn split(text: &str) -> Result<Vec<String>, String> {
    let (mut words, mut word, mut quote, mut started) = (Vec::new(), String::new(), None, false);
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                started = true;
            }
            (None, c) if c.is_whitespace() => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            (None, c) => {
                word.push(c);
                started = true;
            }
        }
    }
    if quote.is_some() {
        return Err(format!("an unclosed quote in {text:?}"));
    }
    if started {
        words.push(word);
    }
    Ok(words)
}

/// The long flags a command takes, each with whether it takes a value
/// (`--scale 2`) or none (`--fit`).
fn flags_of(op: &str) -> Vec<(String, bool)> {
    Cli::command()
        .find_subcommand(op)
        .map(|c| {
            c.get_arguments()
                .filter_map(|a| a.get_long().map(|long| (long.to_owned(), takes_value(a))))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether a flag is followed by a value.
fn takes_value(arg: &clap::Arg) -> bool {
    arg.get_action().takes_values() && arg.get_num_args().is_none_or(|r| r.takes_values())
}

/// A value given to a flag that takes none: `true` gives the flag, `false`
/// leaves it out; anything else is refused, as clap would read it as an
/// image or a layer.
fn as_switch(value: Value) -> Result<Value, String> {
    match value {
        Value::Flag(b) => Ok(Value::Flag(b)),
        Value::Text(t) if t == "true" => Ok(Value::Flag(true)),
        Value::Text(t) if t == "false" => Ok(Value::Flag(false)),
        Value::Text(t) => Err(format!("takes no value: give true or false, not {t:?}")),
        Value::List(_) => Err("takes no value: give true or false, not a list".into()),
    }
}

/// After parsing, the step's images are exactly the one it is given (`-`,
/// replaced at run time by the previous result) and its layers exactly the
/// ones its `layers` key named (and that were confined): nothing else a
/// value could have slipped in.
fn only_given_files(command: &Command, layers: &[PathBuf]) -> Result<(), String> {
    let given: Vec<String> = layers.iter().map(|p| p.display().to_string()).collect();
    let images_ok = match command {
        Command::Edit(a) => a.images == ["-"],
        Command::RemoveBg(a) => a.images == ["-"],
        Command::Upscale(a) => a.images == ["-"],
        Command::MultiEdit(a) => a.base == "-" && a.layers == given,
        Command::Generate(a) => a.prompt.as_deref() == Some("-") && a.prompts.is_none(),
        _ => false,
    };
    if images_ok {
        Ok(())
    } else {
        Err("a value was read as an image or a layer; give layers only as `layers`".into())
    }
}

/// One step from its entries (`op` first or anywhere); errors carry the
/// line of the key at fault, when known.
fn build(
    n: usize,
    entries: Vec<(String, Value, Option<usize>)>,
    dir: &Path,
) -> Result<RecipeStep, (Option<usize>, String)> {
    let op_entry = entries.iter().find(|(k, _, _)| k == "op");
    let op = match op_entry {
        Some((_, Value::Text(op), _)) if OPS.contains(&op.as_str()) => op.clone(),
        Some((_, v, line)) => {
            return Err((*line, format!("step {n}: op {v:?} is not one of {}", OPS.join(", "))));
        }
        None => return Err((None, format!("step {n}: no op (one of {})", OPS.join(", ")))),
    };
    if op == "generate" && n != 1 {
        return Err((
            op_entry.and_then(|(_, _, line)| *line),
            format!("step {n} (generate): generate can only be the first step (it takes no image)"),
        ));
    }
    let flags = flags_of(&op);
    let mut argv: Vec<String> = step_argv(&op);
    let mut layers = Vec::new();
    let mut text = op.clone();
    let mut keyed: Vec<(String, String)> = Vec::new();
    for (key, value, line) in entries.into_iter().filter(|(k, _, _)| k != "op") {
        let fail = |why: String| (line, format!("step {n} ({op}): {key}: {why}"));
        if RUN_LEVEL.contains(&key.as_str()) {
            return Err(fail("is the pipeline's, not a step's: give it on the command line".into()));
        }
        if op == "generate" && GENERATE_RUN_LEVEL.contains(&key.as_str()) {
            return Err(fail(
                "is not a generate step's: the prompts come from `venice pipeline --prompts FILE`".into(),
            ));
        }
        if op == "multi-edit" && key == "layers" {
            let paths = match value {
                Value::List(p) => p,
                Value::Text(p) => vec![p],
                Value::Flag(_) => return Err(fail("takes a list of paths".into())),
            };
            for p in paths {
                let path = dir.join(&p);
                if !path.is_file() {
                    return Err(fail(format!(
                        "{} is not a file (paths are relative to the recipe)",
                        path.display()
                    )));
                }
                layers.push(path);
            }
            continue;
        }
        let Some(&(_, valued)) = flags.iter().find(|(long, _)| *long == key) else {
            return Err(fail(format!("{op} has no option --{key}")));
        };
        let value = if valued { value } else { as_switch(value).map_err(fail)? };
        let mut one = step_argv(&op);
        if op != "remove-bg" && op != "upscale" && op != "generate" && key != "prompt" {
            one.extend(["--prompt".into(), "x".into()]);
        }
        let words: Vec<String> = match &value {
            Value::Flag(true) => vec![format!("--{key}")],
            Value::Flag(false) => Vec::new(),
            Value::Text(v) => vec![format!("--{key}"), v.clone()],
            Value::List(_) => return Err(fail("takes one value, not a list".into())),
        };
        one.extend(words.iter().cloned());
        // Each key alone first, so that a bad value is pinned to its line.
        if let Err(e) = Cli::try_parse_from(&one) {
            return Err(fail(first_line(&e.to_string())));
        }
        keyed.push((key.clone(), words.join(" ")));
        argv.extend(words);
    }
    keyed.sort();
    for (_, words) in &keyed {
        if !words.is_empty() {
            text.push(' ');
            text.push_str(words);
        }
    }
    argv.extend(layers.iter().map(|p| p.display().to_string()));
    let cli = Cli::try_parse_from(&argv)
        .map_err(|e| (None, format!("step {n} ({op}): {}", first_line(&e.to_string()))))?;
    only_given_files(&cli.command, &layers).map_err(|m| (None, format!("step {n} ({op}): {m}")))?;
    let (op_value, upload) = op_of(cli.command).map_err(|m| (None, format!("step {n} ({op}): {m}")))?;
    let mut hash = Sha256::new();
    hash.update(text.as_bytes());
    for layer in &layers {
        let bytes =
            std::fs::read(layer).map_err(|e| (None, format!("step {n}: {}: {e}", layer.display())))?;
        hash.update(Sha256::digest(&bytes));
    }
    Ok(RecipeStep { op: op_value, upload, text, identity: hash.finalize().into() })
}

/// The words a step's options follow: its command and its image, `-`
/// (replaced at run time by the previous result), or for a generation a
/// stand-in prompt (each chain's own prompt replaces it).
fn step_argv(op: &str) -> Vec<String> {
    if op == "generate" {
        vec!["venice".into(), op.into(), "--prompt".into(), "-".into()]
    } else {
        vec!["venice".into(), op.into(), "-".into()]
    }
}

/// clap's message on one line, without its `error: ` label, its usage
/// line and its help hint.
fn first_line(message: &str) -> String {
    message
        .lines()
        .take_while(|l| !l.starts_with("Usage:"))
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("tip:"))
        .collect::<Vec<_>>()
        .join(" ")
        .trim_start_matches("error: ")
        .to_owned()
}

/// The step's operation and upload options, from the parsed command.
fn op_of(command: Command) -> Result<(Op, UploadOptions), String> {
    let out = match &command {
        Command::Edit(a) => Some(&a.out),
        Command::MultiEdit(a) => Some(&a.out),
        Command::RemoveBg(a) => Some(&a.out),
        Command::Generate(a) => Some(&a.out),
        Command::Upscale(a) => Some(&a.out),
        _ => None,
    };
    if out.is_some_and(|o| o.name.is_some()) {
        return Err("--name is not taken in a pipeline step: the pipeline names its outputs".into());
    }
    if out.is_some_and(|o| o.metadata != venice_image::metadata::MetadataOptions::default()) {
        return Err("--keep-gps, --strip-metadata and --no-provenance are not taken in a pipeline step: \
                    its output keeps the photo's metadata (never its location) and records every step"
            .into());
    }
    match command {
        // Finishing done around a single command's call is not done between
        // a chain's steps: refused, never silently dropped.
        Command::Edit(a) if a.photo.keep_size || a.photo.mask.is_some() => {
            Err("--keep-size and --mask are not taken in a pipeline step; run `venice edit` with them on \
             the pipeline's result"
                .into())
        }
        Command::Edit(a) => Ok((Op::Edit { prompt: a.prompt, options: Box::new(a.options) }, a.out.upload)),
        Command::MultiEdit(a) => {
            let layers = a
                .layers
                .into_iter()
                .map(|p| Input::File { path: PathBuf::from(p), relative: None })
                .collect();
            let op = Op::Multi { prompt: a.prompt, options: Box::new(a.options), quality: a.quality, layers };
            Ok((op, a.out.upload))
        }
        Command::RemoveBg(a) if a.cutout.is_set() => {
            Err("remove-bg's finishing (--background, --format, --crop-to-subject, --mask-only) is not \
             taken in a pipeline step; run `venice remove-bg` with it"
                .into())
        }
        Command::RemoveBg(a) => Ok((Op::RemoveBg, a.out.upload)),
        Command::Generate(a) => {
            let request = crate::batch::prompts::base_request(&a);
            Ok((Op::Generate { request: Box::new(request) }, a.out.upload))
        }
        Command::Upscale(a) => {
            UpscaleRequest::check_creativity(a.creativity).map_err(|e| e.to_string())?;
            Ok((Op::Upscale { scale: a.scale, creativity: a.creativity }, a.out.upload))
        }
        _ => Err("not an image operation".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recipe(text: &str) -> Result<Vec<RecipeStep>, RecipeError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("recipe.toml");
        std::fs::write(&path, text).unwrap();
        from_file(&path)
    }

    #[test]
    fn the_product_photo_recipe_reads() {
        let steps = recipe(
            "[[step]]\nop = \"remove-bg\"\n\n[[step]]\nop = \"upscale\"\nscale = 2\n\n[[step]]\nop = \"edit\"\n\
             prompt = \"place it on a warm studio backdrop\"\nmodel = \"qwen-image-2-edit\"\n",
        )
        .unwrap();
        assert_eq!(steps.len(), 3);
        assert_eq!(steps[0].op, Op::RemoveBg);
        assert!(matches!(steps[1].op, Op::Upscale { scale: Some(venice_image::Scale::X2), .. }));
        assert_eq!(steps[2].op.model(), Some("qwen-image-2-edit"));
        assert_eq!(steps[1].text, "upscale --scale 2");
    }

    #[test]
    fn mistakes_name_the_file_the_line_and_the_step() {
        let e = recipe("[[step]]\nop = \"upscale\"\n\n[[step]]\nop = \"upscale\"\nscael = 2\n").unwrap_err();
        assert_eq!(e.line, Some(6), "{e}");
        assert!(
            e.to_string().contains("recipe.toml:6: step 2 (upscale): scael: upscale has no option --scael"),
            "{e}"
        );
        let e = recipe("[[step]]\nop = \"upscale\"\nscale = 3\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("step 1 (upscale): scale:"), "{e}");
        let e = recipe("[[step]]\nop = \"blur\"\n").unwrap_err();
        assert!(e.message.contains("not one of generate, edit, multi-edit, remove-bg, upscale"), "{e}");
        let e = recipe("[[step]]\nop = \"edit\"\n").unwrap_err();
        assert!(e.message.contains("step 1 (edit)") && e.message.contains("--prompt"), "{e}");
        let e = recipe("[[step]]\nop = \"edit\"\nprompt = \"x\"\nout-dir = \"o\"\n").unwrap_err();
        assert!(e.message.contains("the pipeline's, not a step's"), "{e}");
        let e = recipe("[[step]]\nop = \"upscale\"\ncreativity = 0.5\n").unwrap_err();
        assert!(e.message.contains("creativity"), "{e}");
    }

    #[test]
    fn steps_from_flags_and_their_identity() {
        let steps =
            from_flags(&["remove-bg".into(), "upscale --scale 4".into(), "edit -x".into()]).unwrap_err();
        assert!(steps.to_string().starts_with("--step 3"), "{steps}");
        let a = from_flags(&["edit --prompt 'a warm backdrop' --aspect-ratio 16:9".into()]).unwrap();
        let b = from_flags(&["edit --aspect-ratio 16:9 --prompt \"a warm backdrop\"".into()]).unwrap();
        assert_eq!(a[0].identity, b[0].identity, "the order of options does not matter");
        let c = from_flags(&["edit --aspect-ratio 16:9 --prompt 'a cold backdrop'".into()]).unwrap();
        assert_ne!(a[0].identity, c[0].identity);
    }

    #[test]
    fn finishing_a_step_cannot_do_is_refused_not_dropped() {
        for (step, said) in [
            ("edit --prompt x --keep-size", "--keep-size and --mask are not taken"),
            ("edit --prompt x --mask m.png", "--keep-size and --mask are not taken"),
            ("remove-bg --background white", "remove-bg's finishing"),
            ("upscale --strip-metadata", "not taken in a pipeline step"),
            ("edit --prompt x --name '{stem}-x'", "--name is not taken"),
            ("edit --prompt x --watch", "is the pipeline's"),
        ] {
            let err = from_flags(&[step.into()]).unwrap_err();
            assert!(err.to_string().contains(said), "{step}: {err}");
        }
        assert!(from_flags(&["edit --prompt x".into(), "remove-bg".into()]).is_ok());
    }

    #[test]
    fn words_split_on_spaces_and_quotes_group() {
        assert_eq!(
            split("edit --prompt 'a b' --x \"c d\"").unwrap(),
            ["edit", "--prompt", "a b", "--x", "c d"]
        );
        assert!(split("edit --prompt 'a").is_err());
    }
}
