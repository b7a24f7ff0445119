"""The reference hospital's demo world: population, rota and demo days, records, catalogues,
demo routes and pages. Mounted and seeded only when the gateway runs with ``--demo``."""
