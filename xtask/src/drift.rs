//! Comparing our spec with a Venice spec over the operations the client covers
//! ([`OPERATIONS`](crate::spec::OPERATIONS)).
//!
//! Each difference becomes one sentence: fields added or removed, types, enum
//! values, required, bounds, defaults, media types, statuses and headers. This
//! is how a maintainer learns what a new Venice spec changed before deciding
//! what to carry into `openapi/venice-image.yaml`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use crate::reduce;
use crate::spec::{self, Found, SpecError};

/// How deep into nested objects fields are compared (`a.b.c`).
const MAX_DEPTH: usize = 4;

/// Lists every difference between `ours` and `upstream`, one sentence each.
pub fn drift(ours: &Value, upstream: &Value) -> Result<Vec<String>, SpecError> {
    let ours_ops = spec::find_operations(ours)?;
    let up_ops = spec::find_operations(upstream)?;
    let empty = json!({});
    let oc = ours.get("components").unwrap_or(&empty);
    let uc = upstream.get("components").unwrap_or(&empty);
    let mut out = Vec::new();
    for (Found { op, item: o_item, .. }, Found { path: up_path, item: u_item, op: up_op }) in
        ours_ops.iter().zip(up_ops.iter())
    {
        let mut diff = Differ { out: &mut out, op: op.to_string() };
        if up_path != op.path {
            diff.say(format!("is at {up_path} upstream"));
        }
        let o = &o_item[op.method];
        let u = &u_item[up_op.method];
        diff.parameters(o, oc, u, uc);
        diff.request_bodies(o, oc, u, uc);
        diff.responses(o, oc, u, uc);
    }
    Ok(out)
}

struct Differ<'a> {
    out: &'a mut Vec<String>,
    op: String,
}

/// What is compared about one field.
#[derive(Debug, Clone, PartialEq)]
struct Facts {
    kind: String,
    required: bool,
    values: Option<BTreeSet<String>>,
    bounds: BTreeMap<&'static str, String>,
    default: Option<Value>,
    deprecated: bool,
}

const BOUNDS: [&str; 9] = [
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
    "format",
];

