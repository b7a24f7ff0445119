"""The Kiosk Gateway API, one thin router per resource: parse, authorise, call a store or a
platform, answer. This is the contract a hospital implements in front of its HIS."""
