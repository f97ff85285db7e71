//! Steps 1 to 3 of the reduction, one operation at a time: the operation
//! without extensions, security or callbacks, its path item's parameters
//! merged in, its JSON request body only, and every error response pointing
//! at the one merged error schema.

use serde_json::{Map, Value, json};

use super::MERGED_ERROR;
use super::schemas::simplify;
use crate::spec::{Found, is_json_media, resolve};

/// The operation `found` names, reduced; the schemas of its error bodies are
/// added to `error_bodies` for [`merge_error_bodies`].
pub(super) fn reduce_operation(found: &Found, components: &Value, error_bodies: &mut Vec<Value>) -> Value {
    let mut operation = found.item[found.op.method].clone();
    strip_extensions(&mut operation);
    // An operation found at its path without an id gets the surface's id,
    // which is what progenitor names the client's method after.
    if operation.get("operationId").is_none()
        && let Some(obj) = operation.as_object_mut()
    {
        obj.insert("operationId".into(), found.op.id.into());
    }
    if let Some(obj) = operation.as_object_mut() {
        for key in ["security", "callbacks", "servers"] {
            obj.remove(key);
        }
    }
    merge_path_parameters(&mut operation, &found.item, components);
    keep_json_request_body(&mut operation, components);
    one_error_type(&mut operation, components, error_bodies);
    operation
}

/// Removes every `x-` key of an object (not recursively).
pub(super) fn strip_extensions(v: &mut Value) {
    if let Some(obj) = v.as_object_mut() {
        obj.retain(|k, _| !k.starts_with("x-"));
    }
}

fn merge_path_parameters(operation: &mut Value, path_item: &Value, components: &Value) {
    let mut params: Vec<Value> = Vec::new();
    let inherited = path_item.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
    let own = operation.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
    for p in inherited.iter().chain(own.iter()) {
        let p = resolve(p, components).clone();
        let key = (p.get("name").cloned(), p.get("in").cloned());
        // An operation's own parameter overrides the path item's.
        params.retain(|q| (q.get("name").cloned(), q.get("in").cloned()) != key);
        params.push(p);
    }
    if let Some(obj) = operation.as_object_mut() {
        if params.is_empty() {
            obj.remove("parameters");
        } else {
            obj.insert("parameters".into(), Value::Array(params));
        }
    }
}

fn keep_json_request_body(operation: &mut Value, components: &Value) {
    let Some(body) = operation.get("requestBody") else { return };
    let mut body = resolve(body, components).clone();
    let json_media = body
        .get("content")
        .and_then(Value::as_object)
        .and_then(|c| c.iter().find(|(k, _)| is_json_media(k)).map(|(_, v)| v.clone()));
    let obj = operation.as_object_mut().expect("operations are objects");
    match json_media {
        Some(mut media) => {
            if let Some(m) = media.as_object_mut() {
                m.remove("encoding");
                m.remove("examples");
            }
            body["content"] = json!({ "application/json": media });
            strip_extensions(&mut body);
            obj.insert("requestBody".into(), body);
        }
        None => {
            obj.remove("requestBody");
        }
    }
}

fn is_error_status(status: &str) -> bool {
    status == "default" || status.starts_with('4') || status.starts_with('5')
}

fn one_error_type(operation: &mut Value, components: &Value, error_bodies: &mut Vec<Value>) {
    let Some(responses) = operation.get_mut("responses").and_then(Value::as_object_mut) else {
        return;
    };
    let mut seen_success = false;
    let statuses: Vec<String> = responses.keys().cloned().collect();
    for status in statuses {
        let mut response = resolve(&responses[&status], components).clone();
        strip_extensions(&mut response);
        if is_error_status(&status) {
            if let Some(content) = response.get("content").and_then(Value::as_object) {
                for media in content.values() {
                    if let Some(schema) = media.get("schema") {
                        error_bodies.push(schema.clone());
                    }
                }
            }
            response["content"] = json!({
                "application/json": { "schema": { "$ref": format!("#/components/schemas/{MERGED_ERROR}") } }
            });
        } else if status.starts_with('2') {
            // Keys come sorted, so the first 2xx seen is the lowest.
            if seen_success {
                responses.remove(&status);
                continue;
            }
            seen_success = true;
            json_success_only(&mut response);
        }
        if let Some(content) = response.get_mut("content").and_then(Value::as_object_mut) {
            for media in content.values_mut() {
                if let Some(m) = media.as_object_mut() {
                    m.remove("examples");
                    m.remove("example");
                }
            }
        }
        responses.insert(status, response);
    }
}

/// A success answer offering JSON beside other media (a generation's JSON,
/// or its raw picture when asked) keeps only the JSON: progenitor takes one
/// media type per response, and the raw form is read by hand in
/// `venice-image`.
fn json_success_only(response: &mut Value) {
    let Some(content) = response.get_mut("content").and_then(Value::as_object_mut) else { return };
    if content.len() > 1 && content.keys().any(|k| is_json_media(k)) {
        content.retain(|k, _| is_json_media(k));
    }
}

/// Collects every object branch of the error bodies and unions their
/// properties, none required.
pub(super) fn merge_error_bodies(bodies: &[Value], components: &Value) -> Value {
    let mut properties = Map::new();
    let mut branches = Vec::new();
    for body in bodies {
        object_branches(body, components, &mut branches, 0);
    }
    for branch in branches {
        let Some(props) = branch.get("properties").and_then(Value::as_object) else { continue };
        for (name, schema) in props {
            match properties.get(name) {
                None => {
                    properties.insert(name.clone(), schema.clone());
                }
                Some(existing) if !same_shape(existing, schema, components) => {
                    properties.insert(
                        name.clone(),
                        json!({ "description": "Its type differs between error answers." }),
                    );
                }
                Some(_) => {}
            }
        }
    }
    json!({
        "type": "object",
        "description": "Any error answer of the service. Each status fills a different subset of \
                        these fields, so all are optional; `error` is the message for people.",
        "properties": properties,
    })
}

fn object_branches(schema: &Value, components: &Value, out: &mut Vec<Value>, depth: usize) {
    if depth > 8 {
        return;
    }
    let schema = resolve(schema, components);
    let mut flattened = schema.clone();
    simplify(&mut flattened, components, 0);
    for key in ["anyOf", "oneOf"] {
        if let Some(members) = flattened.get(key).and_then(Value::as_array) {
            for m in members {
                object_branches(m, components, out, depth + 1);
            }
        }
    }
    if flattened.get("properties").is_some() {
        out.push(flattened);
    }
}

fn same_shape(a: &Value, b: &Value, components: &Value) -> bool {
    let (a, b) = (resolve(a, components), resolve(b, components));
    a == b
        || (a.get("type").is_some()
            && a.get("type") == b.get("type")
            && a.get("type") != Some(&json!("object")))
}
