from campus_common.migrations import run_env
from feedback_service.models import Base

run_env(Base.metadata)
