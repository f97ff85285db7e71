//! Steps 5 to 7 of the reduction, which follow what refers to what:
//! response schemas read tolerantly (request bodies stay closed), request
//! bodies without defaults, and only the components something refers to.

use std::collections::{BTreeSet, VecDeque};

use serde_json::{Value, json};

use crate::spec::{component_ref, for_each_operation_mut, lookup, operations, targets};

/// The component refs reachable from `roots`, following components.
fn reachable(roots: &[&Value], components: &Value) -> BTreeSet<String> {
    let mut queue: VecDeque<String> = roots.iter().flat_map(|r| targets(r)).collect();
    let mut seen = BTreeSet::new();
    while let Some(r) = queue.pop_front() {
        if !seen.insert(r.clone()) {
            continue;
        }
        if let Some(target) = lookup(&r, components) {
            queue.extend(targets(target));
        }
    }
    seen
}

fn remove_closed(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if o.get("additionalProperties") == Some(&json!(false)) {
                o.remove("additionalProperties");
            }
            o.values_mut().for_each(remove_closed);
        }
        Value::Array(items) => items.iter_mut().for_each(remove_closed),
        _ => {}
    }
}

/// Step 5: responses read tolerantly, request bodies stay closed.
pub(super) fn open_response_schemas(doc: &mut Value) {
    let components = doc["components"].clone();
    let bodies: Vec<&Value> = operations(doc).filter_map(|(_, _, op)| op.get("requestBody")).collect();
    let closed = reachable(&bodies, &components);
    for_each_operation_mut(doc, |op| {
        if let Some(responses) = op.get_mut("responses") {
            remove_closed(responses);
        }
    });
    if let Some(schemas) = doc.pointer_mut("/components/schemas").and_then(Value::as_object_mut) {
        for (name, schema) in schemas.iter_mut() {
            if !closed.contains(&component_ref("schemas", name)) {
                remove_closed(schema);
            }
        }
    }
}

/// Removes `default` from a schema and every schema below it (not from a
/// property that happens to be called `default`).
fn remove_defaults(schema: &mut Value) {
    let Some(obj) = schema.as_object_mut() else { return };
    obj.remove("default");
    if let Some(props) = obj.get_mut("properties").and_then(Value::as_object_mut) {
        props.values_mut().for_each(remove_defaults);
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(child) = obj.get_mut(key) {
            remove_defaults(child);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        obj.get_mut(key).and_then(Value::as_array_mut).into_iter().flatten().for_each(remove_defaults);
    }
}

/// Step 6: request bodies carry no defaults.
pub(super) fn drop_request_defaults(doc: &mut Value) {
    let components = doc["components"].clone();
    let mut bodies = Vec::new();
    for_each_operation_mut(doc, |op| {
        let body = op.pointer_mut("/requestBody/content").and_then(Value::as_object_mut);
        for media in body.into_iter().flatten() {
            if let Some(schema) = media.1.get_mut("schema") {
                bodies.push(schema.clone());
                remove_defaults(schema);
            }
        }
    });
    let roots: Vec<&Value> = bodies.iter().collect();
    let in_bodies = reachable(&roots, &components);
    if let Some(schemas) = doc.pointer_mut("/components/schemas").and_then(Value::as_object_mut) {
        for (name, schema) in schemas.iter_mut() {
            if in_bodies.contains(&component_ref("schemas", name)) {
                remove_defaults(schema);
            }
        }
    }
}

/// Step 7: keep only the components something reachable refers to.
pub(super) fn prune_components(doc: &mut Value) {
    let components = doc["components"].clone();
    let keep = reachable(&[&doc["paths"]], &components);
    if let Some(obj) = doc.as_object_mut() {
        obj.retain(|k, _| matches!(k.as_str(), "openapi" | "info" | "servers" | "paths" | "components"));
    }
    if let Some(kinds) = doc["components"].as_object_mut() {
        for (kind, items) in kinds.iter_mut() {
            if let Some(map) = items.as_object_mut() {
                map.retain(|name, _| keep.contains(&component_ref(kind, name)));
            }
        }
        kinds.retain(|_, items| items.as_object().is_some_and(|m| !m.is_empty()));
    }
}
