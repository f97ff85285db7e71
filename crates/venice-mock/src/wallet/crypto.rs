//! Keccak-256, the address of a recovered secp256k1 signer, and EIP-55
//! checksums, as the verifier needs them.

use k256::ecdsa::{RecoveryId, Signature, VerifyingKey};
use sha3::{Digest, Keccak256};

/// `keccak256(data)`.
pub fn keccak256(data: &[u8]) -> [u8; 32] {
    let mut h = Keccak256::new();
    h.update(data);
    h.finalize().into()
}

/// Lower-case hex without a prefix.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes of a hex string (`0x` optional), any even length.
pub fn from_hex(text: &str) -> Option<Vec<u8>> {
    let t = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")).unwrap_or(text);
    if !t.len().is_multiple_of(2) || !t.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..t.len()).step_by(2).map(|i| u8::from_str_radix(&t[i..i + 2], 16).ok()).collect()
}

/// The EIP-55 form of a lower-case 40-digit address.
pub fn eip55(lower_hex40: &str) -> String {
    let hash = to_hex(&keccak256(lower_hex40.as_bytes()));
    let mut out = String::from("0x");
    for (c, h) in lower_hex40.chars().zip(hash.chars()) {
        let high = h.to_digit(16).unwrap_or(0) >= 8;
        out.push(if high { c.to_ascii_uppercase() } else { c });
    }
    out
}

/// Whether `address` is `0x` + 40 hex digits in its EIP-55 form.
pub fn is_checksummed(address: &str) -> bool {
    address.len() == 42 && from_hex(address).is_some() && eip55(&address[2..].to_ascii_lowercase()) == address
}

/// The address (`0x` + lower-case hex) that signed `digest` with the
/// 65-byte r‖s‖v `signature` (v 27/28, or 0/1); `None` when it does not
/// recover.
pub fn recover(digest: &[u8; 32], signature: &[u8]) -> Option<String> {
    if signature.len() != 65 {
        return None;
    }
    let v = match signature[64] {
        27 | 28 => signature[64] - 27,
        0 | 1 => signature[64],
        _ => return None,
    };
    let sig = Signature::from_slice(&signature[..64]).ok()?;
    // Ethereum refuses high-s signatures (EIP-2).
    if sig.normalize_s() != sig {
        return None;
    }
    let key = VerifyingKey::recover_from_prehash(digest, &sig, RecoveryId::from_byte(v)?).ok()?;
    let point = key.to_sec1_point(false);
    let public = point.as_bytes();
    Some(format!("0x{}", to_hex(&keccak256(public.get(1..)?)[12..])))
}

/// The EIP-191 (`personal_sign`) digest of `message`.
pub fn personal_digest(message: &str) -> [u8; 32] {
    let mut data = format!("\u{19}Ethereum Signed Message:\n{}", message.len()).into_bytes();
    data.extend_from_slice(message.as_bytes());
    keccak256(&data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_facts_sign_in_recovers_to_its_address() {
        let message = "api.venice.ai wants you to sign in with your Ethereum account:\n0x03f8CC401447b971Ef72e23Aa684d5F3C790A5a3\n\nSign in to Venice AI\n\nURI: https://api.venice.ai\nVersion: 1\nChain ID: 8453\nNonce: 0123456789abcdef\nIssued At: 2026-12-01T12:00:00.000Z\nExpiration Time: 2026-12-01T12:04:00.000Z";
        let sig = from_hex("0x25c18a09bdda78996a545468d8294e6f1bb55bd7aedec8b9803df0211ea0ab6b3e773c1db08c47fbc423de9ec9ef2ec92571fe9f4ef357bee6d4d6128cc6f76b1b").unwrap();
        let who = recover(&personal_digest(message), &sig).unwrap();
        assert_eq!(eip55(&who[2..]), "0x03f8CC401447b971Ef72e23Aa684d5F3C790A5a3");
        assert!(is_checksummed("0x03f8CC401447b971Ef72e23Aa684d5F3C790A5a3"));
        assert!(!is_checksummed("0x03f8cc401447b971ef72e23aa684d5f3c790a5a3"));
        let mut forged = sig.clone();
        forged[10] ^= 1;
        assert_ne!(recover(&personal_digest(message), &forged).as_deref(), Some(who.as_str()));
    }
}
