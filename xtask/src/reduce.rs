//! Reducing an OpenAPI 3.0 document to the part progenitor 0.15 can generate.
//!
//! Venice's spec describes the whole API, and even our own spec uses things
//! progenitor cannot take. [`reduce`] applies these steps, in this order:
//!
//! 1. **Keep the four operations** of [`OPERATIONS`], found by `operationId`;
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

use std::collections::{BTreeSet, VecDeque};
use std::fmt;

use serde_json::{Map, Value, json};

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

/// The image-editing surface: what the generated client covers.
pub const OPERATIONS: [Operation; 4] = [
    Operation { id: "editImage", method: "post", path: "/image/edit" },
    Operation { id: "multiEditImage", method: "post", path: "/image/multi-edit" },
    Operation { id: "backgroundRemoveImage", method: "post", path: "/image/background-remove" },
    Operation { id: "listModels", method: "get", path: "/models" },
];

/// Name of the merged error schema every error response points at.
pub const MERGED_ERROR: &str = "ApiError";

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Why a spec could not be reduced.
#[derive(Debug, PartialEq, Eq)]
pub enum ReduceError {
    /// The document is not OpenAPI 3.0.x (progenitor reads no other version).
    Version(String),
    /// Operations of [`OPERATIONS`] the document does not have.
    MissingOperations(Vec<Operation>),
}

impl fmt::Display for ReduceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Version(v) => write!(f, "the spec is OpenAPI {v:?}; only 3.0.x can be generated"),
            Self::MissingOperations(ops) => {
                let names: Vec<String> = ops.iter().map(ToString::to_string).collect();
                write!(f, "the spec has no operation {}", names.join(", no operation "))
            }
        }
    }
}

impl std::error::Error for ReduceError {}

/// Reduces `spec` as the module documentation describes.
pub fn reduce(spec: &Value) -> Result<Value, ReduceError> {
    let version = spec.get("openapi").and_then(Value::as_str).unwrap_or("(none)");
    if !version.starts_with("3.0.") {
        return Err(ReduceError::Version(version.to_owned()));
    }
    let components = spec.get("components").cloned().unwrap_or_else(|| json!({}));
    let found = find_operations(spec)?;

    let mut paths = Map::new();
    let mut error_bodies = Vec::new();
    for (op, path, path_item) in found {
        let mut operation = path_item[op.method].clone();
        strip_extensions(&mut operation);
        if let Some(obj) = operation.as_object_mut() {
            for key in ["security", "callbacks", "servers"] {
                obj.remove(key);
            }
        }
        merge_path_parameters(&mut operation, &path_item, &components);
        keep_json_request_body(&mut operation, &components);
        one_error_type(&mut operation, &components, &mut error_bodies);
        paths
            .entry(path)
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .expect("path items are objects")
            .insert(op.method.to_owned(), operation);
    }

    let mut out = json!({
        "openapi": version,
        "info": spec.get("info").cloned().unwrap_or_else(|| json!({"title": "API", "version": "0"})),
        "paths": paths,
        "components": components,
    });
    if let Some(servers) = spec.get("servers") {
        out["servers"] = servers.clone();
    }
    strip_extensions(&mut out["info"]);
    let merged = merge_error_bodies(&error_bodies, &out["components"]);
    out["components"]["schemas"][MERGED_ERROR] = merged;
    if let Some(c) = out["components"].as_object_mut() {
        c.remove("securitySchemes");
    }

    simplify_document(&mut out);
    open_response_schemas(&mut out);
    drop_request_defaults(&mut out);
    prune_components(&mut out);
    Ok(out)
}

/// Finds each of [`OPERATIONS`] by id: (operation, path, path item).
pub(crate) fn find_operations(spec: &Value) -> Result<Vec<(Operation, String, Value)>, ReduceError> {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    let paths = spec.get("paths").and_then(Value::as_object);
    for op in OPERATIONS {
        let hit = paths.into_iter().flatten().find_map(|(path, item)| {
            METHODS.iter().find_map(|m| {
                (item.get(*m)?.get("operationId")?.as_str()? == op.id).then_some((*m, path, item))
            })
        });
        match hit {
            Some((method, path, item)) => {
                let op = Operation { method: leak_method(method), ..op };
                found.push((op, path.clone(), item.clone()));
            }
            None => missing.push(op),
        }
    }
    if missing.is_empty() { Ok(found) } else { Err(ReduceError::MissingOperations(missing)) }
}

fn leak_method(m: &str) -> &'static str {
    METHODS.iter().find(|x| **x == m).copied().unwrap_or("get")
}

