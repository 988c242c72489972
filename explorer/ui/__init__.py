"""The user interface: the main window, its panels, dialogs, actions and the Session they share."""
