//! Text from the service (error messages, the enhanced prompt, deprecation
//! notices, model names) made safe for a terminal before it is printed: C0
//! and C1 control characters and DEL are shown as `\x..` escapes, so that
//! an answer cannot move the cursor, clear the screen, retitle the window
//! or write the clipboard (`ESC ] 52`). Line breaks and tabs stay. JSON
//! output needs none of this: serde escapes control characters itself.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` is a control character a terminal may act on.
fn is_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || c == '\u{7f}'
}

/// `text` with every control character but line breaks and tabs escaped.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_control(c) {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escapes_are_shown_not_obeyed() {
        let hostile = "bad\u{1b}]52;c;ZWNobyBwd25lZA==\u{7}model\u{1b}[2J\u{9b}31m\r";
        let safe = terminal_safe(hostile);
        assert_eq!(safe, "bad\\x1b]52;c;ZWNobyBwd25lZA==\\x07model\\x1b[2J\\x9b31m\\x0d");
        assert_eq!(terminal_safe("line 1\n\tline 2 — ünïcode"), "line 1\n\tline 2 — ünïcode");
        assert!(matches!(terminal_safe("plain"), Cow::Borrowed(_)));
    }

    proptest! {
        /// Whatever the service sends, no control character but a line
        /// break or a tab reaches the terminal, and plain text is unchanged.
        #[test]
        fn nothing_a_terminal_obeys_gets_through(text in any::<String>()) {
            let safe = terminal_safe(&text);
            prop_assert!(!safe.chars().any(is_control));
            if !text.chars().any(is_control) {
                prop_assert_eq!(safe.as_ref(), text.as_str());
            }
        }
    }
}
