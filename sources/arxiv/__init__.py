"""arXiv LaTeX sources -> one Document per paper (docs/RECIPE.md section 7).

archive.py (safe reading) -> inputs.py (main file, \\input/\\include) -> comments.py -> clean.py (cut) with
macros.py (macro expansion); transform.py wires them into Beam stages.
"""
