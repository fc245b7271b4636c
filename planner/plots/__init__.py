"""seaborn figures: a tidy DataFrame in, matplotlib Axes out (dashboard, effectiveness review)."""
