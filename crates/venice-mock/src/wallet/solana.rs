//! A Solana sign-in's own checks, as Venice's spec describes them: the
//! payload's `chainId` (`solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp`) and the
//! message's `Chain ID` (Solana mainnet's genesis hash), the address a
//! base58 Ed25519 public key, and the signature (base58 or base64, 64
//! bytes) an Ed25519 signature of the message's UTF-8 bytes by it.
//! Written apart from the client's `SolanaWallet`, with `ed25519-dalek`'s
//! strict verification.

use ed25519_dalek::{Signature, VerifyingKey};
use serde_json::Value;

use super::siwx::{Refusal, refuse};
use super::terms::SOLANA_CHAIN;

/// Solana mainnet's genesis hash, as the message writes its chain.
fn genesis() -> &'static str {
    SOLANA_CHAIN.trim_start_matches("solana:")
}

/// The payload's `chainId` and the message's `Chain ID`: Solana mainnet.
pub(super) fn check_chain(chain: &Value, message_chain: Option<&str>) -> Result<(), Refusal> {
    let chain = chain.as_str().unwrap_or_default();
    if chain != SOLANA_CHAIN && chain != genesis() {
        return Err(refuse(
            "UNSUPPORTED_CHAIN",
            format!("chain {chain:?} is not supported ({SOLANA_CHAIN} is)"),
        ));
    }
    let named = message_chain.map(|c| c.trim_start_matches("solana:"));
    if named != Some(genesis()) {
        return Err(refuse("CHAIN_MISMATCH", "the message's Chain ID is not Solana mainnet's"));
    }
    Ok(())
}

/// Bytes of a base58 or base64 text of exactly `N` bytes.
fn bytes<const N: usize>(text: &str) -> Option<[u8; N]> {
    let t = text.trim();
    bs58::decode(t)
        .into_vec()
        .ok()
        .filter(|b| b.len() == N)
        .or_else(|| base64_simd::STANDARD.decode_to_vec(t).ok().filter(|b| b.len() == N))
        .and_then(|b| b.try_into().ok())
}

/// The signer (the address as sent) when `signature` is `address`'s
/// Ed25519 signature of `message`.
pub(super) fn verify(message: &str, address: &str, signature: &str) -> Result<String, Refusal> {
    let public = bs58::decode(address)
        .into_vec()
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .and_then(|b| VerifyingKey::from_bytes(&b).ok())
        .ok_or_else(|| refuse("INVALID_MESSAGE", "the message's address is not a Solana public key"))?;
    let sig = bytes::<64>(signature)
        .ok_or_else(|| refuse("INVALID_SIGNATURE", "the signature is not 64 bytes of base58 or base64"))?;
    public
        .verify_strict(message.as_bytes(), &Signature::from_bytes(&sig))
        .map(|()| address.to_owned())
        .map_err(|_| refuse("INVALID_SIGNATURE", "the signature is not the address's"))
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::{Signer, SigningKey};
    use serde_json::json;

    use super::super::siwx::verify;
    use super::super::time::format_rfc3339;

    const NOW: i64 = 1_796_126_400_000;

    fn header(message_chain: &str, chain: &str, forge: bool, base64_sig: bool) -> String {
        let key = SigningKey::from_bytes(&[7; 32]);
        let address = bs58::encode(key.verifying_key().as_bytes()).into_string();
        let message = format!(
            "api.venice.ai wants you to sign in with your Solana account:\n{address}\n\nSign in to Venice AI\n\n\
             URI: https://api.venice.ai\nVersion: 1\nChain ID: {message_chain}\nNonce: 0123456789abcdef\n\
             Issued At: {}\nExpiration Time: {}",
            format_rfc3339(NOW),
            format_rfc3339(NOW + 240_000)
        );
        let sig = key.sign(message.as_bytes()).to_bytes();
        let signed = if forge { message.replace("0123456789abcdef", "0123456789abcdee") } else { message };
        let signature = if base64_sig {
            base64_simd::STANDARD.encode_to_string(sig)
        } else {
            bs58::encode(sig).into_string()
        };
        let v = json!({"address": address, "message": signed, "signature": signature, "timestamp": NOW,
            "chainId": chain, "type": "ed25519"});
        base64_simd::STANDARD.encode_to_string(v.to_string())
    }

    #[test]
    fn an_ed25519_sign_in_verifies_and_a_forged_one_does_not() {
        let mainnet = "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp";
        let chain = "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp";
        for b64 in [false, true] {
            let ok = verify(&header(mainnet, chain, false, b64), NOW).unwrap();
            assert!(!ok.address.starts_with("0x") && ok.address.len() >= 32, "{ok:?}");
        }
        let code = |h: String| verify(&h, NOW).unwrap_err().code;
        assert_eq!(code(header(mainnet, chain, true, false)), "INVALID_SIGNATURE");
        assert_eq!(code(header(mainnet, "solana:devnet", false, false)), "UNSUPPORTED_CHAIN");
        assert_eq!(code(header("EtWTRABZaYq6iMfeYKouRu166VU2xqa1", chain, false, false)), "CHAIN_MISMATCH");
    }
}
