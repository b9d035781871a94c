"""Zhusan: case management and decision support for returnee prosecution, rehabilitation and reintegration."""

__version__ = "0.1.0"
