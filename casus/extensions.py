"""Flask extensions, created unbound and initialised in ``create_app``."""

from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from casus.db import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.inloggen"
login_manager.login_message = "Log in om deze pagina te bekijken."
login_manager.login_message_category = "info"
