"""The MediaWiki Action API, read-only: ``/w/api.php`` (and ``/api.php``) in MediaWiki's own shapes.

``views`` dispatches on ``action``; ``call`` reads the parameters as MediaWiki reads them; ``envelope``
writes the answer (formatversion 1 and 2, warnings, errors, CORS); ``pageset`` finds the pages a call
names (``titles``, ``pageids``, ``revids``, a generator's results). The modules: ``meta`` (siteinfo,
userinfo), ``props`` (info, categories, links, pageprops…), ``revisions``, ``extracts``, ``lists`` and
``changes`` (the lists, which are also generators, sharing ``listing``), ``query``, ``parse``, ``opensearch``.
"""
