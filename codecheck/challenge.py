"""Proof-of-work challenges (ALTCHA, with the ``altcha`` package's v1 protocol): the price of a
check while guessing from many addresses is going on (see ``codecheck.limits``).

A challenge is ``{algorithm: "SHA-256", challenge, maxNumber, salt, signature}``: find the
number n <= maxNumber with SHA-256(salt + n) == challenge (about maxNumber / 2 hashes on
average), and send ``{"code": ..., "altcha": base64(JSON {algorithm, challenge, number, salt,
signature})}``. The server keeps no state for a challenge it hands out: the signature (HMAC
with a key derived from the registry's key file, so that every process shares it) proves it
made the challenge, the salt carries its expiry. A solution is accepted once: its signature is
counted as used in the limits' store (shared by every process) for twice the challenge's life.
"""

from __future__ import annotations

import datetime
from typing import Any

from altcha import create_challenge_v1, verify_solution_v1

ALGORITHM = "SHA-256"
MAX_PAYLOAD = 600  # characters of base64: a real solution is about 300


class Challenges:
    def __init__(self, key: bytes, max_number: int, seconds: int) -> None:
        self._key = key
        self.max_number = max_number
        self.seconds = seconds

    def new(self) -> dict[str, Any]:
        expires = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=self.seconds)
        challenge = create_challenge_v1(algorithm=ALGORITHM, max_number=self.max_number, hmac_key=self._key,
                                        expires=expires)
        return challenge.to_dict()

    def verify(self, payload: object) -> str | None:
        """The challenge's signature when ``payload`` solves a challenge of ours that has not
        expired; None otherwise (whether it was used before is for the caller to ask)."""
        if not isinstance(payload, str) or not 0 < len(payload) <= MAX_PAYLOAD or not payload.isascii():
            return None
        try:
            ok, _ = verify_solution_v1(payload, self._key, check_expires=True)
            if not ok:
                return None
            import base64
            import json

            data = json.loads(base64.b64decode(payload))
            if data.get("algorithm") != ALGORITHM or not isinstance(data.get("number"), int):
                return None
            if not 0 <= data["number"] <= self.max_number:
                return None
            return str(data["signature"])
        except Exception:  # noqa: BLE001 - anything malformed is simply not a solution
            return None
