//! EIP-712 typed data for USDC's EIP-3009 `TransferWithAuthorization`: the
//! type hashes, the token's domain separator, the struct hash and the
//! digest that a top-up payment signs.

use sha3::{Digest, Keccak256};

/// `keccak256(bytes)`.
pub(crate) fn keccak(bytes: &[u8]) -> [u8; 32] {
    Keccak256::digest(bytes).into()
}

const DOMAIN_TYPE: &str =
    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";
const TRANSFER_TYPE: &str = "TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)";

/// The token's EIP-712 domain (from the offer's `extra`, the chain, and
/// the asset as the verifying contract).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenDomain {
    /// `name` ("USD Coin").
    pub name: String,
    /// `version` ("2").
    pub version: String,
    /// The chain id (8453 for Base).
    pub chain_id: u64,
    /// The token contract.
    pub verifying_contract: [u8; 20],
}

/// An EIP-3009 transfer authorization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferAuthorization {
    /// The payer.
    pub from: [u8; 20],
    /// The receiver (`payTo`).
    pub to: [u8; 20],
    /// Base units (6 decimals for USDC).
    pub value: u128,
    /// Unix seconds after which it is valid.
    pub valid_after: u64,
    /// Unix seconds before which it is valid.
    pub valid_before: u64,
    /// 32 random bytes, never reused.
    pub nonce: [u8; 32],
}

fn word_u128(v: u128) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[16..].copy_from_slice(&v.to_be_bytes());
    w
}

fn word_address(a: &[u8; 20]) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[12..].copy_from_slice(a);
    w
}

impl TokenDomain {
    /// The domain separator.
    pub fn separator(&self) -> [u8; 32] {
        let mut h = Keccak256::new();
        h.update(keccak(DOMAIN_TYPE.as_bytes()));
        h.update(keccak(self.name.as_bytes()));
        h.update(keccak(self.version.as_bytes()));
        h.update(word_u128(u128::from(self.chain_id)));
        h.update(word_address(&self.verifying_contract));
        h.finalize().into()
    }
}

impl TransferAuthorization {
    /// The struct hash.
    pub fn struct_hash(&self) -> [u8; 32] {
        let mut h = Keccak256::new();
        h.update(keccak(TRANSFER_TYPE.as_bytes()));
        h.update(word_address(&self.from));
        h.update(word_address(&self.to));
        h.update(word_u128(self.value));
        h.update(word_u128(u128::from(self.valid_after)));
        h.update(word_u128(u128::from(self.valid_before)));
        h.update(self.nonce);
        h.finalize().into()
    }

    /// The digest signed: `keccak256(0x19 0x01 ‖ domain separator ‖ struct hash)`.
    pub fn digest(&self, domain: &TokenDomain) -> [u8; 32] {
        let mut h = Keccak256::new();
        h.update([0x19, 0x01]);
        h.update(domain.separator());
        h.update(self.struct_hash());
        h.finalize().into()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::wallet::hex;

    pub(crate) fn base_usdc() -> TokenDomain {
        TokenDomain {
            name: "USD Coin".into(),
            version: "2".into(),
            chain_id: 8453,
            verifying_contract: hex::decode("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913").unwrap(),
        }
    }

    #[test]
    fn type_hashes_and_the_base_usdc_separator_match_the_facts() {
        assert_eq!(
            hex::encode(&keccak(TRANSFER_TYPE.as_bytes())),
            "0x7c7c6cdb67a18743f49ec6fa9b35f50d52ed05cbed4cc592e13b44501c1a2267"
        );
        assert_eq!(
            hex::encode(&keccak(DOMAIN_TYPE.as_bytes())),
            "0x8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f"
        );
        assert_eq!(
            hex::encode(&base_usdc().separator()),
            "0x02fa7265e7c5d81118673727957699e4d68f74cd74b7db77da710fe8a2c7834f"
        );
    }
}
