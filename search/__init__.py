"""Chinese full-text search: the query, a backend for each database, snippets, and the search pages."""
