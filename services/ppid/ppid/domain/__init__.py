"""Pure PPID rules: no Flask, no database session."""
