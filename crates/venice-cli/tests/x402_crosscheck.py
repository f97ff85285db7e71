#!/usr/bin/env python3
"""Cross-checks venice's x402 signatures with eth-account, an Ethereum
implementation no one in this project wrote.

  serve ADDRESS   A stand-in for the service on 127.0.0.1: prints its port,
                  then answers `POST /api/v1/x402/top-up` (the offer without a
                  payment; 200 with one) and `GET /api/v1/x402/balance/..`,
                  verifying every SIGN-IN-WITH-X and every PAYMENT-SIGNATURE
                  with eth-account (the signer must be ADDRESS). On
                  `POST /shutdown` it prints one JSON line of verdicts and exits.
  sign KEY        Prints a JSON object: a SIGN-IN-WITH-X header signed now by
                  eth-account with KEY, and a forged one (the message altered
                  after signing).
"""

import base64
import datetime
import json
import secrets
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

from eth_account import Account
from eth_account.messages import encode_defunct, encode_typed_data

USDC = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"
PAY_TO = "0x7e57000000000000000000000000000000000001"


def b64json(text):
    return json.loads(base64.b64decode(text))


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def sign_in(key, nonce):
    acct = Account.from_key(key)
    now = datetime.datetime.now(datetime.timezone.utc)
    message = "\n".join([
        "api.venice.ai wants you to sign in with your Ethereum account:",
        acct.address,
        "",
        "Sign in to Venice AI",
        "",
        "URI: https://api.venice.ai",
        "Version: 1",
        "Chain ID: 8453",
        f"Nonce: {nonce}",
        f"Issued At: {iso(now)}",
        f"Expiration Time: {iso(now + datetime.timedelta(minutes=4))}",
    ])
    sig = Account.sign_message(encode_defunct(text=message), private_key=key).signature.hex()
    sig = sig if sig.startswith("0x") else "0x" + sig
    return acct.address, message, sig


def header(address, message, sig):
    payload = {"address": address, "message": message, "signature": sig, "chainId": 8453}
    return base64.b64encode(json.dumps(payload).encode()).decode()


class Verdicts:
    sign_ins = []
    payments = []


def check_sign_in(value, expected):
    p = b64json(value)
    signer = Account.recover_message(encode_defunct(text=p["message"]), signature=p["signature"])
    field = lambda name: [l for l in p["message"].split("\n") if l.startswith(name)][0][len(name):]
    nonce = field("Nonce: ")
    issued = datetime.datetime.strptime(field("Issued At: "), "%Y-%m-%dT%H:%M:%S.%fZ")
    issued_ms = int(issued.replace(tzinfo=datetime.timezone.utc).timestamp() * 1000 + 0.5)
    # timestamp: Unix ms equal to Issued At (Venice's spec lists it; its client sends it).
    ok = signer == expected == p["address"] and p["chainId"] == 8453 and p.get("timestamp") == issued_ms
    Verdicts.sign_ins.append({"ok": ok, "signer": signer, "nonce": nonce})


def offer():
    return {"scheme": "exact", "network": "eip155:8453", "amount": "5000000", "asset": USDC, "payTo": PAY_TO,
            "maxTimeoutSeconds": 300, "extra": {"name": "USD Coin", "version": "2"}}


def check_payment(value, expected):
    p = b64json(value)
    a = p["payload"]["authorization"]
    typed = {
        "types": {
            "EIP712Domain": [{"name": "name", "type": "string"}, {"name": "version", "type": "string"},
                             {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"}],
            "TransferWithAuthorization": [
                {"name": "from", "type": "address"}, {"name": "to", "type": "address"},
                {"name": "value", "type": "uint256"}, {"name": "validAfter", "type": "uint256"},
                {"name": "validBefore", "type": "uint256"}, {"name": "nonce", "type": "bytes32"}],
        },
        "primaryType": "TransferWithAuthorization",
        "domain": {"name": "USD Coin", "version": "2", "chainId": 8453, "verifyingContract": USDC},
        "message": {"from": a["from"], "to": a["to"], "value": int(a["value"]), "validAfter": int(a["validAfter"]),
                    "validBefore": int(a["validBefore"]), "nonce": bytes.fromhex(a["nonce"][2:])},
    }
    signer = Account.recover_message(encode_typed_data(full_message=typed), signature=p["payload"]["signature"])
    ok = signer == expected and a["to"] == PAY_TO and p["accepted"]["amount"] == a["value"]
    Verdicts.payments.append({"ok": ok, "signer": signer, "value": a["value"]})
    return int(a["value"]) / 1e6


def serve(expected):
    balance = {"usd": 0.0}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def answer(self, status, body, headers=()):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def sign_in(self):
            value = self.headers.get("sign-in-with-x")
            if value:
                check_sign_in(value, expected)

        def do_GET(self):
            self.sign_in()
            self.answer(200, {"success": True, "data": {"walletAddress": expected, "balanceUsd": balance["usd"]}})

        def do_POST(self):
            length = int(self.headers.get("content-length") or 0)
            self.rfile.read(length)
            if self.path == "/shutdown":
                self.answer(200, {})
                print(json.dumps({"sign_ins": Verdicts.sign_ins, "payments": Verdicts.payments}), flush=True)
                raise SystemExit(0)
            self.sign_in()
            payment = self.headers.get("payment-signature")
            if not payment:
                self.answer(402, {"x402Version": 2, "error": "Payment required", "accepts": [offer()]})
                return
            usd = check_payment(payment, expected)
            balance["usd"] += usd
            self.answer(200, {"success": True, "data": {"walletAddress": expected, "amountCredited": usd,
                                                         "newBalance": balance["usd"], "paymentId": "pay_x"}})

    server = HTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except SystemExit:
        pass


def main():
    mode, arg = sys.argv[1], sys.argv[2]
    if mode == "serve":
        serve(arg)
    else:
        address, message, sig = sign_in(arg, secrets.token_hex(8))
        forged = message.replace("Sign in to Venice AI", "Sign in to Venice AI!")
        print(json.dumps({"address": address, "header": header(address, message, sig),
                          "forged": header(address, forged, sig)}))


if __name__ == "__main__":
    main()
