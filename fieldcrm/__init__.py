"""fieldcrm: a keyboard-driven terminal CRM for field reps who keep existing customers."""

__version__ = "0.1.0"
