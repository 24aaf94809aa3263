"""``python -m assessment.cli`` is the ``alignment`` command."""
from assessment.cli import main

main()
