"""What programs written for Wikipedia talk to: the MediaWiki Action API (``/w/api.php``) and the REST page summary."""
