//! Reading an OpenAPI document from YAML or JSON into a `serde_json::Value`.
//!
//! YAML is read with YAML 1.2 core-schema rules (`serde_norway`), so a bare
//! `16:9` stays the string `"16:9"`: a YAML 1.1 reader turns it into the
//! base-60 integer 969, and Venice's spec has such values unquoted.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde_json::{Map, Number, Value};

/// Reads the spec at `path` (YAML or JSON; JSON is a subset of YAML 1.2).
pub fn load_spec(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the spec at {}", path.display()))?;
    parse_spec(&text).with_context(|| format!("{} is not a readable YAML or JSON spec", path.display()))
}

/// Parses YAML 1.2 (or JSON) text into a JSON value.
pub fn parse_spec(text: &str) -> Result<Value> {
    let yaml: serde_norway::Value = serde_norway::from_str(text)?;
    to_json(yaml)
}

fn to_json(value: serde_norway::Value) -> Result<Value> {
    use serde_norway::Value as Y;
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Number(i.into())
            } else if let Some(u) = n.as_u64() {
                Value::Number(u.into())
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                match Number::from_f64(f) {
                    Some(num) => Value::Number(num),
                    None => bail!("the number {n} has no JSON form"),
                }
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(to_json).collect::<Result<_>>()?),
        Y::Mapping(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                out.insert(key_string(k)?, to_json(v)?);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => to_json(tagged.value)?,
    })
}

/// Mapping keys become strings, as JSON needs: status codes written as a bare
/// `200:` are numbers in YAML.
fn key_string(key: serde_norway::Value) -> Result<String> {
    use serde_norway::Value as Y;
    Ok(match key {
        Y::String(s) => s,
        Y::Number(n) => n.to_string(),
        Y::Bool(b) => b.to_string(),
        Y::Null => "null".to_owned(),
        other => bail!("a mapping key must be a scalar, found {other:?}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ratios_stay_strings_as_yaml_1_2_requires() {
        let v = parse_spec("enum: [auto, 1:1, 16:9, 21:9]\nflag: yes\n").unwrap();
        assert_eq!(v["enum"], json!(["auto", "1:1", "16:9", "21:9"]));
        // YAML 1.1 would make this a boolean.
        assert_eq!(v["flag"], json!("yes"));
    }

    #[test]
    fn numeric_keys_become_strings() {
        let v = parse_spec("responses:\n  200: {description: ok}\n  \"404\": {description: no}\n").unwrap();
        let keys: Vec<_> = v["responses"].as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["200", "404"]);
    }

    #[test]
    fn json_is_read_too() {
        let v = parse_spec(r#"{"openapi": "3.0.3", "n": 1.5}"#).unwrap();
        assert_eq!(v, json!({"openapi": "3.0.3", "n": 1.5}));
    }

    #[test]
    fn broken_yaml_is_an_error_not_a_panic() {
        assert!(parse_spec("a: [1, 2").is_err());
    }
}
