"""The coordinator's app: studies, a new study, participants' progress and results."""
