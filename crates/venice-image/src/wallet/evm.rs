//! [`EvmWallet`]: a secp256k1 key held in memory (zeroized on drop by
//! `k256`), its EIP-55 address, EIP-191 `personal_sign` for sign-in and
//! raw digest signing for EIP-712 payments.

use std::fmt;
use std::time::SystemTime;

use k256::ecdsa::SigningKey;

use super::eip712::keccak;
use super::{SignIn, WalletSigner, hex, siwe};
use crate::auth::secret::Secret;
use crate::error::Error;
use crate::error::wallet::WalletError;

/// The domain a sign-in names (the service's).
pub const SIGN_IN_DOMAIN: &str = "api.venice.ai";
/// The URI a sign-in names.
pub const SIGN_IN_URI: &str = "https://api.venice.ai";
/// Base mainnet, the chain Venice's wallets are on.
pub const BASE_CHAIN_ID: u64 = 8453;
const BASE_CHAIN_ID_TEXT: &str = "8453";
/// The statement every sign-in message carries.
pub(crate) const STATEMENT: &str = "Sign in to Venice AI";

/// An Ethereum (Base) wallet from its private key. `Debug` shows the
/// address only.
///
/// ```
/// use venice_image::EvmWallet;
///
/// // A public test key (never fund it).
/// let w = EvmWallet::from_hex("0xe4a17084bbb9d80cb1c60b9ffe8f18f966998b8f8de23c4c8653bb3cfcdc1f9b").unwrap();
/// assert_eq!(w.address(), "0x03f8CC401447b971Ef72e23Aa684d5F3C790A5a3");
/// assert!(!format!("{w:?}").contains("e4a17084"));
/// ```
pub struct EvmWallet {
    key: SigningKey,
    address: String,
    raw_address: [u8; 20],
}

impl fmt::Debug for EvmWallet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EvmWallet").field("address", &self.address).finish_non_exhaustive()
    }
}

/// Fills `buf` from the system's random source.
pub(crate) fn random(buf: &mut [u8]) -> Result<(), Error> {
    getrandom::fill(buf).map_err(|e| WalletError::Random(e.to_string()).into())
}

/// The EIP-55 checksummed form of a 20-byte address.
pub fn checksum_address(raw: &[u8; 20]) -> String {
    let lower = hex::encode(raw);
    let digits = &lower[2..];
    let hash = keccak(digits.as_bytes());
    let mut out = String::with_capacity(42);
    out.push_str("0x");
    for (i, c) in digits.chars().enumerate() {
        let nibble = (hash[i / 2] >> (if i % 2 == 0 { 4 } else { 0 })) & 0xf;
        out.push(if c.is_ascii_alphabetic() && nibble >= 8 { c.to_ascii_uppercase() } else { c });
    }
    out
}

impl EvmWallet {
    /// The wallet of a private key: 64 hex digits, `0x` optional,
    /// surrounding white space ignored.
    pub fn from_hex(key: &str) -> Result<Self, Error> {
        let mut bytes = hex::decode::<32>(key).ok_or(WalletError::InvalidKey)?;
        let wallet = Self::from_bytes(&bytes);
        zeroize::Zeroize::zeroize(&mut bytes);
        wallet
    }

    /// The wallet of a 32-byte private key.
    pub fn from_bytes(key: &[u8; 32]) -> Result<Self, Error> {
        let key = SigningKey::from_slice(key).map_err(|_| WalletError::InvalidKey)?;
        let point = key.verifying_key().to_sec1_point(false);
        let public = point.as_bytes();
        let hash = keccak(public.get(1..).unwrap_or_default());
        let mut raw_address = [0u8; 20];
        raw_address.copy_from_slice(&hash[12..]);
        Ok(Self { key, address: checksum_address(&raw_address), raw_address })
    }

    /// The EIP-55 address.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// The address's 20 bytes.
    pub fn address_bytes(&self) -> [u8; 20] {
        self.raw_address
    }

    /// r‖s‖v over a 32-byte prehash, v = 27 or 28.
    fn sign_prehash(&self, prehash: &[u8; 32]) -> [u8; 65] {
        let (sig, recid) = self.key.sign_prehash_recoverable(prehash);
        let mut out = [0u8; 65];
        out[..64].copy_from_slice(&sig.to_bytes());
        out[64] = 27 + (recid.to_byte() & 1);
        out
    }

    /// EIP-191 `personal_sign` of `message`: the signature, `0x` hex.
    pub fn personal_sign(&self, message: &str) -> String {
        let mut prefixed = format!("\x19Ethereum Signed Message:\n{}", message.len()).into_bytes();
        prefixed.extend_from_slice(message.as_bytes());
        hex::encode(&self.sign_prehash(&keccak(&prefixed)))
    }

