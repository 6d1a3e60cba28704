#!/usr/bin/env python3
"""Report a completed sale to Ristourne, signed as Standard Webhooks 1.0 requires. Python 3 standard library only.

Usage:
  sign-and-send.py BASE_URL VENDOR_ID SECRET CUSTOMER_REF SALE_ID AMOUNT MARGIN [CURRENCY]

  BASE_URL      e.g. http://localhost:8080
  SECRET        the whsec_... secret the operator gave you
  AMOUNT/MARGIN integers in the currency's minor units (12999 = 129.99 EUR)

Prints the HTTP status and the response body. Retrying with the same webhook-id and body is always safe.
"""
import base64
import hashlib
import hmac
import json
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timezone


def sign(secret: str, webhook_id: str, timestamp: int, body: str) -> str:
    """v1,<base64 HMAC-SHA256 over "id.timestamp.body">, keyed by the base64 part of the secret after whsec_."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{webhook_id}.{timestamp}.{body}".encode("utf-8")
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode("ascii")


def main(argv):
    if len(argv) not in (8, 9):
        sys.exit(__doc__)
    base_url, vendor_id, secret, customer_ref, sale_id, amount, margin = argv[1:8]
    currency = argv[8] if len(argv) == 9 else "EUR"
    now = datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
    body = json.dumps({
        "type": "sale.completed",
        "timestamp": now,
        "data": {
            "saleId": sale_id,
            "customerRef": customer_ref,
            "currency": currency,
            "amount": int(amount),
            "margin": int(margin),
            "completedAt": now,
            "lines": [{"description": "Order " + sale_id, "quantity": 1, "amount": int(amount)}],
        },
    }, separators=(",", ":"))
    webhook_id = "msg_" + uuid.uuid4().hex
    timestamp = int(time.time())
    request = urllib.request.Request(
        f"{base_url}/webhooks/vendors/{vendor_id}",
        data=body.encode("utf-8"),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "webhook-id": webhook_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(secret, webhook_id, timestamp, body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            print(response.status, response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        print(error.code, error.read().decode("utf-8"))
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv)
