//! Web3 Secret Storage v3 keystores (what geth, Foundry's `cast wallet`
//! and eth-account write): the key encrypted with AES-128-CTR under a key
//! derived from the password by scrypt or PBKDF2-HMAC-SHA256, with
//! `mac = keccak256(dk[16..32] ‖ ciphertext)` checked before decrypting.
//!
//! The KDF's parameters come from the file, and a hostile or damaged one
//! could ask scrypt for a terabyte or PBKDF2 for hours at the start of every
//! command: they are bounded ([`SCRYPT_MAX_N`] and the rest) and refused
//! beyond, before anything is allocated. Every secret in between (the
//! derived key, the MAC's input, the AES key schedule, the key) is zeroed
//! when dropped.

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
    dklen: u64,
    n: u64,
    r: u64,
    p: u64,
    salt: String,
}

#[derive(Deserialize)]
struct Pbkdf2Params {
    c: u64,
    dklen: u64,
    prf: String,
    salt: String,
}

/// The largest scrypt `n` accepted: 2^20 (geth's "standard" keystores use
/// 2^18, eth-account's 2^18).
pub const SCRYPT_MAX_N: u64 = 1 << 20;
/// The most memory scrypt may take, as `n * r` (it takes `128 * n * r`
/// bytes): 2^23, 1 GiB; geth's standard keystore takes 256 MiB.
pub const SCRYPT_MAX_N_R: u64 = 1 << 23;
/// The most work scrypt may do, as `n * r * p`: 2^24, eight times geth's
/// standard keystore (a few seconds).
pub const SCRYPT_MAX_N_R_P: u64 = 1 << 24;
/// The largest scrypt `r` and `p` accepted (keystores use 8 and 1).
pub const SCRYPT_MAX_R_P: u64 = 16;
/// The most PBKDF2 rounds accepted (keystores use 262,144 or so).
pub const PBKDF2_MAX_C: u64 = 10_000_000;
/// The derived key's lengths accepted: its first 16 bytes are the AES key
/// and the next 16 the MAC key; a longer key's first 32 bytes are the same
/// whatever its length (scrypt and PBKDF2 derive block by block), so only
/// those are derived.
const DKLEN: std::ops::RangeInclusive<u64> = 32..=64;

fn bad(reason: impl Into<String>) -> Error {
    WalletError::Keystore(reason.into()).into()
}

/// Refuses `value` of `parameter` unless `ok`.
fn bounded(
    ok: bool,
    kdf: &'static str,
    parameter: &'static str,
    value: u64,
    allowed: &'static str,
) -> Result<(), Error> {
    match ok {
        true => Ok(()),
        false => Err(WalletError::KdfOutOfBounds { kdf, parameter, value, allowed }.into()),
    }
}

/// scrypt's parameters, checked against the bounds before any allocation.
fn scrypt_params(p: &ScryptParams) -> Result<scrypt::Params, Error> {
    let n_ok = p.n.is_power_of_two() && (2..=SCRYPT_MAX_N).contains(&p.n);
    bounded(n_ok, "scrypt", "n", p.n, "a power of two from 2 to 2^20")?;
    bounded((1..=SCRYPT_MAX_R_P).contains(&p.r), "scrypt", "r", p.r, "1 to 16")?;
    bounded((1..=SCRYPT_MAX_R_P).contains(&p.p), "scrypt", "p", p.p, "1 to 16")?;
    let n_r = p.n.saturating_mul(p.r);
    bounded(n_r <= SCRYPT_MAX_N_R, "scrypt", "n * r", n_r, "at most 2^23 (1 GiB of memory)")?;
    let work = n_r.saturating_mul(p.p);
    bounded(work <= SCRYPT_MAX_N_R_P, "scrypt", "n * r * p", work, "at most 2^24")?;
    bounded(DKLEN.contains(&p.dklen), "scrypt", "dklen", p.dklen, "32 to 64")?;
    let log_n = u8::try_from(p.n.trailing_zeros()).map_err(|_| bad("scrypt n too large"))?;
    let (r, pp) = (u32::try_from(p.r).unwrap_or(u32::MAX), u32::try_from(p.p).unwrap_or(u32::MAX));
    scrypt::Params::new(log_n, r, pp).map_err(|e| bad(format!("scrypt: {e}")))
}

