"""End-of-day sync: export the rep's changes, import files, and the office merge. No UI here."""
