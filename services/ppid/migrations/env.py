from chassis.migrations import run_env
from ppid.models import Base

run_env(Base.metadata)