/// Removes every `x-` key of an object (not recursively).
fn strip_extensions(v: &mut Value) {
    if let Some(obj) = v.as_object_mut() {
        obj.retain(|k, _| !k.starts_with("x-"));
    }
}

/// Follows a local `$ref` (`#/components/<kind>/<name>`) once.
pub(crate) fn resolve<'a>(v: &'a Value, components: &'a Value) -> &'a Value {
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

fn lookup<'a>(reference: &str, components: &'a Value) -> Option<&'a Value> {
    let rest = reference.strip_prefix("#/components/")?;
    let (kind, name) = rest.split_once('/')?;
    components.get(kind)?.get(unescape_pointer(name))
}

fn unescape_pointer(s: &str) -> String {
    s.replace("~1", "/").replace("~0", "~")
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

pub(crate) fn is_json_media(name: &str) -> bool {
    let base = name.split(';').next().unwrap_or("").trim();
    base == "application/json" || (base.starts_with("application/") && base.ends_with("+json"))
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

/// Collects every object branch of the error bodies and unions their
/// properties, none required.
fn merge_error_bodies(bodies: &[Value], components: &Value) -> Value {
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

/// Applies the schema rules to every schema of the document.
fn simplify_document(doc: &mut Value) {
    let components = doc["components"].clone();
    visit_schema_roots(doc, &mut |schema| simplify(schema, &components, 0));
}

/// Calls `f` on every schema root: parameters, bodies, headers, components.
fn visit_schema_roots(doc: &mut Value, f: &mut dyn FnMut(&mut Value)) {
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            for method in METHODS {
                let Some(op) = item.get_mut(method) else { continue };
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
            }
        }
    }
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

/// Every `$ref` below `v`.
fn refs_in(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, child) in o {
                if k == "$ref" {
                    if let Some(s) = child.as_str() {
                        out.push(s.to_owned());
                    }
                } else {
                    refs_in(child, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| refs_in(i, out)),
        _ => {}
    }
}

/// The component refs reachable from `roots`, following components.
fn reachable(roots: &[&Value], components: &Value) -> BTreeSet<String> {
    let mut queue: VecDeque<String> = VecDeque::new();
    for r in roots {
        let mut found = Vec::new();
        refs_in(r, &mut found);
        queue.extend(found);
    }
    let mut seen = BTreeSet::new();
    while let Some(r) = queue.pop_front() {
        if !seen.insert(r.clone()) {
            continue;
        }
        if let Some(target) = lookup(&r, components) {
            let mut found = Vec::new();
            refs_in(target, &mut found);
            queue.extend(found);
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
fn open_response_schemas(doc: &mut Value) {
    let components = doc["components"].clone();
    let mut bodies = Vec::new();
    for item in doc["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            if let Some(b) = item.1.get(method).and_then(|op| op.get("requestBody")) {
                bodies.push(b.clone());
            }
        }
    }
    let body_refs: Vec<&Value> = bodies.iter().collect();
    let closed = reachable(&body_refs, &components);
    for item in doc["paths"].as_object_mut().into_iter().flatten() {
        for method in METHODS {
            if let Some(responses) = item.1.get_mut(method).and_then(|op| op.get_mut("responses")) {
                remove_closed(responses);
            }
        }
    }
    if let Some(schemas) = doc.pointer_mut("/components/schemas").and_then(Value::as_object_mut) {
        for (name, schema) in schemas.iter_mut() {
            if !closed.contains(&format!("#/components/schemas/{name}")) {
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
fn drop_request_defaults(doc: &mut Value) {
    let components = doc["components"].clone();
    let mut bodies = Vec::new();
    for item in doc["paths"].as_object_mut().into_iter().flatten() {
        for method in METHODS {
            let body = item.1.get_mut(method).and_then(|op| op.pointer_mut("/requestBody/content"));
            for media in body.and_then(Value::as_object_mut).into_iter().flatten() {
                if let Some(schema) = media.1.get_mut("schema") {
                    bodies.push(schema.clone());
                    remove_defaults(schema);
                }
            }
        }
    }
    let roots: Vec<&Value> = bodies.iter().collect();
    let in_bodies = reachable(&roots, &components);
    if let Some(schemas) = doc.pointer_mut("/components/schemas").and_then(Value::as_object_mut) {
        for (name, schema) in schemas.iter_mut() {
            if in_bodies.contains(&format!("#/components/schemas/{name}")) {
                remove_defaults(schema);
            }
        }
    }
}

/// Step 7: keep only the components something reachable refers to.
fn prune_components(doc: &mut Value) {
    let components = doc["components"].clone();
    let keep = reachable(&[&doc["paths"]], &components);
    if let Some(obj) = doc.as_object_mut() {
        obj.retain(|k, _| matches!(k.as_str(), "openapi" | "info" | "servers" | "paths" | "components"));
    }
    if let Some(kinds) = doc["components"].as_object_mut() {
        for (kind, items) in kinds.iter_mut() {
            if let Some(map) = items.as_object_mut() {
                map.retain(|name, _| {
                    keep.contains(&format!(
                        "#/components/{kind}/{}",
                        name.replace('~', "~0").replace('/', "~1")
                    ))
                });
            }
        }
        kinds.retain(|_, items| items.as_object().is_some_and(|m| !m.is_empty()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_spec;

    fn spec(extra_paths: &str, extra_components: &str) -> Value {
        let text = format!(
            r##"
openapi: 3.0.3
info: {{title: t, version: "1"}}
paths:
  /image/edit:
    post:
      operationId: editImage
      x-payment-info: {{price: 1}}
      security: [{{bearer: []}}]
      requestBody:
        content:
          application/json:
            schema:
              allOf:
                - $ref: "#/components/schemas/Edit"
                - type: object
                  properties:
                    modelId: {{type: string, enum: [a, b]}}
          multipart/form-data:
            schema: {{$ref: "#/components/schemas/Upload"}}
      responses:
        "200":
          description: ok
          content:
            image/png: {{schema: {{type: string, format: binary}}}}
        "400":
          description: bad
          content:
            application/json: {{schema: {{$ref: "#/components/schemas/Detailed"}}}}
        "402":
          description: pay
          content:
            application/json:
              schema:
                oneOf:
                  - $ref: "#/components/schemas/Plain"
                  - type: object
                    properties:
                      x402Version: {{type: integer}}
        "413":
          description: big
          content:
            application/json:
              schema: {{type: object, properties: {{error: {{type: integer}}, code: {{type: string}}}}}}
  /image/multi-edit:
    post:
      operationId: multiEditImage
      responses: {{"200": {{description: ok}}}}
  /image/background-remove:
    post:
      operationId: backgroundRemoveImage
      responses: {{"200": {{description: ok}}}}
  /models:
    get:
      operationId: listModels
      parameters:
        - name: type
          in: query
          schema:
            anyOf:
              - {{type: string, enum: [text, inpaint]}}
              - {{type: string, enum: [all, code]}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Catalogue"}}
{extra_paths}
components:
  securitySchemes:
    bearer: {{type: http, scheme: bearer}}
  schemas:
    Edit:
      type: object
      additionalProperties: false
      required: [image, prompt]
      properties:
        prompt: {{type: string}}
        modelId: {{type: string, minLength: 1}}
        image:
          anyOf: [{{}}, {{type: string}}, {{type: string, format: uri}}]
    Upload: {{type: object, properties: {{image: {{type: string, format: binary}}}}}}
    Plain: {{type: object, required: [error], properties: {{error: {{type: string}}}}}}
    Detailed:
      type: object
      required: [error]
      properties:
        error: {{type: string}}
        details: {{type: object}}
    Catalogue:
      type: object
      additionalProperties: false
      properties:
        data: {{type: array, items: {{type: object, additionalProperties: false, properties: {{id: {{type: string}}}}}}}}
    Unused: {{type: string}}
{extra_components}
"##
        );
        parse_spec(&text).unwrap()
    }

    fn reduced() -> Value {
        reduce(&spec(
            "  /chat:\n    post:\n      operationId: chat\n      responses: {\"200\": {description: ok}}\n",
            "",
        ))
        .unwrap()
    }

    #[test]
    fn keeps_only_the_four_operations() {
        let r = reduced();
        let paths: Vec<_> = r["paths"].as_object().unwrap().keys().cloned().collect();
        assert_eq!(paths, ["/image/background-remove", "/image/edit", "/image/multi-edit", "/models"]);
    }

    #[test]
    fn keeps_only_json_request_bodies() {
        let r = reduced();
        let content = r.pointer("/paths/~1image~1edit/post/requestBody/content").unwrap();
        let media: Vec<_> = content.as_object().unwrap().keys().cloned().collect();
        assert_eq!(media, ["application/json"]);
    }

    #[test]
    fn flattens_all_of_and_collapses_string_unions() {
        let r = reduced();
        let body =
            r.pointer("/paths/~1image~1edit/post/requestBody/content/application~1json/schema").unwrap();
        assert!(body.get("allOf").is_none());
        assert_eq!(body["type"], "object");
        assert_eq!(body["required"], json!(["image", "prompt"]));
        // The first member's constraint stays, the second's enum is added.
        assert_eq!(
            body["properties"]["modelId"],
            json!({"type": "string", "minLength": 1, "enum": ["a", "b"]})
        );
        assert_eq!(body["properties"]["image"], json!({"type": "string"}));
        // Request bodies stay closed.
        assert_eq!(body["additionalProperties"], json!(false));
    }

    #[test]
    fn any_of_enum_query_parameter_becomes_one_enum() {
        let r = reduced();
        let schema = r.pointer("/paths/~1models/get/parameters/0/schema").unwrap();
        assert_eq!(schema, &json!({"type": "string", "enum": ["text", "inpaint", "all", "code"]}));
    }

    #[test]
    fn every_error_points_at_one_merged_schema_with_optional_fields() {
        let r = reduced();
        let expected = json!({"$ref": "#/components/schemas/ApiError"});
        for status in ["400", "402", "413"] {
            let p = format!("/paths/~1image~1edit/post/responses/{status}/content/application~1json/schema");
            assert_eq!(r.pointer(&p), Some(&expected), "status {status}");
        }
        let merged = &r["components"]["schemas"]["ApiError"];
        assert!(merged.get("required").is_none());
        let props: BTreeSet<_> = merged["properties"].as_object().unwrap().keys().cloned().collect();
        assert_eq!(props, ["code", "details", "error", "x402Version"].map(String::from).into());
        // `error` is a string in two bodies and an integer in one: untyped.
        assert!(merged["properties"]["error"].get("type").is_none());
        assert_eq!(merged["properties"]["code"]["type"], "string");
    }

    #[test]
    fn responses_read_tolerantly() {
        let r = reduced();
        let catalogue = &r["components"]["schemas"]["Catalogue"];
        assert!(catalogue.get("additionalProperties").is_none());
        assert!(catalogue["properties"]["data"]["items"].get("additionalProperties").is_none());
    }

    #[test]
    fn prunes_unreferenced_components_extensions_and_security() {
        let r = reduced();
        let schemas: BTreeSet<_> = r["components"]["schemas"].as_object().unwrap().keys().cloned().collect();
        // Edit was inlined by the allOf flattening, the error bodies merged, Unused never used.
        assert_eq!(schemas, ["ApiError", "Catalogue"].map(String::from).into());
        assert!(r["components"].get("securitySchemes").is_none());
        let op = r.pointer("/paths/~1image~1edit/post").unwrap();
        assert!(op.get("x-payment-info").is_none() && op.get("security").is_none());
    }

    #[test]
    fn missing_operation_is_named_in_one_line() {
        let mut s = spec("", "");
        s["paths"].as_object_mut().unwrap().remove("/image/multi-edit");
        let err = reduce(&s).unwrap_err();
        assert_eq!(err.to_string(), "the spec has no operation `multiEditImage` (POST /image/multi-edit)");
    }

    #[test]
    fn only_openapi_3_0_is_accepted() {
        let mut s = spec("", "");
        s["openapi"] = json!("3.1.0");
        assert_eq!(reduce(&s).unwrap_err(), ReduceError::Version("3.1.0".into()));
    }

    #[test]
    fn reduction_is_deterministic_and_idempotent() {
        let once = reduced();
        assert_eq!(once, reduced());
        assert_eq!(reduce(&once).unwrap(), once);
    }

    #[test]
    fn request_bodies_carry_no_defaults() {
        let mut s = spec("", "");
        s["components"]["schemas"]["Edit"]["properties"]["model"] = json!({"type": "string", "default": "m"});
        s["components"]["schemas"]["Edit"]["properties"]["default"] =
            json!({"type": "boolean", "default": true});
        let r = reduce(&s).unwrap();
        let body =
            r.pointer("/paths/~1image~1edit/post/requestBody/content/application~1json/schema").unwrap();
        assert_eq!(body["properties"]["model"], json!({"type": "string"}));
        // A property named `default` is a field, not a keyword: it stays.
        assert_eq!(body["properties"]["default"], json!({"type": "boolean"}));
    }

    #[test]
    fn lowest_success_status_wins() {
        let mut s = spec("", "");
        s["paths"]["/image/multi-edit"]["post"]["responses"]["201"] = json!({"description": "x"});
        s["paths"]["/image/multi-edit"]["post"]["responses"]["202"] = json!({"description": "y"});
        let r = reduce(&s).unwrap();
        let statuses: Vec<_> = r
            .pointer("/paths/~1image~1multi-edit/post/responses")
            .unwrap()
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(statuses, ["200"]);
    }
}
