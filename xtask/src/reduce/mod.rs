//! Reducing an OpenAPI 3.0 document to the part progenitor 0.15 can generate.
//!
//! Venice's spec describes the whole API, and even our own spec uses things
//! progenitor cannot take. [`reduce`] applies these steps, in this order:
//!
//! 1. **Keep the operations of the surface** ([`OPERATIONS`]), found by `operationId`
//!    (or, lacking one, at their method and path, then given the surface's id);
//!    every other operation goes. A spec without one of them is an error that
//!    names the missing operation.
//! 2. **Keep only JSON request bodies.** Progenitor has no multipart support
//!    and panics on a body offering two media types; multipart is written by
//!    hand in `venice-image`. A body with no JSON form is dropped.
//! 3. **One error type per operation.** Progenitor allows one error schema per
//!    operation, so every 4xx/5xx/default response points at one merged schema,
//!    [`MERGED_ERROR`], whose properties are the union of every error body's
//!    properties, all optional (a property whose type differs between bodies
//!    becomes untyped JSON). Only the lowest 2xx response is kept as success.
//! 4. **Simplify schemas** everywhere: an `allOf` of objects is flattened into
//!    one object; an `anyOf`/`oneOf` whose members are all strings (or the
//!    empty schema) becomes one string, and when every member is a string enum,
//!    one enum with all their values. The second rule is what keeps an
//!    `anyOf`-of-enums query parameter from panicking the Builder interface.
//! 5. **Tolerant reading of responses:** `additionalProperties: false` is
//!    removed from every schema that no request body reaches, so a field the
//!    service adds later does not break decoding. Request bodies stay closed.
//! 6. **Unset request fields stay unset:** `default` is removed from request
//!    body schemas. Typify would otherwise serialize every defaulted field,
//!    pinning, say, the default model on the wire; without it an unset field
//!    is left out and the service applies its own current default.
//! 7. **Prune** the components nothing reachable refers to, the security
//!    schemes (auth is set on the `reqwest::Client`), vendor extensions and
//!    tags.
//!
//! The output is a plain JSON value with sorted keys, so the same input always
//! gives the same bytes.

//!
//! The steps live beside this file: [`operations`] (1 to 3, one operation at a
//! time), [`schemas`] (4) and [`reach`] (5 to 7, which follow what refers to
//! what).

mod operations;
mod reach;
mod schemas;
#[cfg(test)]
mod tests;

use serde_json::{Map, Value, json};

use crate::spec::{self, SpecError};

pub(crate) use schemas::simplify;

/// Name of the merged error schema every error response points at.
pub const MERGED_ERROR: &str = "ApiError";

/// Reduces `spec` as the module documentation describes.
pub fn reduce(doc: &Value) -> Result<Value, SpecError> {
    let version = spec::version_3_0(doc)?;
    let components = doc.get("components").cloned().unwrap_or_else(|| json!({}));
    let found = spec::find_operations(doc)?;

    let mut paths = Map::new();
    let mut error_bodies = Vec::new();
    for f in &found {
        let operation = operations::reduce_operation(f, &components, &mut error_bodies);
        paths
            .entry(f.path.clone())
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .expect("path items are objects")
            .insert(f.op.method.to_owned(), operation);
    }

    let mut out = json!({
        "openapi": version,
        "info": doc.get("info").cloned().unwrap_or_else(|| json!({"title": "API", "version": "0"})),
        "paths": paths,
        "components": components,
    });
    if let Some(servers) = doc.get("servers") {
        out["servers"] = servers.clone();
    }
    operations::strip_extensions(&mut out["info"]);
    let merged = operations::merge_error_bodies(&error_bodies, &out["components"]);
    out["components"]["schemas"][MERGED_ERROR] = merged;
    if let Some(c) = out["components"].as_object_mut() {
        c.remove("securitySchemes");
    }

    schemas::simplify_document(&mut out);
    reach::open_response_schemas(&mut out);
    reach::drop_request_defaults(&mut out);
    reach::prune_components(&mut out);
    Ok(out)
}
