"""The pharmacy counter workstation: the same program in its staff role (``kiosk.role =
"pharmacy-counter"``), built by :func:`ui.pharmacy.wiring.build_counter_window`."""
