//! Hex text for keys, addresses and signatures (`0x`-prefixed, lower case
//! out; either case, with or without `0x`, in).

/// `0x` and lower-case hex.
pub(crate) fn encode(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(2 + bytes.len() * 2);
    s.push_str("0x");
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    s
}

/// Exactly `N` bytes of hex, `0x` optional; `None` otherwise.
pub(crate) fn decode<const N: usize>(text: &str) -> Option<[u8; N]> {
    let t = text.trim();
    let t = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")).unwrap_or(t);
    if t.len() != N * 2 {
        return None;
    }
    let mut out = [0u8; N];
    for (i, pair) in t.as_bytes().chunks_exact(2).enumerate() {
        let digit = |c: u8| char::from(c).to_digit(16);
        out[i] = u8::try_from(digit(pair[0])? << 4 | digit(pair[1])?).ok()?;
    }
    Some(out)
}

/// Any even number of hex digits, `0x` optional.
pub(crate) fn decode_vec(text: &str) -> Option<Vec<u8>> {
    let t = text.trim();
    let t = t.strip_prefix("0x").unwrap_or(t);
    if !t.len().is_multiple_of(2) {
        return None;
    }
    t.as_bytes()
        .chunks_exact(2)
        .map(|p| {
            let digit = |c: u8| char::from(c).to_digit(16);
            u8::try_from(digit(p[0])? << 4 | digit(p[1])?).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trips() {
        assert_eq!(super::encode(&[0, 0xab, 0x10]), "0x00ab10");
        assert_eq!(super::decode::<3>("0x00AB10"), Some([0, 0xab, 0x10]));
        assert_eq!(super::decode::<3>("00ab10"), Some([0, 0xab, 0x10]));
        assert_eq!(super::decode::<3>("00ab1"), None);
        assert_eq!(super::decode::<1>("zz"), None);
        assert_eq!(super::decode_vec("0x0102"), Some(vec![1, 2]));
    }
}
