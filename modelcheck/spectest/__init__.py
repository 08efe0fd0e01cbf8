"""Specs: `// expect:` lines in .gol files, and `mc test` that checks them."""
