"""Pseudonyms for exports: a keyed hash of the patient's stable id.

Design decisions:
- HMAC-SHA256 with the configured key (`screening.access.rules.app_secrets.pseudonym_key`: the
  environment or `.streamlit/secrets.toml`, never a default outside demo mode), truncated
  to 16 hex characters (64 bits: for a million patients the chance of any two sharing a
  pseudonym is about 3 in 100 million). The same patient and key give the same pseudonym
  in every export, so a recipient can follow a patient across sittings and extracts;
  another key gives unrelated pseudonyms, so two recipients cannot join their extracts.
- The input is the patient's random `pseudo_id`, not the NHS number. NHS numbers are a
  small, structured space (under a billion valid values): whoever learned the key could
  hash them all and reverse every pseudonym in minutes. A random id reveals nothing
  even then, without the database. The pseudo_id is made once per patient row and
  survives demographic updates (imports match patients by NHS number and update them).
- A purpose prefix ("patient:") is hashed with the id, so another kind of pseudonym made
  with the same key later can never collide with or reveal this one.

Pure module: no database, no environment.
"""

from __future__ import annotations

import hashlib
import hmac

PSEUDONYM_HEX_CHARS = 16
_PURPOSE = "patient:"


def pseudonym(stable_id: str, key: str) -> str:
    """The export pseudonym of the patient whose stable id is `stable_id`."""
    if not stable_id:
        raise ValueError("a pseudonym needs the patient's stable id")
    if not key:
        raise ValueError("a pseudonym needs a key")
    digest = hmac.new(key.encode("utf-8"), (_PURPOSE + stable_id).encode("utf-8"), hashlib.sha256)
    return digest.hexdigest()[:PSEUDONYM_HEX_CHARS]
