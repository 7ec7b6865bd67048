"""Strings of the diagrams views."""

EN: dict[str, str] = {}

ZH: dict[str, str] = {}
