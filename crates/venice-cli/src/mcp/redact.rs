//! Keeps the API key out of every tool result and log line. The library
//! never shows the key, but an agent can echo it (in a prompt, a model id, a
//! path) into messages that quote the agent's values; every answer passes
//! through here first. The secrets are read from where the client reads
//! them (`VENICE_API_KEY`, the key file). Every copy of a secret held
//! here is wiped from memory when dropped (`zeroize`).

use std::path::Path;

use serde_json::Value;
use venice_image::API_KEY_ENV;
use zeroize::Zeroizing;

const REDACTED: &str = "[redacted]";

/// Shorter values are too likely to occur by chance to be worth replacing.
const MIN_SECRET: usize = 8;

/// The secrets to hide.
#[derive(Clone, Default)]
pub struct Redactor {
    secrets: Vec<Zeroizing<String>>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} secret(s))", self.secrets.len())
    }
}

impl Redactor {
    /// Hides these values.
    pub fn new(secrets: impl IntoIterator<Item = Zeroizing<String>>) -> Self {
        let mut secrets: Vec<Zeroizing<String>> = secrets
            .into_iter()
            .map(|s| Zeroizing::new(s.trim().to_owned()))
            .filter(|s| s.len() >= MIN_SECRET)
            .collect();
        secrets.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        secrets.dedup();
        // Longest first, so that a key containing another is hidden whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        Self { secrets }
    }

    /// The key from the environment and from the key file, where set.
    pub fn from_environment(key_file: Option<&Path>) -> Self {
        let env = std::env::var(API_KEY_ENV).ok().map(Zeroizing::new);
        let file = key_file.and_then(|p| std::fs::read_to_string(p).ok()).map(Zeroizing::new);
        let lines: Vec<Zeroizing<String>> =
            file.iter().flat_map(|f| f.lines().map(|l| Zeroizing::new(l.to_owned()))).collect();
        Self::new(env.into_iter().chain(file).chain(lines))
    }

    /// These secrets too: a wallet's key from `VENICE_WALLET_KEY` and from
    /// its key file (with and without `0x`).
    pub fn with_wallet(mut self, key_file: Option<&Path>) -> Self {
        let env = std::env::var("VENICE_WALLET_KEY").ok().map(Zeroizing::new);
        let file = key_file.and_then(|p| std::fs::read_to_string(p).ok()).map(Zeroizing::new);
        let mut all = std::mem::take(&mut self.secrets);
        for k in env.into_iter().chain(file) {
            let k = k.trim();
            all.push(Zeroizing::new(k.trim_start_matches("0x").to_owned()));
            all.push(Zeroizing::new(k.to_owned()));
        }
        Self::new(all)
    }

    /// `text` with every secret replaced.
    pub fn text(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for s in &self.secrets {
            if out.contains(s.as_str()) {
                out = out.replace(s.as_str(), REDACTED);
            }
        }
        out
    }

    /// `value` with every secret replaced in its strings and keys.
    pub fn json(&self, value: &mut Value) {
        match value {
            Value::String(s) if self.secrets.iter().any(|k| s.contains(k.as_str())) => *s = self.text(s),
            Value::Array(items) => items.iter_mut().for_each(|v| self.json(v)),
            Value::Object(map) => {
                let entries = std::mem::take(map);
                for (k, mut v) in entries {
                    self.json(&mut v);
                    map.insert(self.text(&k), v);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_replaced_everywhere_and_short_values_left_alone() {
        let r = Redactor::new(["sk-abcdef123456", "short"].map(|s| Zeroizing::new(s.to_owned())));
        assert_eq!(r.text("model sk-abcdef123456 not found"), "model [redacted] not found");
        assert_eq!(r.text("a short word"), "a short word");
        let mut v = serde_json::json!({"error": "x sk-abcdef123456", "list": ["sk-abcdef123456"], "sk-abcdef123456": 1});
        r.json(&mut v);
        assert!(!v.to_string().contains("sk-abcdef123456"), "{v}");
        assert_eq!(v["error"], "x [redacted]");
    }
}
