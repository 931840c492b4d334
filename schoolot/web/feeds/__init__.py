"""Calendar feeds on the web: the public feed URL and the pages that manage feeds."""
