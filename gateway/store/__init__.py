"""SQL and the invariants behind it; each store owns its tables (see ``gateway.store.schema``)."""
