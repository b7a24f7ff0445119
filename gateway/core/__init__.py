"""What every route stands on: settings, the database and its schema, device auth, the error
envelope, idempotency, visit tokens and the hospital's clock. Never imports ``gateway.demo``."""
