"""A demo registry: one code per answer, dated relative to today (``python -m codecheck demo``).

These codes are public (they are in the README): never put them in a real registry. ``demo``
refuses to write into a registry that holds other codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from codecheck.registry import Registry
from codecheck.store import StoredCode, StoredStatus


@dataclass(frozen=True)
class DemoCode:
    code: str
    answer: str
    stored: StoredStatus
    age: int
    """Days between its issue and today, added to the validity days when ``past_validity``."""
    past_validity: bool = False

    def issued_days_ago(self, validity_days: int) -> int:
        return self.age + (validity_days if self.past_validity else 0)


DEMO_CODES = (
    DemoCode("DEMOVALID001", "valid", StoredStatus.ISSUED, age=10),
    DemoCode("DEMOLASTDAY1", "valid", StoredStatus.ISSUED, age=0, past_validity=True),  # 0 days left
    DemoCode("DEMOEXPIRED1", "expired", StoredStatus.ISSUED, age=1, past_validity=True),  # expired yesterday
    DemoCode("DEMOUSED0001", "used", StoredStatus.USED, age=30),
    DemoCode("DEMOREVOKED1", "revoked", StoredStatus.REVOKED, age=20),
)
DEMO_UNKNOWN = "DEMOUNKNOWN1"
"""Well-formed and never registered: the checker calls it unknown."""


class NotADemoRegistry(Exception):
    pass


def install_demo(registry: Registry, *, force: bool = False) -> None:
    """Writes the demo codes (again, with today's dates), in one transaction."""
    today = registry.today()
    validity = registry.rules.validity_days
    with registry.store.transaction() as writer:
        demo_digests = [registry.hasher.digest(demo.code) for demo in DEMO_CODES]
        present = sum(writer.get(digest) is not None for digest in demo_digests)
        others = registry.store.counts(issued_since=today).total - present
        if others and not force:
            raise NotADemoRegistry(f"the registry holds {others} codes that are not demo codes")
        for demo, digest in zip(DEMO_CODES, demo_digests, strict=True):
            issued_on = today - timedelta(days=demo.issued_days_ago(validity))
            writer.put(digest, StoredCode(issued_on, demo.stored))
