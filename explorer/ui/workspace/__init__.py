"""The user's workspace in the window: opening it at start, File menu commands, automatic backups."""
