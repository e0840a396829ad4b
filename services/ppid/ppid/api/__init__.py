"""The PPID JSON API (flask-smorest blueprints)."""
