"""The wikitext core: pandoc's Markdown of zh.wikipedia pages, read, rendered and converted.

Pure Python: nothing here imports Django or an app of this project (a test fails if it does),
so every module is tested without a database and the import's worker processes run it alone.
Frozen dataclasses go in and come out.
"""
