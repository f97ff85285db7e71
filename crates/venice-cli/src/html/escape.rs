//! The one escaping function every page uses for text and attribute values
//! that come from a user (prompts, file names) or the service (model names,
//! error messages), and relative links to files beside the page.

/// Escapes `text` for HTML text and double- or single-quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A link to `path` (a file name, `folder/file`, or a `file://` URL), percent-encoded
/// so that spaces, `#`, `?` and `%` in names reach the right file, then
/// escaped for an attribute.
pub fn href(path: &str) -> String {
    // An absolute file URL keeps its scheme; everything else is a path.
    if let Some(rest) = path.strip_prefix("file://") {
        return format!("file://{}", href(rest));
    }
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(char::from(b));
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    escape(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_quotes_become_text() {
        assert_eq!(escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(escape(r#"a "b" & 'c'"#), "a &quot;b&quot; &amp; &#39;c&#39;");
        assert_eq!(escape("plain text, café"), "plain text, café");
        assert_eq!(escape("&amp;"), "&amp;amp;", "escaped once more: the text shows as typed");
    }

    #[test]
    fn links_are_percent_encoded_and_cannot_leave_the_attribute() {
        assert_eq!(href("thumbs/my photo #1.jpg"), "thumbs/my%20photo%20%231.jpg");
        assert_eq!(href("a\"onload=x.png"), "a%22onload%3Dx.png");
        assert_eq!(href("café.png"), "caf%C3%A9.png");
        assert_eq!(href("javascript:alert(1)"), "javascript%3Aalert%281%29", "never a scheme");
    }
}
