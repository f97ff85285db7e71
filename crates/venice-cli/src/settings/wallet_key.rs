//! What a wallet key's text is, and the signer it makes: an EVM key (64
//! hex digits, `0x` optional) or a Solana key (a base58 secret key, as
//! Solana wallets export it, or a Solana CLI keypair file's JSON array of
//! 64 numbers, `~/.config/solana/id.json`). The text is never echoed.

use std::sync::Arc;

use venice_image::{EvmWallet, SolanaWallet, WalletSigner};

/// The forms a key may take, for errors.
const FORMS: &str = "an EVM key (64 hex digits, 0x optional) or a Solana key (a base58 secret key, \
                     or a keypair file's JSON array of 64 numbers)";

/// Whether `text` is written in hex (an EVM key, perhaps a malformed one).
fn is_hex(text: &str) -> bool {
    let digits = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The signer `text` holds; the error names the forms a key may take.
pub fn signer_of(text: &str) -> Result<Arc<dyn WalletSigner>, String> {
    let t = text.trim();
    let signer: Result<Arc<dyn WalletSigner>, venice_image::Error> = if t.starts_with('[') {
        SolanaWallet::from_keypair_json(t).map(|w| Arc::new(w) as Arc<dyn WalletSigner>)
    } else if is_hex(t) {
        EvmWallet::from_hex(t).map(|w| Arc::new(w) as Arc<dyn WalletSigner>)
    } else {
        SolanaWallet::from_base58(t).map(|w| Arc::new(w) as Arc<dyn WalletSigner>)
    };
    signer.map_err(|e| format!("{e} (a wallet key is {FORMS})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_form_makes_its_signer() {
        let evm = signer_of("0xe4a17084bbb9d80cb1c60b9ffe8f18f966998b8f8de23c4c8653bb3cfcdc1f9b\n").unwrap();
        assert_eq!(evm.address(), "0x03f8CC401447b971Ef72e23Aa684d5F3C790A5a3");
        assert_eq!(evm.chain_id(), "eip155:8453");
        let seed = [7u8; 32];
        let sol = SolanaWallet::from_seed(&seed);
        let public = bs58_of(sol.address());
        let mut pair = seed.to_vec();
        pair.extend(public);
        let from_file = signer_of(&format!("{pair:?}\n")).unwrap();
        assert_eq!(from_file.address(), sol.address());
        assert!(from_file.chain_id().starts_with("solana:"));
        let err = signer_of("0x1234").unwrap_err();
        assert!(err.contains("64 hex digits") && !err.contains("0x1234"), "{err}");
        assert!(signer_of("not a key!").is_err());
    }

    fn bs58_of(address: &str) -> Vec<u8> {
        // The address is base58 of the public key; decode it the long way.
        const ALPHABET: &str = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        let mut n: Vec<u8> = vec![0; 32];
        for c in address.chars() {
            let mut carry = ALPHABET.find(c).unwrap() as u32;
            for b in n.iter_mut().rev() {
                carry += u32::from(*b) * 58;
                *b = (carry & 0xff) as u8;
                carry >>= 8;
            }
        }
        n
    }
}
