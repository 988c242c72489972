"""Package data: the corpus database and its YAML sources (installed as explorer.data)."""
