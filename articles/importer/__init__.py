"""The import: page files in, revisions and derived rows out.

``files`` finds, reads and prepares files (pure: the worker processes run it), ``pipeline``
runs a whole import (the worker pool, the windows of stored digests, one outcome per file)
and ``writer`` writes prepared pages in batches, each page all or nothing. Nothing is imported
here, so that a worker loading ``files`` loads no Django.
"""
