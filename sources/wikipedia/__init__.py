"""Wikipedia: MediaWiki XML dumps -> cleaned article text (docs/RECIPE.md section 5)."""
