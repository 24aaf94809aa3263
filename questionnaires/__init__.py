"""Survey instruments: YAML files, their strict loader, and the frozen values they become.

Pure Python (stdlib and PyYAML): nothing here knows Flask, the database or the
other packages of the project.
"""
from questionnaires.builtin import BUILTIN_DIR, builtin_path, builtin_paths, load_builtin
from questionnaires.document import parse_yaml, read_document
from questionnaires.errors import QuestionnaireError
from questionnaires.loader import load_questionnaire, parse_questionnaire
from questionnaires.model import Dimension, Item, OpenQuestion, Questionnaire, Scale

__all__ = [
    "BUILTIN_DIR",
    "Dimension",
    "Item",
    "OpenQuestion",
    "Questionnaire",
    "QuestionnaireError",
    "Scale",
    "builtin_path",
    "builtin_paths",
    "load_builtin",
    "load_questionnaire",
    "parse_questionnaire",
    "parse_yaml",
    "read_document",
]
