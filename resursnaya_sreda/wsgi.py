from django.core.wsgi import get_wsgi_application

from resursnaya_sreda.env import setup_settings_module

setup_settings_module()
application = get_wsgi_application()