impl Differ<'_> {
    fn say(&mut self, what: impl AsRef<str>) {
        self.out.push(format!("{} {}", self.op, what.as_ref()));
    }

    fn parameters(&mut self, o: &Value, oc: &Value, u: &Value, uc: &Value) {
        let params = |v: &Value, c: &Value| -> BTreeMap<String, Value> {
            v.get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|p| spec::resolve(p, c).clone())
                .map(|p| {
                    let key = format!(
                        "{} parameter `{}`",
                        p.get("in").and_then(Value::as_str).unwrap_or("?"),
                        p.get("name").and_then(Value::as_str).unwrap_or("?")
                    );
                    (key, p)
                })
                .collect()
        };
        let (op, up) = (params(o, oc), params(u, uc));
        for (name, p) in &op {
            match up.get(name) {
                None => self.say(format!("{name} is ours only")),
                Some(q) => {
                    let required = |p: &Value| p.get("required") == Some(&json!(true));
                    let mut fo = BTreeMap::new();
                    let mut fu = BTreeMap::new();
                    collect_fields(&p["schema"], oc, String::new(), required(p), 0, &mut fo);
                    collect_fields(&q["schema"], uc, String::new(), required(q), 0, &mut fu);
                    self.compare_fields(name, &fo, &fu);
                }
            }
        }
        for name in up.keys().filter(|n| !op.contains_key(*n)) {
            self.say(format!("{name} is new upstream"));
        }
    }

    fn request_bodies(&mut self, o: &Value, oc: &Value, u: &Value, uc: &Value) {
        let content = |v: &Value, c: &Value| -> BTreeMap<String, Value> {
            v.get("requestBody")
                .map(|b| spec::resolve(b, c))
                .and_then(|b| b.get("content"))
                .and_then(Value::as_object)
                .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default()
        };
        let (om, um) = (content(o, oc), content(u, uc));
        self.media_sets("request body", &om, &um);
        for (media, body) in &om {
            if let Some(ub) = um.get(media) {
                self.schema_fields(&format!("request {media}"), &body["schema"], oc, &ub["schema"], uc);
            }
        }
    }

    fn responses(&mut self, o: &Value, oc: &Value, u: &Value, uc: &Value) {
        let responses = |v: &Value, c: &Value| -> BTreeMap<String, Value> {
            v.get("responses")
                .and_then(Value::as_object)
                .map(|m| m.iter().map(|(k, r)| (k.clone(), spec::resolve(r, c).clone())).collect())
                .unwrap_or_default()
        };
        let (or, ur) = (responses(o, oc), responses(u, uc));
        for status in or.keys().filter(|s| !ur.contains_key(*s)) {
            self.say(format!("status {status} is ours only"));
        }
        for status in ur.keys().filter(|s| !or.contains_key(*s)) {
            self.say(format!("status {status} is new upstream"));
        }
        for (status, ours) in &or {
            let Some(theirs) = ur.get(status) else { continue };
            let media = |r: &Value| -> BTreeMap<String, Value> {
                r.get("content")
                    .and_then(Value::as_object)
                    .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                    .unwrap_or_default()
            };
            let (om, um) = (media(ours), media(theirs));
            self.media_sets(&format!("status {status}"), &om, &um);
            let headers = |r: &Value| -> BTreeSet<String> {
                r.get("headers")
                    .and_then(Value::as_object)
                    .map(|m| m.keys().map(|k| k.to_ascii_lowercase()).collect())
                    .unwrap_or_default()
            };
            let (oh, uh) = (headers(ours), headers(theirs));
            for h in oh.difference(&uh) {
                self.say(format!("status {status} header `{h}` is ours only"));
            }
            for h in uh.difference(&oh) {
                self.say(format!("status {status} header `{h}` is new upstream"));
            }
            for (m, body) in &om {
                if let (true, Some(ub)) = (spec::is_json_media(m), um.get(m)) {
                    self.schema_fields(
                        &format!("status {status} {m}"),
                        &body["schema"],
                        oc,
                        &ub["schema"],
                        uc,
                    );
                }
            }
        }
    }

    fn media_sets(&mut self, what: &str, om: &BTreeMap<String, Value>, um: &BTreeMap<String, Value>) {
        for m in om.keys().filter(|m| !um.contains_key(*m)) {
            self.say(format!("{what} media type {m} is ours only"));
        }
        for m in um.keys().filter(|m| !om.contains_key(*m)) {
            self.say(format!("{what} media type {m} is new upstream"));
        }
    }

    fn schema_fields(&mut self, what: &str, o: &Value, oc: &Value, u: &Value, uc: &Value) {
        let mut fo = BTreeMap::new();
        let mut fu = BTreeMap::new();
        collect_fields(o, oc, String::new(), true, 0, &mut fo);
        collect_fields(u, uc, String::new(), true, 0, &mut fu);
        self.compare_fields(what, &fo, &fu);
    }

    fn compare_fields(&mut self, what: &str, fo: &BTreeMap<String, Facts>, fu: &BTreeMap<String, Facts>) {
        let label = |path: &str| if path.is_empty() { String::new() } else { format!(" field `{path}`") };
        for (path, f) in fo {
            let l = label(path);
            let Some(g) = fu.get(path) else {
                self.say(format!("{what}{l} is ours only"));
                continue;
            };
            if f.kind != g.kind {
                self.say(format!("{what}{l} is {} here but {} upstream", f.kind, g.kind));
            }
            if f.required != g.required {
                let word = |r: bool| if r { "required" } else { "optional" };
                self.say(format!("{what}{l} is {} here but {} upstream", word(f.required), word(g.required)));
            }
            match (&f.values, &g.values) {
                (Some(a), Some(b)) if a != b => {
                    let added: Vec<_> = b.difference(a).cloned().collect();
                    let dropped: Vec<_> = a.difference(b).cloned().collect();
                    if !added.is_empty() {
                        self.say(format!("{what}{l} gains values upstream: {}", added.join(", ")));
                    }
                    if !dropped.is_empty() {
                        self.say(format!("{what}{l} loses values upstream: {}", dropped.join(", ")));
                    }
                }
                (None, Some(b)) => {
                    let list: Vec<_> = b.iter().cloned().collect();
                    self.say(format!("{what}{l} is limited upstream to: {}", list.join(", ")));
                }
                (Some(_), None) => self.say(format!("{what}{l} has no value list upstream")),
                _ => {}
            }
            for key in BOUNDS {
                let (a, b) = (f.bounds.get(key), g.bounds.get(key));
                if a != b {
                    let show = |v: Option<&String>| v.cloned().unwrap_or_else(|| "none".into());
                    self.say(format!("{what}{l} {key} is {} here but {} upstream", show(a), show(b)));
                }
            }
            if f.default != g.default {
                let show = |v: &Option<Value>| v.as_ref().map_or("none".into(), Value::to_string);
                self.say(format!(
                    "{what}{l} default is {} here but {} upstream",
                    show(&f.default),
                    show(&g.default)
                ));
            }
            if f.deprecated != g.deprecated {
                let word = if g.deprecated { "deprecated upstream only" } else { "deprecated here only" };
                self.say(format!("{what}{l} is {word}"));
            }
        }
        for (path, g) in fu.iter().filter(|(p, _)| !fo.contains_key(*p)) {
            let req = if g.required { "required" } else { "optional" };
            self.say(format!("{what}{} is new upstream ({}, {req})", label(path), g.kind));
        }
    }
}

