import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siberia.settings")

application = get_wsgi_application()

# Stored article pages answered before Django's request cycle (articles.wsgi); after the set-up above.
from articles.wsgi import StoredPages  # noqa: E402

application = StoredPages(application)
