"""Sharing annotations with colleagues: File > Share, Edit > Preferences (author, team folder)."""
