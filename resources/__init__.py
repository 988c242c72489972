"""Package data: icons, the desktop-entry template and style sheets (installed as explorer.assets)."""
