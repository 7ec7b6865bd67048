"""Strings of the lab views."""

EN: dict[str, str] = {}

ZH: dict[str, str] = {}
