"""Books (docs/RECIPE.md section 6): Project Gutenberg plain text and Books3-style JSON lines -> Gutenberg boilerplate
stripped -> identical copies collapsed -> book-level MinHash near-dedup (pipeline/minhash.py)."""
