"""Outside systems a hospital connects instead of these emulations: the health-card platform
and the triage rules. Never imports ``gateway.api``."""
