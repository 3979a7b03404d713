"""StackExchange: Posts.xml (or <site>.7z) -> one document per question thread (docs/RECIPE.md section 8)."""
