//! Local `$ref`s: finding every one below a value (with where it stands) and
//! following one to the component it names.
//!
//! Only local references (`#/...`) are understood; our spec and Venice's use
//! no other kind.

use serde_json::Value;

/// One `$ref` found in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    /// JSON pointer of the object holding the `$ref` (`/` for the root).
    pub at: String,
    /// The reference itself, such as `#/components/schemas/Quality`.
    pub target: String,
}

/// Every `$ref` below `v`, in document order, with where each stands.
pub fn refs(v: &Value) -> Vec<Ref> {
    let mut out = Vec::new();
    walk(v, &mut String::new(), &mut out);
    out
}

/// Every `$ref` target below `v`, in document order.
pub fn targets(v: &Value) -> Vec<String> {
    refs(v).into_iter().map(|r| r.target).collect()
}

fn walk(v: &Value, at: &mut String, out: &mut Vec<Ref>) {
    let len = at.len();
    match v {
        Value::Object(o) => {
            for (k, child) in o {
                if k == "$ref" {
                    if let Some(s) = child.as_str() {
                        let at = if at.is_empty() { "/".to_owned() } else { at.clone() };
                        out.push(Ref { at, target: s.to_owned() });
                    }
                } else {
                    at.push('/');
                    at.push_str(&escape_pointer(k));
                    walk(child, at, out);
                    at.truncate(len);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                at.push('/');
                at.push_str(&i.to_string());
                walk(item, at, out);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

/// Whether a `$ref` names something that exists in `doc`.
pub fn resolves_in(doc: &Value, reference: &str) -> bool {
    reference.strip_prefix('#').is_some_and(|pointer| doc.pointer(pointer).is_some())
}

/// Follows `v`'s `$ref` (`#/components/<kind>/<name>`), and the target's, to
/// the first value that is not a reference; `v` itself when it is none.
pub fn resolve<'a>(v: &'a Value, components: &'a Value) -> &'a Value {
    let mut current = v;
    // Bounded so that a ref cycle cannot loop forever.
    for _ in 0..16 {
        match current.get("$ref").and_then(Value::as_str).and_then(|r| lookup(r, components)) {
            Some(next) => current = next,
            None => break,
        }
    }
    current
}

/// The component `#/components/<kind>/<name>` names, if `components` has it.
pub fn lookup<'a>(reference: &str, components: &'a Value) -> Option<&'a Value> {
    let rest = reference.strip_prefix("#/components/")?;
    let (kind, name) = rest.split_once('/')?;
    components.get(kind)?.get(unescape_pointer(name))
}

/// The reference to component `name` of `kind` (`schemas`, `responses`...).
pub fn component_ref(kind: &str, name: &str) -> String {
    format!("#/components/{kind}/{}", escape_pointer(name))
}

/// Escapes one JSON-pointer segment (RFC 6901).
fn escape_pointer(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

fn unescape_pointer(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn refs_are_found_with_escaped_locations() {
        let doc = json!({
            "$ref": "#/top",
            "paths": {"/a/b": {"get": {"parameters": [{"$ref": "#/components/parameters/P"}]}}},
            "x~y": {"$ref": "#/components/schemas/S"},
        });
        let found = refs(&doc);
        let pairs: Vec<(&str, &str)> = found.iter().map(|r| (r.at.as_str(), r.target.as_str())).collect();
        assert_eq!(
            pairs,
            [
                ("/", "#/top"),
                ("/paths/~1a~1b/get/parameters/0", "#/components/parameters/P"),
                ("/x~0y", "#/components/schemas/S"),
            ]
        );
        assert_eq!(targets(&doc["x~y"]), ["#/components/schemas/S"]);
    }

    #[test]
    fn resolve_follows_chains_and_stops_on_cycles() {
        let components = json!({"schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"type": "string"},
            "a/b": {"type": "integer"},
            "Loop": {"$ref": "#/components/schemas/Loop"},
        }});
        assert_eq!(
            resolve(&json!({"$ref": "#/components/schemas/A"}), &components),
            &json!({"type": "string"})
        );
        assert_eq!(lookup(&component_ref("schemas", "a/b"), &components), Some(&json!({"type": "integer"})));
        let looped = json!({"$ref": "#/components/schemas/Loop"});
        assert_eq!(resolve(&looped, &components), &json!({"$ref": "#/components/schemas/Loop"}));
        assert_eq!(resolve(&json!({"type": "boolean"}), &components), &json!({"type": "boolean"}));
    }

    #[test]
    fn only_references_to_existing_values_resolve() {
        let doc = json!({"components": {"schemas": {"S": {}}}});
        assert!(resolves_in(&doc, "#/components/schemas/S"));
        assert!(!resolves_in(&doc, "#/components/schemas/T"));
        assert!(!resolves_in(&doc, "other.yaml#/S"));
    }
}
