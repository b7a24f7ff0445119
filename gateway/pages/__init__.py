"""Pages the gateway serves to people in production (not the demo's): the staff help page."""
