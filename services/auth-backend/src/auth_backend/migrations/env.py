from auth_backend.models import Base
from campus_common.migrations import run_env

run_env(Base.metadata)
