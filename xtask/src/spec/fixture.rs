//! Small specs for tests: whatever a test writes, plus a stub for each
//! operation of the surface it leaves out, so every test spec is complete.

use serde_json::{Value, json};

use super::{OPERATIONS, operations, parse_spec};

/// A spec with the given `paths` and `components` YAML (each indented as
/// under its key) and a stub (`200`, nothing else) for every operation of
/// [`OPERATIONS`] that `paths` does not define.
pub fn spec(paths: &str, components: &str) -> Value {
    let mut text = String::from("openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\n");
    text += if paths.trim().is_empty() { "paths: {}\n" } else { "paths:\n" };
    text += paths;
    if !components.trim().is_empty() {
        text += "\ncomponents:\n";
        text += components;
    }
    let mut spec = parse_spec(&text).expect("a test spec is valid YAML");
    for op in OPERATIONS {
        let defined = operations(&spec).any(|(_, _, o)| o["operationId"] == op.id);
        if !defined {
            spec["paths"][op.path][op.method] =
                json!({"operationId": op.id, "responses": {"200": {"description": "ok"}}});
        }
    }
    spec
}

/// The `paths` YAML of an `editImage` operation with the given request body
/// `content` and `responses` (each indented as under its key).
pub fn edit_operation(content: &str, responses: &str) -> String {
    format!(
        "  /image/edit:\n    post:\n      operationId: editImage\n      requestBody:\n        content:\n\
         {content}\n      responses:\n{responses}\n"
    )
}

#[test]
fn stubs_fill_in_what_a_test_leaves_out() {
    let edit = edit_operation(
        "          text/plain: {schema: {type: string}}",
        "        \"204\": {description: done}",
    );
    let s = spec(&edit, "");
    let post = &s["paths"]["/image/edit"]["post"];
    assert_eq!(post["requestBody"]["content"]["text/plain"]["schema"]["type"], "string");
    assert_eq!(post["responses"]["204"]["description"], "done");
    for op in OPERATIONS {
        assert_eq!(s["paths"][op.path][op.method]["operationId"], op.id);
    }
    assert!(s.get("components").is_none());
}
