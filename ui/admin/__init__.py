"""Administrator screens: escalation set-up and the import view."""
