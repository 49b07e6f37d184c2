"""Formats other tools read: vCard, CSV, ICS."""