/// The derived key for `crypto`, by its KDF.
fn derive(crypto: &Crypto, password: &[u8]) -> Result<Zeroizing<Vec<u8>>, Error> {
    let mut dk = Zeroizing::new(vec![0u8; 32]);
    match crypto.kdf.as_str() {
        "scrypt" => {
            let p: ScryptParams = serde_json::from_value(crypto.kdfparams.clone())
                .map_err(|e| bad(format!("kdfparams: {e}")))?;
            let params = scrypt_params(&p)?;
            let salt = hex::decode_vec(&p.salt).ok_or_else(|| bad("the salt is not hex"))?;
            scrypt::scrypt(password, &salt, &params, &mut dk).map_err(|e| bad(format!("scrypt: {e}")))?;
        }
        "pbkdf2" => {
            let p: Pbkdf2Params = serde_json::from_value(crypto.kdfparams.clone())
                .map_err(|e| bad(format!("kdfparams: {e}")))?;
            if p.prf != "hmac-sha256" {
                return Err(bad(format!("the PBKDF2 PRF {} is not supported (hmac-sha256 is)", p.prf)));
            }
            bounded((1..=PBKDF2_MAX_C).contains(&p.c), "pbkdf2", "c", p.c, "1 to 10,000,000")?;
            bounded(DKLEN.contains(&p.dklen), "pbkdf2", "dklen", p.dklen, "32 to 64")?;
            let rounds = u32::try_from(p.c).map_err(|_| bad("PBKDF2 c too large"))?;
            let salt = hex::decode_vec(&p.salt).ok_or_else(|| bad("the salt is not hex"))?;
            pbkdf2::pbkdf2_hmac::<sha256::Sha256>(password, &salt, rounds, &mut dk);
        }
        other => return Err(bad(format!("the KDF {other} is not supported (scrypt and pbkdf2 are)"))),
    }
    Ok(dk)
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
        let mut mac_input = Zeroizing::new(Vec::with_capacity(16 + ciphertext.len()));
        mac_input.extend_from_slice(&dk[16..32]);
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

    /// `keystore` with `kdfparams.key` set to `value`.
    fn with_param(keystore: &str, key: &str, value: serde_json::Value) -> String {
        let mut v: serde_json::Value = serde_json::from_str(keystore).unwrap();
        v["crypto"]["kdfparams"][key] = value;
        v.to_string()
    }

    #[test]
    fn kdf_bombs_are_refused_before_any_work() {
        let cases = [
            (with_param(SCRYPT, "n", (1u64 << 40).into()), "n", 1u64 << 40),
            (with_param(SCRYPT, "n", (1u64 << 21).into()), "n", 1 << 21),
            (with_param(SCRYPT, "n", 1000.into()), "n", 1000),
            (with_param(SCRYPT, "p", 1_000_000.into()), "p", 1_000_000),
            (with_param(SCRYPT, "r", 17.into()), "r", 17),
            (with_param(SCRYPT, "p", 0.into()), "p", 0),
            (with_param(SCRYPT, "dklen", 65.into()), "dklen", 65),
            (with_param(SCRYPT, "dklen", 16.into()), "dklen", 16),
            (with_param(PBKDF2, "c", u32::MAX.into()), "c", u64::from(u32::MAX)),
            (with_param(PBKDF2, "c", (1u64 << 40).into()), "c", 1 << 40),
            (with_param(PBKDF2, "c", 10_000_001.into()), "c", 10_000_001),
            (with_param(PBKDF2, "dklen", 8.into()), "dklen", 8),
        ];
        for (json, param, val) in cases {
            let e = EvmWallet::from_keystore(&json, b"correct horse").unwrap_err();
            match &e {
                Error::Wallet(WalletError::KdfOutOfBounds { parameter, value, .. }) => {
                    assert_eq!((*parameter, *value), (param, val), "{e}");
                }
                other => panic!("{param} = {val}: {other:?}"),
            }
            assert_eq!(e.kind(), crate::ErrorKind::Auth);
            assert!(e.to_string().contains(&format!("{param} = {val}")), "{e}");
        }
    }

    #[test]
    fn the_bounds_take_what_wallets_write() {
        // geth's standard scrypt (n = 2^18) is inside; 2^20 is the edge.
        let p = |n: u64, r: u64, p: u64| ScryptParams { dklen: 32, n, r, p, salt: String::new() };
        assert!(scrypt_params(&p(1 << 18, 8, 1)).is_ok());
        assert!(scrypt_params(&p(SCRYPT_MAX_N, 8, 1)).is_ok());
        assert!(scrypt_params(&p(SCRYPT_MAX_N * 2, 8, 1)).is_err());
        // Each within its own bound, too much together: memory, then work.
        assert!(scrypt_params(&p(SCRYPT_MAX_N, 16, 1)).is_err());
        assert!(scrypt_params(&p(1 << 18, 8, 16)).is_err());
        assert!(scrypt_params(&p(1 << 18, 8, 8)).is_ok());
    }

    #[test]
    fn the_aes_key_schedule_is_zeroed_on_drop() {
        fn zeroed_on_drop<T: zeroize::ZeroizeOnDrop>() {}
        zeroed_on_drop::<aes::Aes128>();
        zeroed_on_drop::<Aes128Ctr>();
    }

    #[test]
    fn a_wrong_password_is_typed() {
        let e = EvmWallet::from_keystore(SCRYPT, b"wrong").unwrap_err();
        assert!(matches!(e, Error::Wallet(WalletError::WrongPassword)), "{e:?}");
        let e = EvmWallet::from_keystore("{}", b"x").unwrap_err();
        assert!(matches!(e, Error::Wallet(WalletError::Keystore(_))), "{e:?}");
    }
}