fn kind_of(s: &Value) -> String {
    if let Some(union) = ["anyOf", "oneOf"].iter().find_map(|k| s.get(*k).and_then(Value::as_array)) {
        return format!("a union of {} shapes", union.len());
    }
    match s.get("type").and_then(Value::as_str) {
        Some("array") => format!("array of {}", s.get("items").map_or("anything".into(), kind_of)),
        Some("string") if s.get("format") == Some(&json!("binary")) => "a file".into(),
        Some(t) => t.to_owned(),
        None if s.get("properties").is_some() => "object".into(),
        None => "anything".into(),
    }
}

fn collect_fields(
    schema: &Value,
    components: &Value,
    path: String,
    required: bool,
    depth: usize,
    out: &mut BTreeMap<String, Facts>,
) {
    let mut s = spec::resolve(schema, components).clone();
    reduce::simplify(&mut s, components, 0);
    let values = s
        .get("enum")
        .and_then(Value::as_array)
        .map(|vals| vals.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)).collect());
    let bounds = BOUNDS
        .iter()
        .filter_map(|k| s.get(*k).map(|v| (*k, v.as_str().map_or_else(|| v.to_string(), str::to_owned))))
        .collect();
    let facts = Facts {
        kind: kind_of(&s),
        required,
        values,
        bounds,
        default: s.get("default").cloned(),
        deprecated: s.get("deprecated") == Some(&json!(true)),
    };
    out.insert(path.clone(), facts);
    if depth >= MAX_DEPTH {
        return;
    }
    let join = |name: &str| if path.is_empty() { name.to_owned() } else { format!("{path}.{name}") };
    let req: BTreeSet<&str> =
        s.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    for (name, p) in s.get("properties").and_then(Value::as_object).into_iter().flatten() {
        collect_fields(p, components, join(name), req.contains(name.as_str()), depth + 1, out);
    }
    if let Some(items) = s.get("items") {
        collect_fields(items, components, format!("{path}[]"), true, depth + 1, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::fixture;

    fn doc(edit_props: &str, edit_media: &str, edit_statuses: &str) -> Value {
        let schema = "            schema:\n              type: object\n              required: [prompt]\n";
        let content = format!(
            "          application/json:\n{schema}              properties:\n{edit_props}\n{edit_media}"
        );
        fixture::spec(&fixture::edit_operation(&content, edit_statuses), "")
    }

    const PROPS: &str = "                prompt: {type: string, maxLength: 1500}\n                aspect_ratio: {type: string, enum: [auto, 1:1]}";
    const STATUSES: &str = "        \"200\": {description: ok, headers: {CF-RAY: {schema: {type: string}}}}";

    #[test]
    fn identical_specs_have_no_drift() {
        let a = doc(PROPS, "", STATUSES);
        assert_eq!(drift(&a, &a).unwrap(), Vec::<String>::new());
    }

    #[test]
    fn every_kind_of_difference_is_one_sentence() {
        let ours = doc(PROPS, "", STATUSES);
        let theirs = doc(
            "                prompt: {type: string, maxLength: 32768}\n                aspect_ratio: {type: string, enum: [auto, 16:9]}\n                quality: {type: string}",
            "          multipart/form-data: {schema: {type: object}}",
            "        \"200\": {description: ok}\n        \"429\": {description: slow}",
        );
        let d = drift(&ours, &theirs).unwrap();
        let op = "`editImage` (POST /image/edit)";
        let expected = [
            format!("{op} request body media type multipart/form-data is new upstream"),
            format!("{op} request application/json field `aspect_ratio` gains values upstream: 16:9"),
            format!("{op} request application/json field `aspect_ratio` loses values upstream: 1:1"),
            format!("{op} request application/json field `prompt` maxLength is 1500 here but 32768 upstream"),
            format!("{op} request application/json field `quality` is new upstream (string, optional)"),
            format!("{op} status 429 is new upstream"),
            format!("{op} status 200 header `cf-ray` is ours only"),
        ];
        for e in &expected {
            assert!(d.contains(e), "missing {e:?} in {d:#?}");
        }
        assert_eq!(d.len(), expected.len(), "{d:#?}");
    }

    #[test]
    fn a_missing_operation_is_an_error() {
        let ours = doc(PROPS, "", STATUSES);
        let mut theirs = ours.clone();
        theirs["paths"].as_object_mut().unwrap().remove("/models");
        let err = drift(&ours, &theirs).unwrap_err().to_string();
        assert_eq!(err, "the spec has no operation `listModels` (GET /models)");
    }
}
