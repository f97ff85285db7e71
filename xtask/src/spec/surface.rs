//! The image surface: the operations the generated client covers, and
//! finding them in a spec by `operationId` (or, for an operation a spec
//! leaves without one, by its method and path).

use std::fmt;

use serde_json::Value;

use super::{SpecError, operations};

/// An operation the generated client must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The `operationId`, which is how the operation is found.
    pub id: &'static str,
    /// HTTP method, lower case as OpenAPI writes it.
    pub method: &'static str,
    /// The path it is expected at.
    pub path: &'static str,
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` ({} {})", self.id, self.method.to_uppercase(), self.path)
    }
}

/// The image surface: what the generated client covers.
pub const OPERATIONS: [Operation; 7] = [
    Operation { id: "generateImage", method: "post", path: "/image/generate" },
    Operation { id: "listImageStyles", method: "get", path: "/image/styles" },
    Operation { id: "editImage", method: "post", path: "/image/edit" },
    Operation { id: "multiEditImage", method: "post", path: "/image/multi-edit" },
    Operation { id: "backgroundRemoveImage", method: "post", path: "/image/background-remove" },
    Operation { id: "upscaleImage", method: "post", path: "/image/upscale" },
    Operation { id: "listModels", method: "get", path: "/models" },
];

/// One of [`OPERATIONS`] as a spec has it.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The operation, with the method the spec gives it.
    pub op: Operation,
    /// The path the spec puts it at (which may differ from [`Operation::path`]).
    pub path: String,
    /// The whole path item holding it (its shared parameters included).
    pub item: Value,
}

/// Finds each of [`OPERATIONS`] by id, in that order; an operation no id
/// names is taken at its own method and path when the spec gives that one
/// no `operationId` (Venice's spec has `GET /image/styles` so). An error
/// names every one the spec lacks.
pub fn find_operations(spec: &Value) -> Result<Vec<Found>, SpecError> {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for op in OPERATIONS {
        let by_id = |(_, _, operation): &(&str, &str, &Value)| {
            operation.get("operationId").and_then(Value::as_str) == Some(op.id)
        };
        let unnamed_at_path = |(path, method, operation): &(&str, &str, &Value)| {
            *path == op.path && *method == op.method && operation.get("operationId").is_none()
        };
        let hit = operations(spec).find(by_id).or_else(|| operations(spec).find(unnamed_at_path));
        match hit {
            Some((path, method, _)) => {
                let item = spec["paths"][path].clone();
                found.push(Found { op: Operation { method, ..op }, path: path.to_owned(), item });
            }
            None => missing.push(op),
        }
    }
    if missing.is_empty() { Ok(found) } else { Err(SpecError::MissingOperations(missing)) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::fixture;

    #[test]
    fn operations_are_found_by_id_wherever_they_are() {
        let mut spec = fixture::spec("", "");
        let moved = spec["paths"].as_object_mut().unwrap().remove("/models").unwrap();
        spec["paths"]["/v2/models"] = moved;
        let found = find_operations(&spec).unwrap();
        assert_eq!(found.iter().map(|f| f.op).collect::<Vec<_>>(), OPERATIONS);
        let models = found.iter().find(|f| f.op.id == "listModels").unwrap();
        assert_eq!(models.path, "/v2/models");
        assert!(models.item.get("get").is_some());
    }

    #[test]
    fn an_operation_without_an_id_is_found_at_its_path() {
        let mut spec = fixture::spec("", "");
        spec["paths"]["/image/styles"]["get"].as_object_mut().unwrap().remove("operationId");
        let found = find_operations(&spec).unwrap();
        let styles = found.iter().find(|f| f.op.id == "listImageStyles").unwrap();
        assert_eq!(styles.path, "/image/styles");
        spec["paths"]["/image/styles"]["get"]["operationId"] = "somethingElse".into();
        let err = find_operations(&spec).unwrap_err();
        assert_eq!(err.to_string(), "the spec has no operation `listImageStyles` (GET /image/styles)");
    }

    #[test]
    fn every_missing_operation_is_named() {
        let mut spec = fixture::spec("", "");
        let paths = spec["paths"].as_object_mut().unwrap();
        paths.remove("/image/edit");
        paths.remove("/models");
        let err = find_operations(&spec).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the spec has no operation `editImage` (POST /image/edit), no operation `listModels` (GET /models)"
        );
    }
}
