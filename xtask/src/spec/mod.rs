//! An OpenAPI document as every task reads it: loaded into a
//! `serde_json::Value` ([`load_spec`]), checked to be OpenAPI 3.0
//! ([`version_3_0`]), walked for its operations ([`operations`]) and its
//! `$ref`s ([`refs`]), and searched for the operations of the surface the
//! client covers ([`find_operations`]).
//!
//! `reduce`, `drift` and `validate` all go through here, so they agree on
//! what a spec holds.

#[cfg(test)]
pub mod fixture;
mod load;
mod refs;
mod surface;

use std::fmt;

use serde_json::Value;

pub use load::load_spec;
#[cfg(test)]
pub use load::parse_spec;
pub use refs::{component_ref, lookup, refs, resolve, resolves_in, targets};
pub use surface::{Found, OPERATIONS, Operation, find_operations};

/// The methods a path item may hold operations under, as OpenAPI spells them.
pub const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Why a spec cannot be used.
#[derive(Debug, PartialEq, Eq)]
pub enum SpecError {
    /// The document is not OpenAPI 3.0.x (progenitor reads no other
    /// version): what its `openapi` says instead, if anything.
    Version(Option<String>),
    /// Operations of [`OPERATIONS`] the document does not have.
    MissingOperations(Vec<Operation>),
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Version(v) => {
                let v = v.as_deref().unwrap_or("(none)");
                write!(f, "the spec is OpenAPI {v:?}; only 3.0.x can be generated")
            }
            Self::MissingOperations(ops) => {
                let names: Vec<String> = ops.iter().map(ToString::to_string).collect();
                write!(f, "the spec has no operation {}", names.join(", no operation "))
            }
        }
    }
}

impl std::error::Error for SpecError {}

/// The document's `openapi` version when it is 3.0.x.
pub fn version_3_0(spec: &Value) -> Result<&str, SpecError> {
    match spec.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0.") => Ok(v),
        other => Err(SpecError::Version(other.map(str::to_owned))),
    }
}

/// Every operation of the document as (path, method, operation), paths in
/// key order and methods in [`METHODS`] order.
pub fn operations(spec: &Value) -> impl Iterator<Item = (&str, &'static str, &Value)> {
    spec.get("paths").and_then(Value::as_object).into_iter().flatten().flat_map(|(path, item)| {
        METHODS.iter().filter_map(move |m| item.get(*m).map(|op| (path.as_str(), *m, op)))
    })
}

/// Calls `f` on every operation of the document, as [`operations`] orders them.
pub fn for_each_operation_mut(spec: &mut Value, mut f: impl FnMut(&mut Value)) {
    for item in spec.get_mut("paths").and_then(Value::as_object_mut).into_iter().flatten() {
        for method in METHODS {
            if let Some(op) = item.1.get_mut(method) {
                f(op);
            }
        }
    }
}

/// Whether a media type is JSON: `application/json` or `application/*+json`,
/// parameters (`; charset=...`) aside.
pub fn is_json_media(name: &str) -> bool {
    let base = name.split(';').next().unwrap_or("").trim();
    base == "application/json" || (base.starts_with("application/") && base.ends_with("+json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_3_0_versions_pass() {
        assert_eq!(version_3_0(&json!({"openapi": "3.0.3"})), Ok("3.0.3"));
        assert_eq!(version_3_0(&json!({"openapi": "3.1.0"})), Err(SpecError::Version(Some("3.1.0".into()))));
        let none = version_3_0(&json!({"swagger": "2.0"})).unwrap_err();
        assert_eq!(none.to_string(), "the spec is OpenAPI \"(none)\"; only 3.0.x can be generated");
    }

    #[test]
    fn operations_skip_what_is_not_a_method() {
        let mut spec = json!({"paths": {
            "/b": {"parameters": [], "summary": "s", "post": {"operationId": "p"}, "get": {"operationId": "g"}},
            "/a": {"delete": {"operationId": "d"}},
        }});
        let seen: Vec<_> = operations(&spec).map(|(p, m, o)| (p, m, o["operationId"].clone())).collect();
        assert_eq!(
            seen,
            [("/a", "delete", json!("d")), ("/b", "get", json!("g")), ("/b", "post", json!("p"))]
        );
        for_each_operation_mut(&mut spec, |op| op["seen"] = json!(true));
        assert_eq!(operations(&spec).filter(|(_, _, o)| o["seen"] == true).count(), 3);
        assert!(spec["paths"]["/b"].get("seen").is_none());
    }

    #[test]
    fn json_media_types() {
        for yes in ["application/json", "application/json; charset=utf-8", "application/problem+json"] {
            assert!(is_json_media(yes), "{yes}");
        }
        for no in ["multipart/form-data", "text/json", "image/png", ""] {
            assert!(!is_json_media(no), "{no}");
        }
    }
}
