"""Public participation: consultations (征求意见), inquiries (政务咨询) and the knowledge base (一号答);
each part's models live in its own module and are imported here so Django finds them."""

from gongkai.participation.models.consultations import *  # noqa: F403
from gongkai.participation.models.inquiries import *  # noqa: F403
from gongkai.participation.models.knowledge import *  # noqa: F403
