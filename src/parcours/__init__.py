"""Parcours: an open platform for networks of free creative-technology schools for teenagers."""

__version__ = "0.1.0"
