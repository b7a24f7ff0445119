"""Documents the gateway serves itself (the e-bill's A4 PDF). The gateway stands alone, so
it renders with reportlab directly rather than through the kiosk's ``printing`` package."""
