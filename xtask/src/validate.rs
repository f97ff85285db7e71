//! Checking that a spec is well-formed OpenAPI 3.0 before anything is
//! generated from it: it parses as an OpenAPI 3.0 document, every local
//! `$ref` resolves, and operation ids are unique.

use std::collections::BTreeMap;

use serde_json::Value;

/// Every problem found, one sentence each; empty when the spec is sound.
pub fn problems(spec: &Value) -> Vec<String> {
    let mut out = Vec::new();
    match spec.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0.") => {}
        other => out.push(format!("`openapi` must be 3.0.x, found {other:?}")),
    }
    if let Err(e) = serde_json::from_value::<openapiv3::OpenAPI>(spec.clone()) {
        out.push(format!("not an OpenAPI 3.0 document: {e}"));
    }
    let mut refs = Vec::new();
    collect_refs(spec, String::new(), &mut refs);
    for (at, reference) in refs {
        let resolves = reference.strip_prefix('#').is_some_and(|pointer| spec.pointer(pointer).is_some());
        if !resolves {
            out.push(format!("`$ref: {reference}` at {at} does not resolve"));
        }
    }
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for item in spec.get("paths").and_then(Value::as_object).into_iter().flatten() {
        for op in item.1.as_object().into_iter().flatten() {
            if let Some(id) = op.1.get("operationId").and_then(Value::as_str) {
                *ids.entry(id).or_default() += 1;
            }
        }
    }
    for (id, n) in ids.into_iter().filter(|(_, n)| *n > 1) {
        out.push(format!("operationId `{id}` is used {n} times"));
    }
    out
}

fn collect_refs(v: &Value, at: String, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(o) => {
            for (k, child) in o {
                if k == "$ref" {
                    if let Some(s) = child.as_str() {
                        out.push((if at.is_empty() { "/".into() } else { at.clone() }, s.to_owned()));
                    }
                } else {
                    collect_refs(child, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_refs(item, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_spec;
    use std::path::Path;

    fn ours() -> Value {
        load_spec(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/venice-image.yaml")).unwrap()
    }

    #[test]
    fn our_spec_is_sound() {
        assert_eq!(problems(&ours()), Vec::<String>::new());
    }

    #[test]
    fn a_dangling_ref_is_named_with_where_it_is() {
        let mut spec = ours();
        spec["components"]["schemas"].as_object_mut().unwrap().remove("Quality");
        let found = problems(&spec);
        assert!(
            found.contains(&"`$ref: #/components/schemas/Quality` at /components/schemas/MultiEditRequest/properties/quality does not resolve".to_owned()),
            "{found:#?}"
        );
    }

    #[test]
    fn duplicate_operation_ids_and_wrong_versions_are_found() {
        let mut spec = ours();
        spec["paths"]["/models"]["get"]["operationId"] = "editImage".into();
        spec["openapi"] = "3.1.0".into();
        let found = problems(&spec);
        assert!(found.contains(&"operationId `editImage` is used 2 times".to_owned()), "{found:#?}");
        assert!(found.iter().any(|p| p.starts_with("`openapi` must be 3.0.x")), "{found:#?}");
    }

    #[test]
    fn the_ratios_in_our_spec_are_strings() {
        let spec = ours();
        let ratios = spec["components"]["schemas"]["AspectRatio"]["enum"].as_array().unwrap();
        assert!(ratios.iter().all(Value::is_string));
        assert!(ratios.contains(&Value::from("16:9")));
    }
}
