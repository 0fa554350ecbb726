"""Deterministic demo data for Hà Tĩnh (see :mod:`tinhgon.restructuring.demo.hatinh`)."""
