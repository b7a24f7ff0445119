"""``testbed.gateway_entry`` with the insurer link made faulty (``testbed.insurer_faults``),
seeded by ``TEST_INSURER_FAULT_SEED``: the gateway process as a test starts it, between a
fault proxy on the kiosk's side and a lossy network on the insurer's."""

from __future__ import annotations

import os
import sys

SEED_ENV = "TEST_INSURER_FAULT_SEED"


def main() -> int:
    from gateway.insurance import factory
    from testbed import gateway_entry
    from testbed.insurer_faults import FaultyInsurer

    build, seed = factory.build, int(os.environ[SEED_ENV])

    def faulty(settings, db, clock):
        return FaultyInsurer(build(settings, db, clock), seed=seed)

    import gateway.app

    gateway.app.insurer_factory.build = faulty
    return gateway_entry.main()


if __name__ == "__main__":
    sys.exit(main())
