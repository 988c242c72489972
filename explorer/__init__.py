"""Neutrality Explorer: the events of Belarusian foreign and security policy on a timeline."""

__version__ = "0.1.0"
