//! Step 4 of the reduction: schema rules progenitor needs, applied to every
//! schema of the document. An `allOf` of objects becomes one object; an
//! `anyOf`/`oneOf` of strings becomes one string (one enum when every member
//! is an enum).

use serde_json::{Map, Value, json};

use crate::spec::{for_each_operation_mut, resolve};

/// Applies the schema rules to every schema of the document.
pub(super) fn simplify_document(doc: &mut Value) {
    let components = doc["components"].clone();
    visit_schema_roots(doc, &mut |schema| simplify(schema, &components, 0));
}

/// Calls `f` on every schema root: parameters, bodies, headers, components.
fn visit_schema_roots(doc: &mut Value, f: &mut dyn FnMut(&mut Value)) {
    for_each_operation_mut(doc, |op| {
        for p in op.get_mut("parameters").and_then(Value::as_array_mut).into_iter().flatten() {
            if let Some(s) = p.get_mut("schema") {
                f(s);
            }
        }
        if let Some(content) = op.pointer_mut("/requestBody/content").and_then(Value::as_object_mut) {
            for media in content.values_mut() {
                if let Some(s) = media.get_mut("schema") {
                    f(s);
                }
            }
        }
        for resp in op.get_mut("responses").and_then(Value::as_object_mut).into_iter().flatten() {
            visit_response(resp.1, f);
        }
    });
    let Some(components) = doc.get_mut("components") else { return };
    for s in components.get_mut("schemas").and_then(Value::as_object_mut).into_iter().flatten() {
        f(s.1);
    }
    for h in components.get_mut("headers").and_then(Value::as_object_mut).into_iter().flatten() {
        if let Some(s) = h.1.get_mut("schema") {
            f(s);
        }
    }
    for r in components.get_mut("responses").and_then(Value::as_object_mut).into_iter().flatten() {
        visit_response(r.1, f);
    }
}

fn visit_response(resp: &mut Value, f: &mut dyn FnMut(&mut Value)) {
    for media in resp.get_mut("content").and_then(Value::as_object_mut).into_iter().flatten() {
        if let Some(s) = media.1.get_mut("schema") {
            f(s);
        }
    }
    for h in resp.get_mut("headers").and_then(Value::as_object_mut).into_iter().flatten() {
        if let Some(s) = h.1.get_mut("schema") {
            f(s);
        }
    }
}

/// True for `{}` or a schema that only documents (no constraint).
fn is_empty_schema(s: &Value) -> bool {
    s.as_object().is_some_and(|o| o.keys().all(|k| matches!(k.as_str(), "description" | "title" | "example")))
}

fn is_plain_string(s: &Value) -> bool {
    s.get("type") == Some(&json!("string"))
        && s.get("properties").is_none()
        && s.get("items").is_none()
        && s.get("anyOf").is_none()
        && s.get("oneOf").is_none()
        && s.get("allOf").is_none()
}

fn is_object_like(s: &Value) -> bool {
    (s.get("type") == Some(&json!("object")) || s.get("properties").is_some())
        && s.get("anyOf").is_none()
        && s.get("oneOf").is_none()
}

/// The schema rules of step 4, applied at `schema` and then below it.
pub(crate) fn simplify(schema: &mut Value, components: &Value, depth: usize) {
    if depth > 64 || !schema.is_object() {
        return;
    }
    flatten_all_of(schema, components, depth);
    collapse_string_unions(schema, components);
    let Some(obj) = schema.as_object_mut() else { return };
    if let Some(props) = obj.get_mut("properties").and_then(Value::as_object_mut) {
        for p in props.values_mut() {
            simplify(p, components, depth + 1);
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(child) = obj.get_mut(key) {
            simplify(child, components, depth + 1);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for m in obj.get_mut(key).and_then(Value::as_array_mut).into_iter().flatten() {
            simplify(m, components, depth + 1);
        }
    }
}

fn flatten_all_of(schema: &mut Value, components: &Value, depth: usize) {
    let Some(members) = schema.get("allOf").and_then(Value::as_array).cloned() else { return };
    let mut resolved = Vec::with_capacity(members.len());
    for m in &members {
        let mut r = resolve(m, components).clone();
        simplify(&mut r, components, depth + 1);
        if !is_object_like(&r) {
            return;
        }
        resolved.push(r);
    }
    let obj = schema.as_object_mut().expect("checked above");
    obj.remove("allOf");
    let mut properties = Map::new();
    let mut required: Vec<Value> = Vec::new();
    for member in resolved {
        for (name, prop) in member.get("properties").and_then(Value::as_object).into_iter().flatten() {
            match properties.get_mut(name) {
                None => {
                    properties.insert(name.clone(), prop.clone());
                }
                // The later member refines the property: add what it adds.
                Some(Value::Object(existing)) => {
                    for (k, v) in prop.as_object().into_iter().flatten() {
                        existing.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                }
                Some(_) => {}
            }
        }
        for r in member.get("required").and_then(Value::as_array).into_iter().flatten() {
            if !required.contains(r) {
                required.push(r.clone());
            }
        }
        if let Some(ap) = member.get("additionalProperties") {
            obj.entry("additionalProperties").or_insert_with(|| ap.clone());
        }
        for key in ["description", "title"] {
            if let Some(v) = member.get(key) {
                obj.entry(key).or_insert_with(|| v.clone());
            }
        }
    }
    obj.insert("type".into(), json!("object"));
    obj.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        obj.insert("required".into(), Value::Array(required));
    }
}

fn collapse_string_unions(schema: &mut Value, components: &Value) {
    for key in ["anyOf", "oneOf"] {
        let Some(members) = schema.get(key).and_then(Value::as_array) else { continue };
        let resolved: Vec<&Value> = members.iter().map(|m| resolve(m, components)).collect();
        let strings: Vec<&Value> = resolved.iter().copied().filter(|m| !is_empty_schema(m)).collect();
        if strings.is_empty() || !strings.iter().all(|m| is_plain_string(m)) {
            continue;
        }
        let all_enums = strings.iter().all(|m| m.get("enum").is_some());
        let nullable = strings.iter().any(|m| m.get("nullable") == Some(&json!(true)));
        let mut values: Vec<Value> = Vec::new();
        if all_enums {
            for m in &strings {
                for v in m["enum"].as_array().into_iter().flatten() {
                    if !values.contains(v) {
                        values.push(v.clone());
                    }
                }
            }
        }
        let description = strings.iter().find_map(|m| m.get("description")).cloned();
        let obj = schema.as_object_mut().expect("has a key, so an object");
        obj.remove(key);
        obj.insert("type".into(), json!("string"));
        if all_enums {
            obj.insert("enum".into(), Value::Array(values));
        }
        if nullable {
            obj.insert("nullable".into(), json!(true));
        }
        if let Some(d) = description {
            obj.entry("description").or_insert(d);
        }
    }
}
