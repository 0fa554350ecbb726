"""TinhGon: the information system for Hà Tĩnh's Plan 56/KH-UBND."""
