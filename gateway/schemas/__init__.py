"""Request and response bodies per resource; the OpenAPI document is generated from them."""