    /// The sign-in message this wallet signs at `now` with `nonce`.
    pub(crate) fn sign_in_message(&self, now: SystemTime, nonce: &str) -> String {
        siwe::Message {
            domain: SIGN_IN_DOMAIN,
            account: "Ethereum",
            address: &self.address,
            statement: STATEMENT,
            uri: SIGN_IN_URI,
            chain_id: BASE_CHAIN_ID_TEXT,
            nonce,
            issued_at: now,
        }
        .text()
    }
}

impl WalletSigner for EvmWallet {
    fn address(&self) -> String {
        self.address.clone()
    }

    fn sign_in(&self, now: SystemTime) -> Result<SignIn, Error> {
        let mut n = [0u8; 8];
        random(&mut n)?;
        let nonce = hex::encode(&n)[2..].to_owned();
        let message = self.sign_in_message(now, &nonce);
        let signature = self.personal_sign(&message);
        let value = siwe::header_value(&siwe::Signed {
            address: &self.address,
            message: &message,
            signature: &signature,
            chain_id: BASE_CHAIN_ID.into(),
            kind: None,
            issued_at: now,
        });
        Ok(SignIn { header: Secret::new(value), nonce })
    }

    fn sign_digest(&self, digest: &[u8; 32]) -> Result<[u8; 65], Error> {
        Ok(self.sign_prehash(digest))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;
    use crate::wallet::eip712::TransferAuthorization;
    use crate::wallet::eip712::tests::base_usdc;

    /// The public test key of X402-FACTS.md (never fund it).
    pub(crate) const KEY: &str = "0xe4a17084bbb9d80cb1c60b9ffe8f18f966998b8f8de23c4c8653bb3cfcdc1f9b";
    pub(crate) const ADDRESS: &str = "0x03f8CC401447b971Ef72e23Aa684d5F3C790A5a3";

    #[test]
    fn the_address_of_the_facts_key() {
        let w = EvmWallet::from_hex(KEY).unwrap();
        assert_eq!(w.address(), ADDRESS);
        assert_eq!(EvmWallet::from_hex(&KEY[2..]).unwrap().address(), ADDRESS, "without 0x");
        assert!(EvmWallet::from_hex("0x1234").is_err());
        assert!(EvmWallet::from_hex(&"0".repeat(64)).is_err(), "zero is not a key");
        assert!(!format!("{w:?}").contains(&KEY[2..10]));
    }

    #[test]
    fn the_sign_in_signature_of_the_facts() {
        let w = EvmWallet::from_hex(KEY).unwrap();
        let at = UNIX_EPOCH + Duration::from_secs(1_796_126_400);
        let message = w.sign_in_message(at, "0123456789abcdef");
        assert_eq!(message, crate::wallet::siwe::tests_message());
        assert_eq!(
            w.personal_sign(&message),
            "0x25c18a09bdda78996a545468d8294e6f1bb55bd7aedec8b9803df0211ea0ab6b3e773c1db08c47fbc423de9ec9ef2ec92571fe9f4ef357bee6d4d6128cc6f76b1b"
        );
    }

    #[test]
    fn the_transfer_signature_of_the_facts() {
        let w = EvmWallet::from_hex(KEY).unwrap();
        let auth = TransferAuthorization {
            from: w.address_bytes(),
            to: [0x11; 20],
            value: 5_000_000,
            valid_after: 1_764_590_000,
            valid_before: 1_764_590_900,
            nonce: [0xab; 32],
        };
        let sig = w.sign_digest(&auth.digest(&base_usdc())).unwrap();
        assert_eq!(
            hex::encode(&sig),
            "0x50f1e16a1b6fcaa9daf926b38636d4cee4a4859e372a4276885592ba1d8d698a2bde0fac1a3c29512dd4529522138d7e9d31b65a40564f4a6f6fea8db215f2881c"
        );
    }

    #[test]
    fn every_sign_in_has_a_new_nonce() {
        let w = EvmWallet::from_hex(KEY).unwrap();
        let now = SystemTime::now();
        let (a, b) = (w.sign_in(now).unwrap(), w.sign_in(now).unwrap());
        assert_ne!(a.nonce, b.nonce);
        assert_eq!(a.nonce.len(), 16);
        assert!(!format!("{a:?}").contains("eyJ"), "the header never prints");
    }

    #[test]
    fn checksums_follow_eip55() {
        // EIP-55's own examples.
        for a in ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"]
        {
            assert_eq!(checksum_address(&hex::decode(a).unwrap()), a);
        }
    }
}
