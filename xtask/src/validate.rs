//! Checking that a spec is well-formed OpenAPI 3.0 before anything is
//! generated from it: it parses as an OpenAPI 3.0 document, every local
//! `$ref` resolves, and operation ids are unique.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::spec;

/// Every problem found, one sentence each; empty when the spec is sound.
pub fn problems(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Err(spec::SpecError::Version(found)) = spec::version_3_0(doc) {
        out.push(format!("`openapi` must be 3.0.x, found {:?}", found.as_deref()));
    }
    if let Err(e) = serde_json::from_value::<openapiv3::OpenAPI>(doc.clone()) {
        out.push(format!("not an OpenAPI 3.0 document: {e}"));
    }
    for r in spec::refs(doc) {
        if !spec::resolves_in(doc, &r.target) {
            out.push(format!("`$ref: {}` at {} does not resolve", r.target, r.at));
        }
    }
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, _, op) in spec::operations(doc) {
        if let Some(id) = op.get("operationId").and_then(Value::as_str) {
            *ids.entry(id).or_default() += 1;
        }
    }
    for (id, n) in ids.into_iter().filter(|(_, n)| *n > 1) {
        out.push(format!("operationId `{id}` is used {n} times"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::load_spec;
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
