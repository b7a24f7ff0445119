"""Staff maintenance at the machine and the fleet monitoring hooks of the patient kiosk."""
