//! The reduction steps, each on a small spec that exercises it.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::*;
use crate::spec::{SpecError, fixture};

fn spec(extra_paths: &str, extra_components: &str) -> Value {
    fixture::spec(&format!("{PATHS}{extra_paths}"), &format!("{COMPONENTS}{extra_components}"))
}

/// An edit operation using most of what the steps handle and a model list
/// with an `anyOf` query parameter; the other operations are stubs.
const PATHS: &str = r##"  /image/edit:
    post:
      operationId: editImage
      x-payment-info: {price: 1}
      security: [{bearer: []}]
      requestBody:
        content:
          application/json:
            schema:
              allOf:
                - $ref: "#/components/schemas/Edit"
                - type: object
                  properties:
                    modelId: {type: string, enum: [a, b]}
          multipart/form-data:
            schema: {$ref: "#/components/schemas/Upload"}
      responses:
        "200":
          description: ok
          content:
            image/png: {schema: {type: string, format: binary}}
        "400":
          description: bad
          content:
            application/json: {schema: {$ref: "#/components/schemas/Detailed"}}
        "402":
          description: pay
          content:
            application/json:
              schema:
                oneOf:
                  - $ref: "#/components/schemas/Plain"
                  - type: object
                    properties:
                      x402Version: {type: integer}
        "413":
          description: big
          content:
            application/json:
              schema: {type: object, properties: {error: {type: integer}, code: {type: string}}}
  /models:
    get:
      operationId: listModels
      parameters:
        - name: type
          in: query
          schema:
            anyOf:
              - {type: string, enum: [text, inpaint]}
              - {type: string, enum: [all, code]}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Catalogue"}
"##;

const COMPONENTS: &str = r##"  securitySchemes:
    bearer: {type: http, scheme: bearer}
  schemas:
    Edit:
      type: object
      additionalProperties: false
      required: [image, prompt]
      properties:
        prompt: {type: string}
        modelId: {type: string, minLength: 1}
        image:
          anyOf: [{}, {type: string}, {type: string, format: uri}]
    Upload: {type: object, properties: {image: {type: string, format: binary}}}
    Plain: {type: object, required: [error], properties: {error: {type: string}}}
    Detailed:
      type: object
      required: [error]
      properties:
        error: {type: string}
        details: {type: object}
    Catalogue:
      type: object
      additionalProperties: false
      properties:
        data: {type: array, items: {type: object, additionalProperties: false, properties: {id: {type: string}}}}
    Unused: {type: string}
"##;

fn reduced() -> Value {
    reduce(&spec(
        "  /chat:\n    post:\n      operationId: chat\n      responses: {\"200\": {description: ok}}\n",
        "",
    ))
    .unwrap()
}

#[test]
fn keeps_only_the_seven_operations() {
    let r = reduced();
    let paths: Vec<_> = r["paths"].as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        paths,
        [
            "/image/background-remove",
            "/image/edit",
            "/image/generate",
            "/image/multi-edit",
            "/image/styles",
            "/image/upscale",
            "/models"
        ]
    );
    assert_eq!(r["paths"]["/image/upscale"]["post"]["operationId"], "upscaleImage");
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
    let body = r.pointer("/paths/~1image~1edit/post/requestBody/content/application~1json/schema").unwrap();
    assert!(body.get("allOf").is_none());
    assert_eq!(body["type"], "object");
    assert_eq!(body["required"], json!(["image", "prompt"]));
    // The first member's constraint stays, the second's enum is added.
    assert_eq!(body["properties"]["modelId"], json!({"type": "string", "minLength": 1, "enum": ["a", "b"]}));
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
    assert_eq!(reduce(&s).unwrap_err(), SpecError::Version(Some("3.1.0".into())));
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
    s["components"]["schemas"]["Edit"]["properties"]["default"] = json!({"type": "boolean", "default": true});
    let r = reduce(&s).unwrap();
    let body = r.pointer("/paths/~1image~1edit/post/requestBody/content/application~1json/schema").unwrap();
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

#[test]
fn an_unnamed_operation_gets_its_surface_id_and_a_mixed_success_keeps_json() {
    let mut s = spec(
        "  /image/generate:\n    post:\n      operationId: generateImage\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json: {schema: {type: object}}\n            image/png: {schema: {type: string, format: binary}}\n",
        "",
    );
    s["paths"]["/image/styles"]["get"].as_object_mut().unwrap().remove("operationId");
    let r = reduce(&s).unwrap();
    assert_eq!(r["paths"]["/image/styles"]["get"]["operationId"], "listImageStyles");
    let content = r.pointer("/paths/~1image~1generate/post/responses/200/content").unwrap();
    let media: Vec<_> = content.as_object().unwrap().keys().cloned().collect();
    assert_eq!(media, ["application/json"]);
}
