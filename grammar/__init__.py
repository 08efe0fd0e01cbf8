"""The .gol grammar, shipped inside the package as ``modelcheck.grammar``."""
