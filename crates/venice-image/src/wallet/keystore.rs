//! Web3 Secret Storage v3 keystores (what geth, Foundry's `cast wallet`
//! and eth-account write): the key encrypted with AES-128-CTR under a key
//! derived from the password by scrypt or PBKDF2-HMAC-SHA256, with
//! `mac = keccak256(dk[16..32] ‖ ciphertext)` checked before decrypting.

use aes::cipher::{KeyIvInit, StreamCipher};
use serde::Deserialize;
use zeroize::Zeroizing;

use super::eip712::keccak;
use super::evm::EvmWallet;
use super::hex;
use crate::error::Error;
use crate::error::wallet::WalletError;

type Aes128Ctr = ctr::Ctr128BE<aes::Aes128>;

#[derive(Deserialize)]
struct File {
    version: u32,
    #[serde(alias = "Crypto")]
    crypto: Crypto,
}

#[derive(Deserialize)]
struct Crypto {
    cipher: String,
    cipherparams: CipherParams,
    ciphertext: String,
    kdf: String,
    kdfparams: serde_json::Value,
    mac: String,
}

#[derive(Deserialize)]
struct CipherParams {
    iv: String,
}

#[derive(Deserialize)]
struct ScryptParams {
    dklen: usize,
    n: u64,
    r: u32,
    p: u32,
    salt: String,
}

#[derive(Deserialize)]
struct Pbkdf2Params {
    c: u32,
    dklen: usize,
    prf: String,
    salt: String,
}

fn bad(reason: impl Into<String>) -> Error {
    WalletError::Keystore(reason.into()).into()
}

/// The derived key for `crypto`, by its KDF.
fn derive(crypto: &Crypto, password: &[u8]) -> Result<Zeroizing<Vec<u8>>, Error> {
    match crypto.kdf.as_str() {
        "scrypt" => {
            let p: ScryptParams = serde_json::from_value(crypto.kdfparams.clone())
                .map_err(|e| bad(format!("kdfparams: {e}")))?;
            if !p.n.is_power_of_two() || p.n < 2 || !(32..=64).contains(&p.dklen) {
                return Err(bad("scrypt parameters out of range"));
            }
            let log_n = u8::try_from(p.n.trailing_zeros()).map_err(|_| bad("scrypt n too large"))?;
            let params = scrypt::Params::new(log_n, p.r, p.p).map_err(|e| bad(format!("scrypt: {e}")))?;
            let salt = hex::decode_vec(&p.salt).ok_or_else(|| bad("the salt is not hex"))?;
            let mut dk = Zeroizing::new(vec![0u8; p.dklen]);
            scrypt::scrypt(password, &salt, &params, &mut dk).map_err(|e| bad(format!("scrypt: {e}")))?;
            Ok(dk)
        }
        "pbkdf2" => {
            let p: Pbkdf2Params = serde_json::from_value(crypto.kdfparams.clone())
                .map_err(|e| bad(format!("kdfparams: {e}")))?;
            if p.prf != "hmac-sha256" {
                return Err(bad(format!("the PBKDF2 PRF {} is not supported (hmac-sha256 is)", p.prf)));
            }
            if !(32..=64).contains(&p.dklen) || p.c == 0 {
                return Err(bad("PBKDF2 parameters out of range"));
            }
            let salt = hex::decode_vec(&p.salt).ok_or_else(|| bad("the salt is not hex"))?;
            let mut dk = Zeroizing::new(vec![0u8; p.dklen]);
            pbkdf2::pbkdf2_hmac::<sha256::Sha256>(password, &salt, p.c, &mut dk);
            Ok(dk)
        }
        other => Err(bad(format!("the KDF {other} is not supported (scrypt and pbkdf2 are)"))),
    }
}

impl EvmWallet {
    /// The wallet in a Web3 Secret Storage v3 keystore (JSON text),
    /// decrypted with `password`.
    pub fn from_keystore(json: &str, password: &[u8]) -> Result<Self, Error> {
        let file: File = serde_json::from_str(json).map_err(|e| bad(format!("not a v3 keystore: {e}")))?;
        if file.version != 3 {
            return Err(bad(format!("version {} (only 3 is supported)", file.version)));
        }
        let c = &file.crypto;
        if c.cipher != "aes-128-ctr" {
            return Err(bad(format!("the cipher {} is not supported (aes-128-ctr is)", c.cipher)));
        }
        let ciphertext = hex::decode_vec(&c.ciphertext).ok_or_else(|| bad("the ciphertext is not hex"))?;
        let iv = hex::decode::<16>(&c.cipherparams.iv).ok_or_else(|| bad("the iv is not 16 bytes of hex"))?;
        let mac = hex::decode::<32>(&c.mac).ok_or_else(|| bad("the mac is not 32 bytes of hex"))?;
        if ciphertext.len() != 32 {
            return Err(bad("the ciphertext is not a 32-byte key"));
        }
        let dk = derive(c, password)?;
        let mut mac_input = dk[16..32].to_vec();
        mac_input.extend_from_slice(&ciphertext);
        if keccak(&mac_input) != mac {
            return Err(WalletError::WrongPassword.into());
        }
        let mut key = Zeroizing::new([0u8; 32]);
        key.copy_from_slice(&ciphertext);
        let mut cipher = Aes128Ctr::new_from_slices(&dk[..16], &iv).map_err(|_| bad("the AES key"))?;
        cipher.apply_keystream(&mut key[..]);
        Self::from_bytes(&key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wallet::evm::tests::ADDRESS;

    /// Written by eth-account (`Account.encrypt(key, "correct horse", kdf="scrypt", iterations=1024)`)
    /// for the public test key.
    pub(crate) const SCRYPT: &str = include_str!("testdata/keystore-scrypt.json");
    /// The same with PBKDF2 (`kdf="pbkdf2", iterations=1000`).
    pub(crate) const PBKDF2: &str = include_str!("testdata/keystore-pbkdf2.json");

    #[test]
    fn keystores_written_by_eth_account_open() {
        for k in [SCRYPT, PBKDF2] {
            let w = EvmWallet::from_keystore(k, b"correct horse").unwrap();
            assert_eq!(w.address(), ADDRESS);
        }
    }

    #[test]
    fn a_wrong_password_is_typed() {
        let e = EvmWallet::from_keystore(SCRYPT, b"wrong").unwrap_err();
        assert!(matches!(e, Error::Wallet(WalletError::WrongPassword)), "{e:?}");
        let e = EvmWallet::from_keystore("{}", b"x").unwrap_err();
        assert!(matches!(e, Error::Wallet(WalletError::Keystore(_))), "{e:?}");
    }
}
