"""The pharmacy counter's Qt-free core: traceability codes, box verification, the staff
session, and the use cases (sign in, call, look up, check, dispense once)."""
