"""Printing: documents rendered from models with reportlab, delivered through a durable queue
to CUPS, ESC/POS receipt printers, Qt print support or a folder.

Qt-free: :mod:`printing.qt_printer` imports PySide6 lazily and is never imported here.
"""
