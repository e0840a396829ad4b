from chassis.migrations import run_env
from newsroom.models import Base

run_env(Base.metadata)
